#!/usr/bin/env python3
"""Writes the ONNX fixtures of ONNXTests from PyTorch.

Run:  python make_fixtures.py     (needs torch, onnx, Pillow and numpy; scripts/onnx-fixtures.sh
                                   makes a virtual environment with them and runs it)

The network is pytorch/examples' TransformerNet (fast_neural_style/neural_style/transformer_net.py,
copied below as it is there), with one change: the channel widths are a parameter, so that the
fixtures can be a quarter as wide (8, 16, 32 channels instead of 32, 64, 128: the same layers and
graph, 1/16 of the weights, 0.4 MB a file instead of 6.7 MB). Random weights from a fixed seed;
the normalizations' scales and shifts are random too (PyTorch starts them at 1 and 0, which would
not show a swapped scale and shift), and the last layer is scaled so that the output spans
[0, 255] as a trained network's does.

Written here:
- examples_opset{9,11,17}.onnx: torch.onnx.export of the network (the TorchScript exporter, as
  pytorch/examples' --export_onnx uses) at opsets 9 (Upsample), 11 and 17 (Resize), dynamic
  height and width;
- content.png: a 45x37 photograph (odd sides), from datasets/val;
- pytorch_output.f32: the network's output on it (float32, 3 x 37 x 45, C order), computed as
  `faststyle stylize` runs a network on sides it cannot take: the image mirrored on the right and
  bottom (without repeating the edge pixel) to multiples of 4, then the output cropped back;
- classifier.onnx: a small image classifier (conv, ReLU, global pooling, a linear layer), which
  must be refused as another kind of network;
- leaky_relu.onnx: the TransformerNet (8 channels wide) with LeakyReLU in its first block, an op
  the import must refuse by name.
"""
import os

import numpy as np
import torch
from PIL import Image

OUT = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(OUT, "..", "..", ".."))
SEED = 17


# ---- pytorch/examples fast_neural_style/neural_style/transformer_net.py (widths as a parameter) ----
class TransformerNet(torch.nn.Module):
    def __init__(self, widths=(32, 64, 128)):
        super(TransformerNet, self).__init__()
        a, b, c = widths
        # Initial convolution layers
        self.conv1 = ConvLayer(3, a, kernel_size=9, stride=1)
        self.in1 = torch.nn.InstanceNorm2d(a, affine=True)
        self.conv2 = ConvLayer(a, b, kernel_size=3, stride=2)
        self.in2 = torch.nn.InstanceNorm2d(b, affine=True)
        self.conv3 = ConvLayer(b, c, kernel_size=3, stride=2)
        self.in3 = torch.nn.InstanceNorm2d(c, affine=True)
        # Residual layers
        self.res1 = ResidualBlock(c)
        self.res2 = ResidualBlock(c)
        self.res3 = ResidualBlock(c)
        self.res4 = ResidualBlock(c)
        self.res5 = ResidualBlock(c)
        # Upsampling Layers
        self.deconv1 = UpsampleConvLayer(c, b, kernel_size=3, stride=1, upsample=2)
        self.in4 = torch.nn.InstanceNorm2d(b, affine=True)
        self.deconv2 = UpsampleConvLayer(b, a, kernel_size=3, stride=1, upsample=2)
        self.in5 = torch.nn.InstanceNorm2d(a, affine=True)
        self.deconv3 = ConvLayer(a, 3, kernel_size=9, stride=1)
        # Non-linearities
        self.relu = torch.nn.ReLU()

    def forward(self, X):
        y = self.relu(self.in1(self.conv1(X)))
        y = self.relu(self.in2(self.conv2(y)))
        y = self.relu(self.in3(self.conv3(y)))
        y = self.res1(y)
        y = self.res2(y)
        y = self.res3(y)
        y = self.res4(y)
        y = self.res5(y)
        y = self.relu(self.in4(self.deconv1(y)))
        y = self.relu(self.in5(self.deconv2(y)))
        y = self.deconv3(y)
        return y


class ConvLayer(torch.nn.Module):
    def __init__(self, in_channels, out_channels, kernel_size, stride):
        super(ConvLayer, self).__init__()
        reflection_padding = kernel_size // 2
        self.reflection_pad = torch.nn.ReflectionPad2d(reflection_padding)
        self.conv2d = torch.nn.Conv2d(in_channels, out_channels, kernel_size, stride)

    def forward(self, x):
        out = self.reflection_pad(x)
        out = self.conv2d(out)
        return out


