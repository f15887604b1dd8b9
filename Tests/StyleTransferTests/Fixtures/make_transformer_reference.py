#!/usr/bin/env python3
"""Independent reference for faststyle's TransformerNet, computed with PyTorch in float64.

Builds the network of architecture "c5s1-8,d16,R16,u8,c5s1-3" the way pytorch/examples'
fast_neural_style builds Johnson's network (reflection padding k//2 before every convolution,
instance normalization with affine parameters, ReLU, residual blocks without a final ReLU,
nearest x2 upsampling then convolution), with faststyle's choices: no bias on convolutions
followed by a normalization, output 127.5*tanh(z) + 127.5. Random weights, a random batch of
two 12x16 images in [0, 255], a random projection R; writes transformer_reference.h5 with

  input (2, 3, 12, 16), projection (2, 3, 12, 16), output (2, 3, 12, 16)
  parameters/<name>, gradients/<name>   for every parameter, named as faststyle names them,
                                         gradients of L = sum(output * projection).

Rerun: /tmp/peers/bin/python Tests/StyleTransferTests/Fixtures/make_transformer_reference.py
"""
import os

import h5py
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(0)
params = {}


def parameter(name, *shape, scale=None):
    fan_in = int(np.prod(shape[1:])) if len(shape) > 1 else 1
    bound = scale if scale is not None else 1 / np.sqrt(fan_in)
    p = nn.Parameter(torch.from_numpy(rng.uniform(-bound, bound, size=shape)))
    params[name] = p
    return p


def conv(name, x, cin, cout, k, stride=1, bias=False):
    w = parameter(f"{name}.weight", cout, cin, k, k)
    b = parameter(f"{name}.bias", cout) if bias else None
    return F.conv2d(F.pad(x, (k // 2,) * 4, mode="reflect"), w, b, stride=stride)


def norm(name, x, c, relu=True):
    g = nn.Parameter(torch.from_numpy(rng.uniform(0.5, 1.5, size=c)))
    b = nn.Parameter(torch.from_numpy(rng.uniform(-0.5, 0.5, size=c)))
    params[f"{name}.norm.weight"], params[f"{name}.norm.bias"] = g, b
    y = F.instance_norm(x, weight=g, bias=b, eps=1e-5)
    return F.relu(y) if relu else y


def network(x):
    y = norm("layer1", conv("layer1", x, 3, 8, 5), 8)
    y = norm("layer2", conv("layer2", y, 8, 16, 3, stride=2), 16)
    r = norm("layer3.1", conv("layer3.1", y, 16, 16, 3), 16)
    r = norm("layer3.2", conv("layer3.2", r, 16, 16, 3), 16, relu=False)
    y = y + r
    y = F.interpolate(y, scale_factor=2, mode="nearest")
    y = norm("layer4", conv("layer4", y, 16, 8, 3), 8)
    z = conv("layer5", y, 8, 3, 5, bias=True)
    return 127.5 * torch.tanh(z) + 127.5


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    x = torch.from_numpy(rng.uniform(0, 255, size=(2, 3, 12, 16)))
    projection = torch.from_numpy(rng.uniform(-1, 1, size=(2, 3, 12, 16)))
    y = network(x)
    (y * projection).sum().backward()
    with h5py.File(os.path.join(here, "transformer_reference.h5"), "w") as f:
        f["input"] = x.numpy().astype(np.float32)
        f["projection"] = projection.numpy().astype(np.float32)
        f["output"] = y.detach().numpy().astype(np.float32)
        for name, p in params.items():
            f[f"parameters/{name}"] = p.detach().numpy().astype(np.float32)
            f[f"gradients/{name}"] = p.grad.numpy().astype(np.float32)
    print("wrote", len(params), "parameters; output range", float(y.min()), float(y.max()))


if __name__ == "__main__":
    main()
