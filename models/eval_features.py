#!/usr/bin/env python3
"""Recall of visual lookup on the bundled catalogue photos, with onnxruntime.

For every catalogue photo (datasets/images/*.jpg, one per listing) a query
photo is made by query_transforms.transform (background replaced, padding,
rotation +-8 deg, crop keeping 70-95 % of the area, rescale, brightness and
contrast +-25 %, JPEG quality 40-80; fixed seed).  Catalogue and queries go
through the same CLIP preprocessing (clip_preprocess.py) and the model; the
hits are the catalogue photos ranked by cosine similarity (exact search).
recall@k is the share of queries whose own listing is among the first k.

    python models/eval_features.py                          # models/dalil-features-v1, all 5000
    python models/eval_features.py --queries 1000 --steps crop,rotation
    python models/eval_features.py --model-dir /tmp/vit     # any model dir with the same contract
"""

from __future__ import annotations

import argparse
import collections
import glob
import json
import os
import sys
import time

import numpy as np
import onnxruntime as ort
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import clip_preprocess  # noqa: E402
import query_transforms  # noqa: E402


def session(model_dir: str, threads: int) -> tuple[ort.InferenceSession, dict]:
    with open(os.path.join(model_dir, "manifest.json")) as f:
        man = json.load(f)
    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    sess = ort.InferenceSession(os.path.join(model_dir, "model.onnx"), so, providers=["CPUExecutionProvider"])
    return sess, man


def embed(sess, man, images, batch: int = 32) -> np.ndarray:
    """images: iterable of PIL images -> L2-normalised [n, dim] float32."""
    out, buf = [], []

    def flush():
        x = np.stack(buf)
        out.append(sess.run([man["output"]], {man["input"]: x})[0])
        buf.clear()

    for im in images:
        buf.append(clip_preprocess.preprocess(im))
        if len(buf) == batch:
            flush()
    if buf:
        flush()
    e = np.concatenate(out).astype(np.float32)
    return e / np.maximum(np.linalg.norm(e, axis=1, keepdims=True), 1e-12)


def load(path: str) -> Image.Image:
    with Image.open(path) as im:
        im.load()
        return im.convert("RGB")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model-dir", default=os.path.join(HERE, "dalil-features-v1"))
    ap.add_argument("--data-dir", default=os.path.join(HERE, "..", "datasets"))
    ap.add_argument("--queries", type=int, default=0, help="number of queries (default: one per photo)")
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--steps", default=",".join(query_transforms.STEPS),
                    help="transform steps to apply (comma-separated; 'none' for untransformed queries); "
                         "default: all of " + ",".join(query_transforms.STEPS))
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--json", help="also write the figures here")
    a = ap.parse_args(argv)

    steps = () if a.steps == "none" else tuple(s for s in a.steps.split(",") if s)
    for s in steps:
        if s not in query_transforms.STEPS:
            ap.error(f"unknown step {s!r}")
    paths = sorted(glob.glob(os.path.join(a.data_dir, "images", "*.jpg")))
    if not paths:
        ap.error(f"no photos in {a.data_dir}/images")
    category = {}
    lp = os.path.join(a.data_dir, "listings.jsonl")
    if os.path.exists(lp):
        with open(lp) as f:
            for line in f:
                row = json.loads(line)
                for img in row.get("images") or []:
                    category[os.path.basename(img)] = row.get("category", "?")

    sess, man = session(a.model_dir, a.threads)
    t0 = time.time()
    cat = embed(sess, man, (load(p) for p in paths))
    t_cat = time.time() - t0

    rng = np.random.default_rng(a.seed)
    n = len(paths) if a.queries <= 0 else min(a.queries, len(paths))
    qidx = np.sort(rng.choice(len(paths), n, replace=False)) if n < len(paths) else np.arange(n)
    t0 = time.time()
    queries = (query_transforms.transform(load(paths[i]), rng, steps) for i in qidx)
    q = embed(sess, man, queries)
    t_q = time.time() - t0

    sims = q @ cat.T  # exact cosine search
    own = sims[np.arange(n), qidx]
    rank = (sims > own[:, None]).sum(axis=1)  # 0 = first; ties count in the query's favour
    r1 = float((rank < 1).mean())
    r10 = float((rank < 10).mean())
    print(f"model      {a.model_dir} ({man.get('name')})")
    print(f"catalogue  {len(paths)} photos, embedded in {t_cat:.1f} s")
    print(f"queries    {n}, seed {a.seed}, steps {','.join(steps) or 'none'} ({t_q:.1f} s)")
    print(f"recall@1   {r1:.4f}")
    print(f"recall@10  {r10:.4f}")
    print(f"median rank of own listing {int(np.median(rank)) + 1}, mean {rank.mean() + 1:.1f}")
    by = collections.defaultdict(list)
    for i, r in zip(qidx, rank):
        by[category.get(os.path.basename(paths[i]), "?")].append(r)
    print("by category  (n, recall@1, recall@10)")
    for c in sorted(by):
        rr = np.array(by[c])
        print(f"  {c:<12} {len(rr):5d}  {np.mean(rr < 1):.3f}  {np.mean(rr < 10):.3f}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"model": man.get("name"), "queries": n, "seed": a.seed, "steps": list(steps),
                       "recall_at_1": r1, "recall_at_10": r10,
                       "by_category": {c: {"n": len(v), "recall_at_1": float(np.mean(np.array(v) < 1)),
                                           "recall_at_10": float(np.mean(np.array(v) < 10))}
                                       for c, v in by.items()}}, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
