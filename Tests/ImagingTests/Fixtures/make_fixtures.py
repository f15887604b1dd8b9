#!/usr/bin/env python3
"""Writes the tiny image fixtures used by ImagingTests.

Run from anywhere:  python make_fixtures.py   (needs Pillow and numpy)

Every picture is made from the same known 13x7 patterns, which TestSupport.swift recomputes,
so the tests compare decoded pixels with values nobody had to copy by hand:
    rgb(x, y)   = (20x, 40y, 255 - 10(x + y))
    grey(x, y)  = 10x + 20y
    alpha(x, y) = 21x
    palette index(x, y) = (x + 2y) % 6, colours PALETTE, tRNS alphas PALETTE_ALPHA
PNG files are written by a small raw encoder below (Pillow cannot write Adam7 interlacing or
16-bit RGB), JPEG files by Pillow. The bad-input files are crafted byte by byte.
"""
import io
import os
import struct
import zlib

import numpy as np
from PIL import Image, ImageOps

W, H = 13, 7
OUT = os.path.dirname(os.path.abspath(__file__))
PALETTE = [(255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 0), (0, 0, 0), (255, 255, 255)]
PALETTE_ALPHA = [255, 128, 0, 64, 200, 255]

ys, xs = np.mgrid[0:H, 0:W]
RGB = np.stack([20 * xs, 40 * ys, 255 - 10 * (xs + ys)], axis=-1).astype(np.uint16)
GREY = (10 * xs + 20 * ys).astype(np.uint16)
ALPHA = (21 * xs).astype(np.uint16)
INDEX = ((xs + 2 * ys) % 6).astype(np.uint16)
# 16-bit samples: v * 257 + 100 rounds back to v when scaled to 8 bits, so a decoder that
# wrongly treats them as linear light (and gamma-encodes them) is caught. 255 maps to 65535.
def wide(a):
    return np.minimum(a.astype(np.uint32) * 257 + 100, 65535)


def write(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


# ---- raw PNG encoder -------------------------------------------------------------------------
def chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def pack_rows(samples, bit_depth):
    """samples: H x (W * channels) array -> list of byte rows."""
    rows = []
    for row in samples:
        if bit_depth == 16:
            rows.append(b"".join(struct.pack(">H", int(v)) for v in row))
        elif bit_depth == 8:
            rows.append(bytes(int(v) for v in row))
        else:  # 1, 2, 4 bits: pack most significant bits first
            per_byte = 8 // bit_depth
            out = bytearray()
            for i in range(0, len(row), per_byte):
                byte = 0
                for j, v in enumerate(row[i:i + per_byte]):
                    byte |= int(v) << (8 - bit_depth * (j + 1))
                out.append(byte)
            rows.append(bytes(out))
    return rows


ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]


def png(pixels, bit_depth, colour_type, extra=b"", interlace=False, size=None):
    """pixels: H x W x C array of sample values. Filter type 0 (None) on every row."""
    h, w = pixels.shape[:2]
    if interlace:
        raw = b""
        for x0, y0, dx, dy in ADAM7:
            sub = pixels[y0::dy, x0::dx]
            if sub.size:
                raw += b"".join(b"\0" + r for r in pack_rows(sub.reshape(sub.shape[0], -1), bit_depth))
    else:
        raw = b"".join(b"\0" + r for r in pack_rows(pixels.reshape(h, -1), bit_depth))
    width, height = size if size else (w, h)
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 1 if interlace else 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + extra
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def plte(with_trns):
    body = chunk(b"PLTE", bytes(c for rgb in PALETTE for c in rgb))
    return body + (chunk(b"tRNS", bytes(PALETTE_ALPHA)) if with_trns else b"")


g = GREY[..., None]
write("grey8.png", png(g, 8, 0))
write("grey16.png", png(wide(g), 16, 0))
write("grey1.png", png(((xs + ys) % 2)[..., None], 1, 0))
write("grey_alpha8.png", png(np.concatenate([g, ALPHA[..., None]], -1), 8, 4))
write("grey_alpha16.png", png(wide(np.concatenate([g, ALPHA[..., None]], -1)), 16, 4))
write("palette8.png", png(INDEX[..., None], 8, 3, extra=plte(False)))
write("palette4_trns.png", png(INDEX[..., None], 4, 3, extra=plte(True)))
write("palette8_trns.png", png(INDEX[..., None], 8, 3, extra=plte(True)))
write("rgb8.png", png(RGB, 8, 2))
write("rgb16.png", png(wide(RGB), 16, 2))
write("rgba8.png", png(np.concatenate([RGB, ALPHA[..., None]], -1), 8, 6))
write("rgba16.png", png(wide(np.concatenate([RGB, ALPHA[..., None]], -1)), 16, 6))
write("rgb8_interlaced.png", png(RGB, 8, 2, interlace=True))
write("rgba16_interlaced.png", png(wide(np.concatenate([RGB, ALPHA[..., None]], -1)), 16, 6, interlace=True))
write("palette8_trns_interlaced.png", png(INDEX[..., None], 8, 3, extra=plte(True), interlace=True))

