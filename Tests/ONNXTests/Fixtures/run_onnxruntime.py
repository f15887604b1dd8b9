#!/usr/bin/env python3
"""Runs an ONNX model in onnxruntime on a raw float32 image, for ONNXTests.

    python run_onnxruntime.py MODEL.onnx INPUT.f32 HEIGHT WIDTH OUTPUT.f32

INPUT.f32 holds (1, 3, HEIGHT, WIDTH) float32 values (RGB in [0, 255], C order); OUTPUT.f32 gets
the model's output `output` the same way. One thread, all graph optimizations (the default).
"""
import sys

import numpy as np
import onnxruntime


def main():
    model, source, height, width, target = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    session = onnxruntime.InferenceSession(model, options, providers=["CPUExecutionProvider"])
    image = np.fromfile(source, dtype="<f4").reshape(1, 3, height, width)
    (output,) = session.run(["output"], {"input": image})
    np.ascontiguousarray(output, dtype="<f4").tofile(target)


if __name__ == "__main__":
    main()
