#!/usr/bin/env python3
"""How long a change made in PostgreSQL takes to show in search while `dalil serve` follows
the database: insert a listing, then poll /api/search until it is found.

    cargo build --release
    python3 benches/sync_visibility.py --changes 100 --rate 20

Creates its own database (dalil_visibility_bench) on the local server, loads the bundled
dataset, starts target/release/dalil (or $DALIL_BIN), and prints p50/p90/p99/max in ms.
"""
import argparse, json, os, subprocess, threading, time, urllib.parse, urllib.request

import psycopg

SERVER = "postgresql://postgres@127.0.0.1:5432/test"
DB = "dalil_visibility_bench"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--changes", type=int, default=100)
    p.add_argument("--rate", type=float, default=20.0, help="measured changes per second")
    p.add_argument("--background", type=float, default=0.0,
                   help="other changes per second written meanwhile (price updates on random listings)")
    args = p.parse_args()
    binary = os.environ.get("DALIL_BIN", "target/release/dalil")
    with psycopg.connect(SERVER, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {DB}")
    url = f"postgresql://postgres@127.0.0.1:5432/{DB}"
    subprocess.run([binary, "db", "load-dataset", "--database-url", url], check=True)
    index_dir = f"/tmp/{DB}-index"
    subprocess.run(["rm", "-rf", index_dir], check=True)
    server = subprocess.Popen([binary, "--log-format", "json", "serve", "--addr", "127.0.0.1:0",
                               "--database-url", url, "--index-dir", index_dir], stderr=subprocess.PIPE, text=True)
    addr = None
    for line in server.stderr:
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if event.get("fields", {}).get("message") == "dalil is serving":
            addr = event["fields"]["addr"]
            break
    timings = []
    stop = threading.Event()

    def background():
        with psycopg.connect(url, autocommit=True) as conn:
            while not stop.is_set():
                started = time.perf_counter()
                conn.execute("UPDATE products SET price = price + 1 WHERE id = "
                             "(SELECT id FROM products WHERE status = 'active' OFFSET floor(random() * 4000) LIMIT 1)")
                time.sleep(max(0.0, 1.0 / args.background - (time.perf_counter() - started)))

    writer = threading.Thread(target=background) if args.background > 0 else None
    if writer:
        writer.start()
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            for i in range(args.changes):
                word = f"zzvis{i:05d}"
                conn.execute(
                    "INSERT INTO products (category_id, title, condition, price, status) "
                    "SELECT id, %s, 'new', 1000, 'active' FROM categories WHERE slug = 'bags'", (f"bag {word}",))
                started = time.perf_counter()
                while True:
                    q = urllib.parse.urlencode({"q": word + " "})
                    with urllib.request.urlopen(f"http://{addr}/api/search?{q}") as r:
                        if json.load(r)["total"] == 1:
                            break
                    if time.perf_counter() - started > 10:
                        raise SystemExit(f"{word} not visible after 10 s")
                    time.sleep(0.002)
                timings.append((time.perf_counter() - started) * 1000)
                time.sleep(max(0.0, 1.0 / args.rate - timings[-1] / 1000))
    finally:
        stop.set()
        if writer:
            writer.join()
        server.terminate()
        server.wait()
        with psycopg.connect(SERVER, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
    timings.sort()
    pct = lambda q: timings[round((len(timings) - 1) * q)]
    print(f"visibility of a change, n={len(timings)} at {args.rate}/s (+{args.background}/s other changes): p50 {pct(.5):.1f} ms  "
          f"p90 {pct(.9):.1f} ms  p99 {pct(.99):.1f} ms  max {timings[-1]:.1f} ms")


if __name__ == "__main__":
    main()
