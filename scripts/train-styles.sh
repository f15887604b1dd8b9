#!/usr/bin/env bash
# Trains the network of the built-in styles (weights/styles.h5): one network for every painting
# in datasets/styles (conditional instance normalization), on training photographs that are not
# in the repository (by default the project's shared set, ../shared/data/content/train, less the
# photographs of datasets/val, which measure it). It runs for hours and in pieces: run it again
# and it resumes where it stopped (Ctrl-C saves first), from runs/styles.h5 or, on a new machine,
# from weights/styles-resume.h5 (the full checkpoint of weights/styles.h5). weights/styles.md records how
# the committed network was made.
#
#   scripts/train-styles.sh                      # start or resume (constant rate, 128² crops)
#   scripts/train-styles.sh --iterations N       # set the end: the last 8,000 steps on 256² crops while the rate falls to 0
#   scripts/train-styles.sh --photos DIR         # other training photographs (for a new run)
set -euo pipefail
cd "$(dirname "$0")/.."

photos=../shared/data/content/train
extra=()
while [ $# -gt 0 ]; do
    case "$1" in
        --photos) photos=$2; shift 2 ;;
        *) extra+=("$1"); shift ;;
    esac
done

binary=.build/release/faststyle
[ -x "$binary" ] || swift build -c release --product faststyle >&2
vgg=${FASTSTYLE_VGG:-weights/vgg16.h5}
[ -f "$vgg" ] || bash weights/fetch.sh

# The training photographs: every one of $photos but those datasets/val holds.
data=runs/styles-photos
if [ ! -d "$data" ]; then
    [ -d "$photos" ] || { echo "train-styles.sh: no training photographs at $photos (give --photos DIR)" >&2; exit 1; }
    mkdir -p "$data"
    for f in "$photos"/*; do
        name=$(basename "$f")
        [ -e "datasets/val/$name" ] || ln -s "$(realpath "$f")" "$data/$name"
    done
fi

checkpoint=runs/styles.h5
if [ ! -f "$checkpoint" ] && [ -f weights/styles-resume.h5 ]; then
    cp weights/styles-resume.h5 "$checkpoint"
fi
common=(--dataset "$data" --val datasets/val --checkpoint "$checkpoint" --vgg "$vgg")
if [ -f "$checkpoint" ]; then
    exec "$binary" train --resume "$checkpoint" "${common[@]}" "${extra[@]}"
fi
# 128² crops with the styles' Gram matrices at 256 px and two crops a step at 2e-3, as
# ./train.sh; the last 8,000 steps (once --iterations sets the end) on 256² crops while the rate
# falls to 0. Johnson's full network: trained this long, its width pays.
exec "$binary" train "${common[@]}" \
    --styles datasets/styles --arch johnson \
    --image-size 128 --style-size 256 --batch-size 2 --learning-rate 2e-3 \
    --final-image-size 256 --final-iterations 8000 --lr-cooldown 8000 --iterations 1000000 \
    --checkpoint-every 1000 --val-every 2000 --sample-every 10000 --seed 1 "${extra[@]}"
