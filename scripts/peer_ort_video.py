#!/usr/bin/env python3
"""ONNX Runtime's side of `faststyle bench video:*`: a network exported by `faststyle export`,
run frame by frame on the decoded frames of the same clip at the same size.

Decodes the clip with PyAV (FFmpeg's libraries, as faststyle), resizes every frame to WxH once,
then times two things per repetition, each after a warm-up pass:
  network      ORT on every frame (batch 1, float32 NCHW in 0..255), decoded frames in memory;
  end_to_end   decoding, the frame to float, ORT, the output back to 8 bits and H.264 encoding
               (libx264, CRF 18) into a temporary .mp4: what `faststyle stylize clip.mp4`
               does, without its steadying.
ORT as ../shared/bench/peer_ort.py runs it: CPUExecutionProvider, intra_op_num_threads =
PEER_THREADS (default 2), inter_op 1, sequential, ORT_ENABLE_ALL.

  python scripts/peer_ort_video.py --model light.onnx --clip datasets/video/desk.mp4 \
      --size 640x360 --name video_light:640x360 [--reps 3] [--json out.json]
"""
import argparse
import json
import os
import resource
import statistics
import tempfile
import time

import av
import numpy as np
import onnxruntime as ort

THREADS = int(os.environ.get("PEER_THREADS", "2"))


def frames(clip, width, height):
    with av.open(clip) as container:
        for frame in container.decode(video=0):
            yield frame.reformat(width=width, height=height, format="rgb24").to_ndarray()


def to_input(rgb):
    return np.ascontiguousarray(rgb.transpose(2, 0, 1)[None].astype(np.float32))


def session(model):
    so = ort.SessionOptions()
    so.intra_op_num_threads = THREADS
    so.inter_op_num_threads = 1
    so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    return ort.InferenceSession(model, so, providers=["CPUExecutionProvider"])


def end_to_end(sess, name, clip, width, height, output):
    with av.open(output, "w") as out:
        stream = out.add_stream("libx264", rate=30, options={"crf": "18"})
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        for rgb in frames(clip, width, height):
            y = sess.run(None, {name: to_input(rgb)})[0][0]
            image = np.clip(y, 0, 255).round().astype(np.uint8).transpose(1, 2, 0)
            for packet in stream.encode(av.VideoFrame.from_ndarray(np.ascontiguousarray(image), format="rgb24")):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--model", required=True)
    p.add_argument("--clip", required=True)
    p.add_argument("--size", required=True, help="WxH")
    p.add_argument("--name", default=None, help="the workload's name in the record (default video:WxH)")
    p.add_argument("--reps", type=int, default=3)
    p.add_argument("--json", default=None)
    a = p.parse_args()
    width, height = map(int, a.size.split("x"))
    sess = session(a.model)
    name = sess.get_inputs()[0].name
    decoded = [to_input(rgb) for rgb in frames(a.clip, width, height)]
    sess.run(None, {name: decoded[0]})
    network = []
    for _ in range(a.reps + 1):
        start = time.perf_counter()
        for x in decoded:
            sess.run(None, {name: x})
        network.append(time.perf_counter() - start)
    network = network[1:]
    whole = []
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(a.reps + 1):
            start = time.perf_counter()
            end_to_end(sess, name, a.clip, width, height, os.path.join(folder, "out.mp4"))
            whole.append(time.perf_counter() - start)
    whole = whole[1:]
    n = len(decoded)
    record = {
        "workload": a.name or f"video:{a.size}", "size": a.size, "frames": n, "threads": THREADS,
        "onnxruntime": ort.__version__,
        "network_sec_median": statistics.median(network), "network_fps": n / statistics.median(network),
        "end_to_end_sec_median": statistics.median(whole), "end_to_end_fps": n / statistics.median(whole),
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    print(f"{record['workload']:22s} ORT network {record['network_fps']:6.1f} fps   ORT end to end (PyAV decode, x264 encode) "
          f"{record['end_to_end_fps']:6.1f} fps   ({n} frames, {THREADS} threads, maxrss {record['maxrss_mb']:.0f} MB)")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"results": [record]}, f, indent=1)


if __name__ == "__main__":
    main()
