#!/usr/bin/env python3
"""Writes flops.json: the convolution GFLOP that ../shared/bench/flops.py counts for the workloads
of `faststyle bench` (and peer_torch.py's formula for the conv workload), for
BenchmarksTests/FlopsTests.swift. Run from the repository root:

    python3 Tests/BenchmarksTests/Fixtures/make_flops.py ../shared/bench > Tests/BenchmarksTests/Fixtures/flops.json
"""
import json
import sys

sys.path.insert(0, sys.argv[1] if len(sys.argv) > 1 else "../shared/bench")
from flops import _sz, flops_gatys, flops_stylize, flops_train  # noqa: E402


def conv_layer_gflop(n, c, k, h, w):
    """peer_torch.py's conv workload: one 3x3 convolution, padding 1, per pass."""
    return 2.0 * n * k * c * 9 * h * w / 1e9


fixture = {
    "stylize": {s: flops_stylize(*_sz(s))["conv_gflop"] for s in ["256x256", "512x512", "1024x1024", "1920x1080"]},
    "train_batch4": {s: flops_train(*_sz(s), 4) for s in ["256x256", "128x128"]},
    "gatys": {s: flops_gatys(*_sz(s))["conv_gflop"] for s in ["512x512"]},
    "conv_batch4_128_channels": {s: conv_layer_gflop(4, 128, 128, *_sz(s)) for s in ["64x64", "128x128"]},
}
print(json.dumps(fixture, indent=2, sort_keys=True))