class ResidualBlock(torch.nn.Module):
    def __init__(self, channels):
        super(ResidualBlock, self).__init__()
        self.conv1 = ConvLayer(channels, channels, kernel_size=3, stride=1)
        self.in1 = torch.nn.InstanceNorm2d(channels, affine=True)
        self.conv2 = ConvLayer(channels, channels, kernel_size=3, stride=1)
        self.in2 = torch.nn.InstanceNorm2d(channels, affine=True)
        self.relu = torch.nn.ReLU()

    def forward(self, x):
        residual = x
        out = self.relu(self.in1(self.conv1(x)))
        out = self.in2(self.conv2(out))
        out = out + residual
        return out


class UpsampleConvLayer(torch.nn.Module):
    def __init__(self, in_channels, out_channels, kernel_size, stride, upsample=None):
        super(UpsampleConvLayer, self).__init__()
        self.upsample = upsample
        reflection_padding = kernel_size // 2
        self.reflection_pad = torch.nn.ReflectionPad2d(reflection_padding)
        self.conv2d = torch.nn.Conv2d(in_channels, out_channels, kernel_size, stride)

    def forward(self, x):
        x_in = x
        if self.upsample:
            x_in = torch.nn.functional.interpolate(x_in, mode='nearest', scale_factor=self.upsample)
        out = self.reflection_pad(x_in)
        out = self.conv2d(out)
        return out
# ---- end of pytorch/examples' code ----


def randomized(widths):
    net = TransformerNet(widths)
    with torch.no_grad():
        for module in net.modules():
            if isinstance(module, torch.nn.InstanceNorm2d):
                module.weight.uniform_(0.5, 1.5)
                module.bias.normal_(0.0, 0.2)
        # The output's spread and level of a trained network (about 0..255).
        net.deconv3.conv2d.weight.mul_(120.0)
        net.deconv3.conv2d.bias.fill_(128.0)
    return net.eval()


def export(net, path, opset):
    torch.onnx.export(net, torch.zeros(1, 3, 32, 32), path, dynamo=False, opset_version=opset,
                      input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": {0: "batch", 2: "height", 3: "width"},
                                    "output": {0: "batch", 2: "height", 3: "width"}})


def mirror_pad(image, multiple):
    """The image (H, W, 3) mirrored on the right and bottom to multiples of `multiple`."""
    h, w = image.shape[:2]
    ph, pw = -h % multiple, -w % multiple
    return np.pad(image, ((0, ph), (0, pw), (0, 0)), mode="reflect")


def main():
    torch.manual_seed(SEED)
    net = randomized((8, 16, 32))
    for opset in (9, 11, 17):
        export(net, os.path.join(OUT, f"examples_opset{opset}.onnx"), opset)

    photo = Image.open(os.path.join(ROOT, "datasets", "val", "budgie_lake-sherburne.jpg")).convert("RGB")
    content = photo.resize((45, 37), Image.LANCZOS)
    content.save(os.path.join(OUT, "content.png"))
    pixels = np.asarray(content, dtype=np.float32)
    padded = mirror_pad(pixels, 4)
    with torch.no_grad():
        output = net(torch.from_numpy(padded.transpose(2, 0, 1).copy())[None])[0].numpy()
    output = np.ascontiguousarray(output[:, :37, :45], dtype="<f4")
    output.tofile(os.path.join(OUT, "pytorch_output.f32"))
    print(f"output: min {output.min():.1f}, mean {output.mean():.1f}, max {output.max():.1f}")

    classifier = torch.nn.Sequential(
        torch.nn.Conv2d(3, 8, 3, padding=1), torch.nn.ReLU(), torch.nn.AdaptiveAvgPool2d(1),
        torch.nn.Flatten(), torch.nn.Linear(8, 10)).eval()
    export(classifier, os.path.join(OUT, "classifier.onnx"), 17)

    leaky = randomized((8, 8, 8))
    leaky.relu = torch.nn.LeakyReLU(0.2)
    export(leaky, os.path.join(OUT, "leaky_relu.onnx"), 17)


if __name__ == "__main__":
    main()
