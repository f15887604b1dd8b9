#!/usr/bin/env bash
# Runs faststyle's test suite: every layer's gradient check, the numerics against independent
# references, images, HDF5, weights, training, the command line. Tests that need the VGG weights
# look for them in $FASTSTYLE_VGG, weights/vgg16.h5, then ../shared/weights/vgg16.h5, and skip if
# none exists; with FASTSTYLE_REQUIRE_ALL=1 (as .ci/run sets it) such a skip is a failure.
#
# The tests run in an optimized build, the code users run: the suite takes 4.5 minutes there
# against 15 in a debug build, whose generic SIMD code is many times slower. It is kept in
# .build-test, apart from .build/release (built without -enable-testing by train.sh and
# weights/fetch.sh), so that neither rebuilds the other. POISON_UNINITIALIZED fills tensors
# created uninitialized with NaN, as debug builds do, so that a value read before it is written
# fails a test. Extra arguments go to `swift test` (e.g. --filter TrainerTests).
set -euo pipefail
cd "$(dirname "$0")/.."
# OpenMP threads that wait sleep rather than spin: the tests run many tiny parallel regions, and on
# a machine shared with other work each region otherwise spins until a descheduled thread runs
# again (a residual block's every-coordinate gradient check: 83 s spinning, 1.3 s sleeping).
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-passive}"
exec swift test -c release -Xswiftc -enable-testing -Xswiftc -DPOISON_UNINITIALIZED --scratch-path .build-test "$@"
