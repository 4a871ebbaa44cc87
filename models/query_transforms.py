"""Photo-to-photo differences applied to catalogue photos to make lookup queries.

Used by eval_features.py.  Every query is the catalogue photo after, in order:

1. background colour: the photo's backdrop (found by background_mask: grown
   from the border over small colour steps, plus enclosed holes) is recoloured
   to a new random pale colour with a new light gradient; its shadow and table
   edge stay, in the new colour;
2. padding: 10-35 % more backdrop on each side (item off-centre), as if shot
   from further away (the edge pixels repeated outwards, softened);
3. rotation by U(-8, 8) degrees, corners filled with the background colour;
4. random crop keeping U(70 %, 95 %) of the area, aspect ratio 3:4 .. 4:3;
5. scale: resized so its long side is U(96, 320) px (bicubic);
6. brightness x U(0.75, 1.25) and contrast x U(0.75, 1.25) (Pillow ImageEnhance);
7. JPEG recompression at quality U(40, 80).

`transform(img, rng, enabled)` applies the steps named in `enabled` (all by
default), drawing every random number from `rng` whether or not a step is on,
so a run with fewer steps sees the same crops, angles, etc.
"""

from __future__ import annotations

import colorsys
import io

import numpy as np
from PIL import Image, ImageEnhance, ImageFilter

STEPS = ("background", "padding", "rotation", "crop", "scale", "photometric", "jpeg")


def _grow(m: np.ndarray, dx: np.ndarray, dy: np.ndarray) -> np.ndarray:
    while True:
        n = m.copy()
        n[:, 1:] |= m[:, :-1] & dx
        n[:, :-1] |= m[:, 1:] & dx
        n[1:, :] |= m[:-1, :] & dy
        n[:-1, :] |= m[1:, :] & dy
        if (n == m).all():
            return m
        m = n