# Sanity check of the raw encoder against Pillow (an independent decoder).
assert (np.asarray(Image.open(os.path.join(OUT, "rgb8.png"))) == RGB).all()
assert (np.asarray(Image.open(os.path.join(OUT, "rgb8_interlaced.png"))) == RGB).all()

# ---- JPEG --------------------------------------------------------------------------------------
upright = Image.fromarray(RGB.astype(np.uint8), "RGB")


def jpeg(image, **options):
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95, **options)
    return buffer.getvalue()


write("baseline.jpg", jpeg(upright, subsampling=0))
write("baseline420.jpg", jpeg(upright, subsampling=2))
write("progressive.jpg", jpeg(upright, subsampling=0, progressive=True))
write("grey.jpg", jpeg(Image.fromarray(GREY.astype(np.uint8), "L")))

# CMYK with real black generation (K = 255 - max(R, G, B)) so the K channel is exercised.
# Pillow stores CMYK inverted and writes an Adobe APP14 marker, as Photoshop does.
rgbf = RGB.astype(np.float64)
mx = rgbf.max(-1)
k = 255 - mx
cmy = np.where(mx[..., None] > 0, 255 * (mx[..., None] - rgbf) / np.maximum(mx[..., None], 1), 0)
cmyk = np.concatenate([cmy, k[..., None]], -1).round().astype(np.uint8)
write("cmyk.jpg", jpeg(Image.fromarray(cmyk, "CMYK")))


def exif(orientation, big_endian):
    """A minimal APP1 body: 'Exif\\0\\0', TIFF header, IFD0 with only the orientation tag."""
    e = ">" if big_endian else "<"
    tiff = (b"MM" if big_endian else b"II") + struct.pack(e + "HI", 42, 8)
    tiff += struct.pack(e + "H", 1) + struct.pack(e + "HHIHH", 0x0112, 3, 1, orientation, 0) + struct.pack(e + "I", 0)
    return b"Exif\0\0" + tiff


# Stored pixels = inverse of the transform a viewer applies, so every file displays upright.
STORE = {1: None, 2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
         4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_90,
         7: Image.Transpose.TRANSVERSE, 8: Image.Transpose.ROTATE_270}
for orientation, method in STORE.items():
    stored = upright if method is None else upright.transpose(method)
    name = "orientation%d.jpg" % orientation
    write(name, jpeg(stored, subsampling=0, exif=exif(orientation, big_endian=orientation % 2 == 0)))
    shown = np.asarray(ImageOps.exif_transpose(Image.open(os.path.join(OUT, name)))).astype(int)
    assert shown.shape == RGB.shape and np.abs(shown - RGB).mean() < 3, name

# Malformed EXIF (IFD offset points past the end) must be ignored, not fatal.
write("bad_exif.jpg", jpeg(upright, subsampling=0, exif=b"Exif\0\0MM\0\x2a\xff\xff\xff\xf0"))

# ---- resampling reference ----------------------------------------------------------------------
# Pillow's LANCZOS on a float ("F") image: no 8-bit rounding or clamping, so it is an exact
# independent reference for the resampler. Source: detail(x, y) = (7x^2 + 31y) % 256, 13x7.
DETAIL = Image.fromarray(((7 * xs * xs + 31 * ys) % 256).astype(np.float32), "F")
for w, h in [(5, 3), (29, 17), (13, 2)]:
    reference = np.asarray(DETAIL.resize((w, h), Image.Resampling.LANCZOS), dtype="<f4")
    write("lanczos_%dx%d.f32" % (w, h), reference.tobytes())

# ---- bad input -------------------------------------------------------------------------------
rgb_png = png(RGB, 8, 2)
write("truncated.png", rgb_png[: len(rgb_png) * 2 // 3])
write("corrupt.png", rgb_png[:20] + b"\x55" * 20 + rgb_png[40:])  # IHDR overwritten: CRC fails
write("zero_width.png", png(RGB, 8, 2, size=(0, H)))
write("huge_dimensions.png", png(RGB, 8, 2, size=(100000, 100000)))
write("not_an_image.png", b"hello, this is a text file\n")
write("empty.png", b"")

base = jpeg(upright, subsampling=0)
write("truncated.jpg", base[: len(base) // 2])
write("corrupt.jpg", base[:2] + b"\xff\xdb\x00\x04garbage" * 8)


def patch_sof(data, width, height):
    i = 2
    while True:  # walk the marker segments to the SOF0/SOF2 frame header
        marker, length = data[i + 1], struct.unpack(">H", data[i + 2:i + 4])[0]
        if marker in (0xC0, 0xC2):
            return data[:i + 5] + struct.pack(">HH", height, width) + data[i + 9:]
        i += 2 + length


write("huge_dimensions.jpg", patch_sof(base, 65000, 65000))
write("zero_height.jpg", patch_sof(base, W, 0))

total = sum(os.path.getsize(os.path.join(OUT, f)) for f in os.listdir(OUT) if not f.endswith(".py"))
print("fixtures written: %d bytes" % total)
