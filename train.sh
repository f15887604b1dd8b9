#!/usr/bin/env bash
# Trains a fast style transfer network for a new style, from the shell, in 10 minutes on a 2-core
# CPU: it starts from the network of the built-in styles (weights/styles.h5, trained for hours on
# twelve paintings) rather than from random weights: its convolutions already know how to paint,
# so the new style's network only has to learn what is new. The new style takes the scales and
# shifts of the built-in style nearest to it, and everything trains (`--train all`: measured
# against training only the scales and shifts, `--train norm`, it reaches a lower loss sooner;
# see docs/quality.md). The recipe: 128² crops of datasets/content, the demo photographs in this
# repository, with the style's Gram matrices at 256 px so that its strokes keep their size against
# the crops, two crops per step at 2e-3, and a final phase on 256² crops while the rate falls to 0
# (the last 8% of the steps the time fits).
#
#   ./train.sh --style my_painting.jpg                 # 10 minutes → runs/my_painting.h5
#   ./train.sh --style my_painting.jpg --time 28m      # longer pays a little more
#   ./train.sh --scratch --style my_painting.jpg       # from random weights (28 minutes, the light network)
#   ./train.sh                                         # Starry Night, as a network of its own
#   ./train.sh --dataset datasets/coco2014_256.h5 --iterations 40000   # a real training set
#
# It installs what is missing first (Debian packages, a release build, the VGG weights). Every
# option of `faststyle train` passes through and overrides the defaults below
# (`.build/release/faststyle train --help` lists them); --iterations, --epochs or --resume
# replace the time budget, and with --resume the checkpoint's own settings replace the defaults.
# A second run onto an existing checkpoint stops and says how to continue it (--resume) or start
# over (--overwrite).
set -euo pipefail
cd "$(dirname "$0")"

bash scripts/bootstrap.sh
if [ ! -x .build/release/faststyle ] || [ -n "$(find Sources Package.swift -newer .build/release/faststyle -print -quit)" ]; then
    echo "train.sh: building faststyle (release)..." >&2
    swift build -c release --product faststyle >&2
fi
vgg=${FASTSTYLE_VGG:-weights/vgg16.h5}
if [ ! -f "$vgg" ]; then
    bash weights/fetch.sh
fi

# The style and the checkpoint (runs/<the style's file name>.h5, or the resumed one, unless given).
style=datasets/styles/starry_night.jpg checkpoint="" resume="" scratch=false arguments=()
while [ $# -gt 0 ]; do
    case "$1" in
        --scratch) scratch=true; shift ;;
        --style) style=$2; shift 2 ;;
        --style=*) style=${1#--style=}; shift ;;
        --checkpoint) checkpoint=$2; shift 2 ;;
        --checkpoint=*) checkpoint=${1#--checkpoint=}; shift ;;
        --resume) resume=$2; arguments+=("$1" "$2"); shift 2 ;;
        --resume=*) resume=${1#--resume=}; arguments+=("$1"); shift ;;
        *) arguments+=("$1"); shift ;;
    esac
done
if [ -z "$checkpoint" ] && [ -n "$resume" ]; then
    checkpoint=$resume
elif [ -z "$checkpoint" ]; then
    name=$(basename "$style"); checkpoint=runs/${name%.*}.h5
fi

paths=(
    --dataset datasets/content
    --val datasets/val
    --checkpoint "$checkpoint"
    --vgg "$vgg"
)
recipe=(
    --style "$style"
    --image-size 128
    --style-size 256
    --batch-size 2
    --learning-rate 2e-3
    --final-image-size 256
    --final-iterations 700
    --lr-cooldown 700
    --checkpoint-every 500
    --val-every 500
    --sample-every 500
)
if $scratch; then
    # From random weights: Johnson's network at half its widths (in 28 minutes its extra steps
    # outweigh the lost width).
    recipe+=(--arch light)
    minutes=28m
else
    base=${FASTSTYLE_STYLES:-weights/styles.h5}
    [ -f "$base" ] || { echo "train.sh: no $base (the built-in styles' network); give --scratch to train from random weights" >&2; exit 1; }
    recipe+=(--from "$base" --train all)
    minutes=10m
fi
# The time budget, unless the run's length is given another way.
budget=(--time "$minutes" --final-iterations 8% --lr-cooldown 8%)
for argument in "${arguments[@]+"${arguments[@]}"}"; do
    case "$argument" in
        --iterations|--iterations=*|--epochs|--epochs=*) budget=() ;;
        # Giving a resumed run other settings than its own is an error.
        --resume|--resume=*) budget=() recipe=() ;;
    esac
done
# Later options win, so the user's arguments override the defaults.
exec .build/release/faststyle train "${paths[@]}" "${recipe[@]}" "${budget[@]}" "${arguments[@]+"${arguments[@]}"}"
