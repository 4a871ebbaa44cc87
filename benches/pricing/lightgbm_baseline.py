#!/usr/bin/env python3
"""LightGBM on the same time split as `dalil backtest`, as an outside reference for the
estimator: the strong gradient-boosting model the pricing issue asks Dalil to match.

Features: category, brand, model and reference as LightGBM categoricals (its native handling,
stronger than one-hot), condition rank, sale date in years, and every attribute (numbers as
they are, booleans 0/1, strings as categoricals). Target: log price. The number of trees is
chosen by early stopping on the most recent tenth of the training sales; the 80% range is
split-conformal from the errors there (the 10th and 90th percentiles).

Usage: python3 benches/pricing/lightgbm_baseline.py SALES.jsonl [--test-share 0.2]
(needs `pip install lightgbm pandas`).
"""

import argparse
import json

import numpy as np
import pandas as pd
import lightgbm as lgb

CONDITIONS = {"new": 0, "excellent": 1, "very_good": 2, "good": 3, "fair": 4}


def frame(path):
    rows = []
    for line in open(path):
        if not line.strip():
            continue
        s = json.loads(line)
        row = {
            "category": s["category"],
            "brand": (s.get("brand") or "").lower(),
            "model": ((s.get("brand") or "") + "|" + (s.get("model") or "")).lower(),
            "reference": (s.get("referenceNumber") or "").upper().replace(" ", ""),
            "condition": CONDITIONS[s["condition"]],
            "currency": s.get("currency", "EGP"),
            "t": pd.Timestamp(s["soldAt"]).value / 1e9 / (365.2425 * 86400),
            "y": np.log(float(s["salePrice"])),
        }
        for k, v in s.get("attributes", {}).items():
            row["a_" + k] = float(v) if isinstance(v, bool) else v
        rows.append(row)
    df = pd.DataFrame(rows).sort_values("t", kind="stable").reset_index(drop=True)
    for c in df.columns:
        if df[c].dtype == object or pd.api.types.is_string_dtype(df[c]):
            df[c] = df[c].astype("category")
    return df


def scores(y, est, low, high):
    price, e = np.exp(y), np.exp(est)
    ape = np.abs(e - price) / price
    ratio = e / price
    med = np.median(ratio)
    return {
        "n": len(y),
        "MdAPE": float(np.median(ape)),
        "PPE10": float(np.mean(ape <= 0.10)),
        "PPE20": float(np.mean(ape <= 0.20)),
        "coverage80": float(np.mean((y >= low) & (y <= high))),
        "medianWidth": float(np.median((np.exp(high) - np.exp(low)) / e)),
        "COD": float(100 * np.mean(np.abs(ratio - med)) / med),
        "PRD": float(np.mean(ratio) / (e.sum() / price.sum())),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("sales")
    ap.add_argument("--test-share", type=float, default=0.2)
    args = ap.parse_args()
    df = frame(args.sales)
    cut = int(len(df) * (1 - args.test_share))
    split_t = df["t"].iloc[cut]
    train, test = df[df["t"] < split_t], df[df["t"] >= split_t]
    features = [c for c in df.columns if c not in ("y",)]
    params = dict(objective="regression", learning_rate=0.03, num_leaves=63, min_child_samples=10,
                  feature_fraction=0.9, bagging_fraction=0.9, bagging_freq=1, lambda_l2=1.0,
                  cat_smooth=10, verbose=-1, num_threads=2, seed=7)
    v = int(len(train) * 0.9)
    fit, valid = train.iloc[:v], train.iloc[v:]
    booster = lgb.train(params, lgb.Dataset(fit[features], fit["y"]), num_boost_round=5000,
                        valid_sets=[lgb.Dataset(valid[features], valid["y"])],
                        callbacks=[lgb.early_stopping(100, verbose=False)])
    rounds = booster.best_iteration
    err = valid["y"].values - booster.predict(valid[features], num_iteration=rounds)
    lo, hi = np.quantile(err, 0.1), np.quantile(err, 0.9)
    final = lgb.train(params, lgb.Dataset(train[features], train["y"]), num_boost_round=rounds)
    est = final.predict(test[features])
    result = scores(test["y"].values, est, est + lo, est + hi)
    result["trees"] = rounds
    result["train"] = len(train)
    print(json.dumps(result, indent=1))
    by_cat = {}
    for cat in sorted(test["category"].unique()):
        m = (test["category"] == cat).values
        by_cat[str(cat)] = round(scores(test["y"].values[m], est[m], est[m] + lo, est[m] + hi)["MdAPE"], 4)
    print("MdAPE by category:", json.dumps(by_cat))


if __name__ == "__main__":
    main()
