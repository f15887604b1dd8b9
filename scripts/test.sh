#!/usr/bin/env bash
# Runs faststyle's test suite: every layer's gradient check, the numerics against independent
# references, images, HDF5, weights, training, the command line. Tests that need the VGG weights
# look for them in $FASTSTYLE_VGG, weights/vgg16.h5, then ../shared/weights/vgg16.h5, and skip if
# none exists; with FASTSTYLE_REQUIRE_ALL=1 (as .ci/run sets it) such a skip is a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
exec swift test "$@"
