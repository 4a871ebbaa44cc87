#!/usr/bin/env python3
"""Images per second of a model directory (model.onnx + manifest.json) in onnxruntime.

    python models/bench_onnxruntime.py models/dalil-features-v1 --batch 1
    python models/bench_onnxruntime.py /tmp/vit-b32-random --batch 8 --threads 2

Times session.run on random CLIP-normalised input (preprocessing is not
included), after warm-up runs, with intra-op threads as given (default 2, this
machine's core count) and one inter-op thread, full graph optimisation.
Prints one line per batch size:

    model=<name> batch=<B> threads=<T> runs=<R> ms_per_batch=<median> images_per_s=<B*1000/median>

The Rust side's benchmark prints the same figures for the same model file.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time

import numpy as np
import onnxruntime as ort


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model_dir")
    ap.add_argument("--batch", type=int, nargs="+", default=[1, 8])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seconds", type=float, default=10.0, help="timing budget per batch size")
    ap.add_argument("--warmup", type=int, default=3)
    a = ap.parse_args(argv)

    with open(os.path.join(a.model_dir, "manifest.json")) as f:
        man = json.load(f)
    so = ort.SessionOptions()
    so.intra_op_num_threads = a.threads
    so.inter_op_num_threads = 1
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    t0 = time.perf_counter()
    sess = ort.InferenceSession(os.path.join(a.model_dir, "model.onnx"), so, providers=["CPUExecutionProvider"])
    load_s = time.perf_counter() - t0
    size = int(man.get("image_size", 224))
    print(f"onnxruntime {ort.__version__}, session created in {load_s:.2f} s, "
          f"input {man['input']} output {man['output']}", flush=True)
    rng = np.random.default_rng(0)
    for b in a.batch:
        x = rng.standard_normal((b, 3, size, size), dtype=np.float32)
        feeds = {man["input"]: x}
        for _ in range(a.warmup):
            y = sess.run([man["output"]], feeds)[0]
        assert y.shape == (b, int(man["embedding_dim"])), y.shape
        times = []
        start = time.perf_counter()
        while time.perf_counter() - start < a.seconds or len(times) < 3:
            t = time.perf_counter()
            sess.run([man["output"]], feeds)
            times.append(time.perf_counter() - t)
        med = statistics.median(times) * 1000
        print(f"model={man.get('name')} batch={b} threads={a.threads} runs={len(times)} "
              f"ms_per_batch={med:.2f} images_per_s={b * 1000 / med:.2f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
