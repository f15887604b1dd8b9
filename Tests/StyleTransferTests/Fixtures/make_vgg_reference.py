#!/usr/bin/env python3
"""Independent reference for faststyle's VGG-16 loss network, computed with PyTorch.

Loads the Keras-layout vgg16.h5 with h5py (kernel (kh, kw, in, out) -> torch (out, in, kh, kw)),
applies the Caffe preprocessing (RGB [0, 255] -> BGR minus mean (103.939, 116.779, 123.68)),
runs the 13 convolutions (3x3, zero padding 1, ReLU, 2x2 max pooling between blocks) in float64,
and writes vgg16_reference.h5 next to this script:

  input                      (1, 3, H, W) float32, RGB in [0, 255] (a real photograph, resized)
  <relu>/sample_indices      (K,) int64   flat indices into the (1, C, H, W) activation
  <relu>/sample_values       (K,) float32 the activation there
  <relu>/sum, <relu>/sum_squares, <relu>/max   () float64 over the whole activation
  for every relu1_1 ... relu5_3.

Rerun: /tmp/peers/bin/python Tests/StyleTransferTests/Fixtures/make_vgg_reference.py \
           --vgg ../shared/weights/vgg16.h5 --image ../shared/data/content/val/kodak_kodim01.jpg
(needs torch, h5py, numpy, pillow: bash ../shared/bench/setup_peers.sh /tmp/peers).
"""
import argparse
import os

import h5py
import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

BLOCKS = [2, 2, 3, 3, 3]
MEAN_BGR = [103.939, 116.779, 123.68]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--vgg", required=True)
    ap.add_argument("--image", required=True)
    ap.add_argument("--width", type=int, default=64)
    ap.add_argument("--height", type=int, default=48)
    ap.add_argument("--samples", type=int, default=2048)
    ap.add_argument("--out", default=os.path.join(here, "vgg16_reference.h5"))
    args = ap.parse_args()

    img = Image.open(args.image).convert("RGB").resize((args.width, args.height), Image.LANCZOS)
    rgb = np.asarray(img, dtype=np.float32).transpose(2, 0, 1)[None]  # 1, 3, H, W
    x = torch.from_numpy(rgb.astype(np.float64))
    x = x[:, [2, 1, 0]] - torch.tensor(MEAN_BGR, dtype=torch.float64).view(1, 3, 1, 1)

    rng = np.random.default_rng(0)
    with h5py.File(args.vgg, "r") as f, h5py.File(args.out, "w") as out:
        out["input"] = rgb
        for b, count in enumerate(BLOCKS, start=1):
            if b > 1:
                x = F.max_pool2d(x, 2, 2)
            for c in range(1, count + 1):
                g = f[f"block{b}_conv{c}"]
                w = np.asarray(g[f"block{b}_conv{c}_W_1:0"], dtype=np.float64).transpose(3, 2, 0, 1)
                bias = np.asarray(g[f"block{b}_conv{c}_b_1:0"], dtype=np.float64)
                x = F.relu(F.conv2d(x, torch.from_numpy(w), torch.from_numpy(bias), padding=1))
                a = x.numpy().ravel()
                k = min(args.samples, a.size)
                idx = np.sort(rng.choice(a.size, size=k, replace=False)).astype(np.int64)
                grp = out.create_group(f"relu{b}_{c}")
                grp["sample_indices"] = idx
                grp["sample_values"] = a[idx].astype(np.float32)
                grp["sum"] = np.float64(a.sum())
                grp["sum_squares"] = np.float64((a * a).sum())
                grp["max"] = np.float64(a.max())
                print(f"relu{b}_{c}: shape {tuple(x.shape)}, max {a.max():.3f}, mean {a.mean():.4f}")
    print("wrote", args.out)


if __name__ == "__main__":
    main()
