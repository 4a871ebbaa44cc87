#!/usr/bin/env python3
"""PostgreSQL full-text search on the same catalogue and queries as `benches/scale.rs`.

The baseline most marketplaces start from: the built-in `arabic` text search configuration
(Snowball), a GIN index over title, brand, model and description, `ts_rank` for order, and
facet counts with GROUP BY GROUPING SETS (one scan for all five facets plus the price range).
Each "request" is the two statements a storefront needs: the top 20 hits and the facets.

    pip install "psycopg[binary]"
    python3 benches/pg_fts.py --listings /tmp/big/listings.jsonl            # load + measure
    python3 benches/pg_fts.py --listings /tmp/big/listings.jsonl --no-load  # measure again

Prints p50/p90/p99 per request kind, in the same format as the scale bench, and how many
listings each query found (PostgreSQL has no brand dictionary or synonyms, so it finds fewer).
"""
import argparse
import json
import pathlib
import time

import psycopg

SCHEMA = "dalil_fts_bench"
ROUNDS = 30

HITS_SQL = f"""
SELECT id, ts_rank(tsv, q) AS rank
FROM {SCHEMA}.listings, plainto_tsquery('arabic', %(q)s) q
WHERE tsv @@ q {{filters}}
ORDER BY rank DESC LIMIT 20"""

FACETS_SQL = f"""
SELECT category, brand, condition, authentication_status, seller_level,
       count(*), min(price), max(price)
FROM {SCHEMA}.listings, plainto_tsquery('arabic', %(q)s) q
WHERE tsv @@ q {{filters}}
GROUP BY GROUPING SETS ((category), (brand), (condition), (authentication_status), (seller_level), ())"""

FILTERS = """AND price BETWEEN 5000 AND 900000 AND condition IN ('excellent', 'very_good')
             AND seller_level IN ('trusted', 'pro')"""


def load(conn, listings):
    with conn.cursor() as cur:
        cur.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
        cur.execute(f"CREATE SCHEMA {SCHEMA}")
        cur.execute(f"""CREATE TABLE {SCHEMA}.listings (
            id text PRIMARY KEY, title text NOT NULL, description text, category text NOT NULL,
            brand text, model text, condition text NOT NULL, price numeric(14,2) NOT NULL,
            authentication_status text, seller_level text, created_at timestamptz)""")
        started = time.time()
        with cur.copy(f"COPY {SCHEMA}.listings FROM STDIN") as copy:
            with open(listings, encoding="utf-8") as f:
                for line in f:
                    d = json.loads(line)
                    if d.get("status", "active") != "active":
                        continue
                    copy.write_row((d["id"], d["title"], d.get("description"), d["category"], d.get("brand"),
                                    d.get("model"), d["condition"], d["price"],
                                    d.get("authenticationStatus", "pending"), d.get("sellerLevel"), d.get("createdAt")))
        cur.execute(f"""ALTER TABLE {SCHEMA}.listings ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('arabic', title), 'A') ||
            setweight(to_tsvector('arabic', coalesce(brand, '') || ' ' || coalesce(model, '')), 'B') ||
            setweight(to_tsvector('arabic', coalesce(description, '')), 'D')) STORED""")
        cur.execute(f"CREATE INDEX ON {SCHEMA}.listings USING gin (tsv)")
        cur.execute(f"ANALYZE {SCHEMA}.listings")
        conn.commit()
        print(f"loaded and indexed in {time.time() - started:.1f}s")


def measure(conn, name, queries, filters):
    hits_sql = HITS_SQL.format(filters=filters)
    facets_sql = FACETS_SQL.format(filters=filters)
    found = {}
    with conn.cursor() as cur:
        for q in queries:  # warm-up
            cur.execute(hits_sql, {"q": q}).fetchall()
            rows = cur.execute(facets_sql, {"q": q}).fetchall()
            found[q] = next((r[5] for r in rows if r[0] is None and r[1] is None and r[2] is None
                             and r[3] is None and r[4] is None), 0)
        timings = []
        for _ in range(ROUNDS):
            for q in queries:
                started = time.perf_counter()
                cur.execute(hits_sql, {"q": q}).fetchall()
                cur.execute(facets_sql, {"q": q}).fetchall()
                timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    pct = lambda p: timings[round((len(timings) - 1) * p)]
    print(f"{name:32} n={len(timings):6}  p50 {pct(.5):7.3f} ms  p90 {pct(.9):7.3f} ms  "
          f"p99 {pct(.99):7.3f} ms  max {timings[-1]:7.3f} ms")
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listings", required=True)
    parser.add_argument("--dsn", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--no-load", action="store_true")
    args = parser.parse_args()
    queries = [l.strip() for l in (pathlib.Path(__file__).parent / "queries.txt").read_text(encoding="utf-8").splitlines()
               if l.strip() and not l.startswith("#")]
    with psycopg.connect(args.dsn) as conn:
        if not args.no_load:
            load(conn, args.listings)
        count = conn.execute(f"SELECT count(*) FROM {SCHEMA}.listings").fetchone()[0]
        print(f"postgres: {count} active listings")
        found = measure(conn, "keyword query + all facets", queries, "")
        measure(conn, "filtered query + facets", queries, FILTERS)
        print("found per query:", json.dumps(found, ensure_ascii=False))


if __name__ == "__main__":
    main()
