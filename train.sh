#!/usr/bin/env bash
# Trains a fast style transfer network for one style, from the shell, with defaults that suit a
# 2-core CPU: about 5.5 minutes on datasets/content (the demo photographs in this repository).
# To fit, it trains on 128² crops (a step takes about 0.3 s here, 4× less than at 256²) for 1000
# steps, with the style's Gram matrices taken at 256 px so that its strokes keep their size
# relative to the crops; a real run uses a large set and more steps (see README.md). In 1000 steps
# a network cannot yet carry both the photograph and Johnson's style weight of 5 (measured: the
# photo's structure stays faint under heavy strokes), so this short run weighs style 2; the
# checkpoint records it, and `compare` measures with the same weights.
#
#   ./train.sh                                        # Starry Night on the demo set → runs/starry_night.h5
#   ./train.sh --style my_painting.jpg --checkpoint runs/mine.h5
#   ./train.sh --dataset datasets/coco2014_256.h5 --iterations 40000   # a real training set
#
# It installs what is missing first (Debian packages, a release build, the VGG weights). Every
# option of `faststyle train` passes through and overrides the defaults below
# (`.build/release/faststyle train --help` lists them).
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

defaults=(
    --style datasets/styles/starry_night.jpg
    --dataset datasets/content
    --val datasets/val
    --checkpoint runs/starry_night.h5
    --image-size 128
    --style-size 256
    --batch-size 4
    --iterations 1000
    --learning-rate 2e-3
    --style-weight 2
    --checkpoint-every 100
    --val-every 100
    --sample-every 100
    --vgg "$vgg"
)
# Later options win, so the user's arguments override the defaults.
exec .build/release/faststyle train "${defaults[@]}" "$@"
