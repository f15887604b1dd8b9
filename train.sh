#!/usr/bin/env bash
# Trains a fast style transfer network for one style, from the shell, in at most 30 minutes on a
# 2-core CPU: it trains for 28 minutes (`--time 28m`: the steps are timed and as many planned as
# fit) on datasets/content, the demo photographs in this repository. The recipe, measured (see
# README.md, "Quality versus training time"): Johnson's network at half its widths (`--arch light`:
# a step costs ~0.7× as much, and in 28 minutes the extra steps outweigh the lost width; `--arch
# johnson` trains the full one), Johnson's loss weights, 128² crops (a step is ~4×
# cheaper than at 256²) with the style's Gram matrices taken at 256 px so that its strokes keep
# their size against the crops, two crops per step at a constant learning rate of 2e-3 (at equal
# compute, more small steps beat fewer batches of 4); then a final phase on 256² crops, the size
# of the pictures the network is measured on, while the rate falls linearly to 0: the last 8% of
# the steps the 28 minutes fit (700 of 8,845 on a Zen 5; a slower machine keeps that share rather
# than spending most of its time on 700 large steps), or the last 700 of a set --iterations.
# A longer run is `--time 1h`; `--resume runs/starry_night.h5 --iterations N` trains a finished
# network on at the constant rate and ends with a final phase of its own.
#
#   ./train.sh                                        # Starry Night on the demo set → runs/starry_night.h5
#   ./train.sh --style my_painting.jpg --checkpoint runs/mine.h5
#   ./train.sh --time 1h                              # twice the time
#   ./train.sh --dataset datasets/coco2014_256.h5 --iterations 40000   # a real training set
#
# It installs what is missing first (Debian packages, a release build, the VGG weights). Every
# option of `faststyle train` passes through and overrides the defaults below
# (`.build/release/faststyle train --help` lists them); --iterations, --epochs or --resume
# replace the time budget, and with --resume the checkpoint's own settings replace the defaults.
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

# Where things are, and the recipe (a resumed run keeps the recipe it was saved with).
paths=(
    --dataset datasets/content
    --val datasets/val
    --checkpoint runs/starry_night.h5
    --vgg "$vgg"
)
recipe=(
    --style datasets/styles/starry_night.jpg
    --arch light
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
# The time budget, unless the run's length is given another way.
budget=(--time 28m --final-iterations 8% --lr-cooldown 8%)
for argument in "$@"; do
    case "$argument" in
        --iterations|--iterations=*|--epochs|--epochs=*) budget=() ;;
        # Giving a resumed run other settings than its own is an error.
        --resume|--resume=*) budget=() recipe=() ;;
    esac
done
# Later options win, so the user's arguments override the defaults.
exec .build/release/faststyle train "${paths[@]}" "${recipe[@]}" "${budget[@]}" "$@"
