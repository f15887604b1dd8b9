#!/usr/bin/env python3
"""Makes the README's gallery of the built-in styles: one photograph stylized in every style of a
network (and, with --blend, in blends of them), with each painting above its result, as one JPEG.
Needs Pillow (pip install pillow) and a built faststyle.

    scripts/gallery.py --photo PHOTO -o datasets/examples/styles_gallery.jpg \
        [--model weights/styles.h5] [--size 384] [--columns 4] [--blend starry_night=0.5,great_wave=0.5 …]
"""
import argparse
import os
import subprocess
import tempfile

from PIL import Image, ImageDraw


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--photo", required=True)
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("--model", default="weights/styles.h5")
    parser.add_argument("--faststyle", default=".build/release/faststyle")
    parser.add_argument("--styles-folder", default="datasets/styles", help="where the paintings are, by style name")
    parser.add_argument("--size", type=int, default=384, help="long side of each stylized picture")
    parser.add_argument("--columns", type=int, default=4)
    parser.add_argument("--blend", action="append", default=[], help="a blend to add (NAME=W,NAME=W)")
    args = parser.parse_args()

    info = subprocess.run([args.faststyle, "info", args.model], check=True, capture_output=True, text=True).stdout
    line = next(l for l in info.splitlines() if l.startswith("styles:"))
    names = line.split(":", 2)[2].split("(")[0].strip().split(", ")

    cells = []
    with tempfile.TemporaryDirectory() as folder:
        def stylize(flag, value):
            out = os.path.join(folder, f"{len(cells)}.png")
            subprocess.run([args.faststyle, "stylize", "--model", args.model, flag, value, args.photo, "-o", out,
                            "--size", str(args.size)], check=True, capture_output=True)
            return Image.open(out).convert("RGB")

        for name in names:
            painting = Image.open(os.path.join(args.styles_folder, name + ".jpg")).convert("RGB")
            cells.append((name, painting, stylize("--style", name)))
        for blend in args.blend:
            parts = [p.split("=")[0] for p in blend.split(",")]
            paintings = [Image.open(os.path.join(args.styles_folder, p + ".jpg")).convert("RGB") for p in parts]
            cells.append((blend, paintings, stylize("--blend", blend)))

    photo = Image.open(args.photo).convert("RGB")
    width, height = cells[0][2].size
    strip = height // 4   # the painting's strip above each picture
    label = 16
    cell_height = label + strip + height
    rows = (len(cells) + 1 + args.columns - 1) // args.columns
    sheet = Image.new("RGB", (args.columns * width, rows * cell_height), "white")
    draw = ImageDraw.Draw(sheet)

    def place(index, title, paintings, picture):
        x, y = (index % args.columns) * width, (index // args.columns) * cell_height
        draw.text((x + 4, y + 2), title, fill="black")
        paintings = paintings if isinstance(paintings, list) else [paintings]
        piece = width // max(1, len(paintings))
        for k, p in enumerate(paintings):
            scale = max(piece / p.width, strip / p.height)
            p = p.resize((max(piece, round(p.width * scale)), max(strip, round(p.height * scale))), Image.LANCZOS)
            left, top = (p.width - piece) // 2, (p.height - strip) // 2
            sheet.paste(p.crop((left, top, left + piece, top + strip)), (x + k * piece, y + label))
        sheet.paste(picture.resize((width, height), Image.LANCZOS), (x, y + label + strip))

    place(0, "the photograph", [], photo)
    for index, (title, paintings, picture) in enumerate(cells, start=1):
        place(index, title, paintings, picture)
    sheet.save(args.output, quality=88)
    print(f"gallery: {len(cells)} pictures -> {args.output}")


if __name__ == "__main__":
    main()