def background_mask(img: np.ndarray, tol: float = 0.012, hole_tol: float = 0.03) -> np.ndarray:
    """Boolean HxW mask of the background of a float HxWx3 image in [0, 1].

    Region growing from every border pixel over a 3x3-smoothed copy (JPEG noise
    averages out, edges stay): a pixel joins when its colour differs from an
    already-joined 4-neighbour by < tol (max over channels).  Then enclosed
    holes (a ring's middle, a bag handle's loop): smooth patches, at least 3x3,
    within hole_tol of the local background colour (a box blur of the
    background found so far).
    """
    h, w, _ = img.shape
    p = np.pad(img, ((1, 1), (1, 1), (0, 0)), mode="edge")
    sm = sum(p[dy:dy + h, dx:dx + w] for dy in range(3) for dx in range(3)) / 9.0
    dx = np.abs(sm[:, 1:] - sm[:, :-1]).max(axis=2) < tol  # (y,x) ~ (y,x+1)
    dy = np.abs(sm[1:, :] - sm[:-1, :]).max(axis=2) < tol  # (y,x) ~ (y+1,x)
    m = np.zeros((h, w), bool)
    m[0, :] = m[-1, :] = m[:, 0] = m[:, -1] = True
    m = _grow(m, dx, dy)
    # enclosed holes: smooth regions whose colour is that of the nearby background
    r = max(2, min(h, w) // 6)
    wsum = _box_blur(m.astype(np.float32)[..., None], r)
    local = _box_blur(sm * m[..., None], r) / np.maximum(wsum, 1e-6)
    near = (wsum[..., 0] > 0.02) & (np.abs(sm - local).max(axis=2) < hole_tol)
    hx = dx & near[:, 1:] & near[:, :-1]
    hy = dy & near[1:, :] & near[:-1, :]
    seeds = near & ~m
    holes = _grow(seeds, hx, hy) & near
    # a hole is a smooth patch of some size, not a few pale pixels of an item
    holes &= _box_blur(holes.astype(np.float32)[..., None], 1)[..., 0] > 0.99
    holes = _grow(holes, hx, hy)
    m = m | holes
    # close pin-holes and 1 px lines: a pixel between two background pixels,
    # above and below or left and right, is background
    for _ in range(2):
        q = np.pad(m, 1, mode="edge")
        m = m | (q[:-2, 1:-1] & q[2:, 1:-1]) | (q[1:-1, :-2] & q[1:-1, 2:])
    return m


def _box_blur(a: np.ndarray, r: int) -> np.ndarray:
    """Mean over a (2r+1)-square window (edges repeated), along the first two axes."""
    for axis in (0, 1):
        pad = [(0, 0)] * a.ndim
        pad[axis] = (r + 1, r)
        c = np.cumsum(np.pad(a, pad, mode="edge"), axis=axis)
        n = a.shape[axis]
        a = (np.take(c, np.arange(2 * r + 1, 2 * r + 1 + n), axis=axis)
             - np.take(c, np.arange(0, n), axis=axis)) / (2 * r + 1)
    return a


def pale_colour(rng: np.random.Generator) -> np.ndarray:
    r, g, b = colorsys.hls_to_rgb(rng.random(), 0.72 + 0.24 * rng.random(), 0.05 + 0.4 * rng.random())
    return np.array([r, g, b], np.float32)


def transform(img: Image.Image, rng: np.random.Generator, enabled=STEPS) -> Image.Image:
    img = img.convert("RGB")
    x = np.asarray(img, np.float32) / 255.0
    h, w, _ = x.shape

    # 1. background colour: the backdrop's pixels are recoloured, multiplied per channel by
    # new colour / old mean colour and by a new gradient, so its shadow, table edge and light
    # fall-off stay where they were, in the new colour (a soft 1 px edge around the item)
    bg = pale_colour(rng)
    ga = rng.random() * 2 * np.pi
    gs = 0.15 * rng.random()
    if "background" in enabled:
        mb = background_mask(x)
        old = x[mb].mean(axis=0) if mb.any() else np.full(3, 0.85, np.float32)
        ratio = bg / np.maximum(old, 0.05)
        soft = np.asarray(
            Image.fromarray((mb * 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.7)),
            np.float32,
        )[..., None] / 255.0
        u = np.linspace(-1, 1, w)[None, :]
        v = np.linspace(-1, 1, h)[:, None]
        grad = 1.0 + gs * (np.cos(ga) * u + np.sin(ga) * v)
        recol = np.clip(x * ratio[None, None, :] * grad[..., None], 0, 1)
        x = x * (1 - soft) + recol * soft
        img = Image.fromarray((np.clip(x, 0, 1) * 255 + 0.5).astype(np.uint8))
    border = np.concatenate([x[0], x[-1], x[:, 0], x[:, -1]])
    fill = tuple(int(c * 255 + 0.5) for c in border.mean(axis=0))

    # 2. padding: more of the backdrop all round, its edge pixels repeated outwards, softened
    margins = 0.10 + 0.25 * rng.random(4)  # left, top, right, bottom, as fractions of the side
    if "padding" in enabled:
        l, t, r, b = (int(round(f * s)) for f, s in zip(margins, (w, h, w, h)))
        big = np.pad(x, ((t, b), (l, r), (0, 0)), mode="edge")
        ext = Image.fromarray((np.clip(big, 0, 1) * 255 + 0.5).astype(np.uint8))
        ext = ext.filter(ImageFilter.GaussianBlur(2.0))
        ext.paste(img, (l, t))
        img = ext

    # 3. rotation
    angle = rng.uniform(-8, 8)
    if "rotation" in enabled:
        img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=fill)

    # 4. crop
    area = rng.uniform(0.70, 0.95)
    aspect = np.exp(rng.uniform(np.log(3 / 4), np.log(4 / 3)))
    fx, fy = rng.random(), rng.random()
    if "crop" in enabled:
        W, H = img.size
        cw = min(W, int(round(np.sqrt(area * W * H * aspect))))
        ch = min(H, int(round(area * W * H / cw)))
        x0 = int(fx * (W - cw))
        y0 = int(fy * (H - ch))
        img = img.crop((x0, y0, x0 + cw, y0 + ch))

    # 5. scale
    long_side = int(rng.integers(96, 321))
    if "scale" in enabled:
        W, H = img.size
        k = long_side / max(W, H)
        img = img.resize((max(1, round(W * k)), max(1, round(H * k))), Image.BICUBIC)

    # 6. brightness / contrast
    bright = rng.uniform(0.75, 1.25)
    contrast = rng.uniform(0.75, 1.25)
    if "photometric" in enabled:
        img = ImageEnhance.Brightness(img).enhance(bright)
        img = ImageEnhance.Contrast(img).enhance(contrast)

    # 7. JPEG
    quality = int(rng.integers(40, 81))
    if "jpeg" in enabled:
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=quality)
        buf.seek(0)
        img = Image.open(buf)
        img.load()
    return img
