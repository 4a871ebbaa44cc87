#!/usr/bin/env python3
"""Per-route figures from two scrapes of Dalil's /metrics: requests, rate, statuses and the
p50/p99 of the server-side latency histograms (interpolated within buckets, as Prometheus'
histogram_quantile does).

usage: report.py BEFORE AFTER SECONDS
"""
import re
import sys
from collections import defaultdict

LINE = re.compile(r'^(\w+)(?:\{([^}]*)\})? (\S+)$')


def parse(path):
    series = {}
    for line in open(path, encoding="utf-8"):
        m = LINE.match(line.strip())
        if not m:
            continue
        name, labels, value = m.groups()
        key = (name, tuple(sorted(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', labels or ""))))
        series[key] = float(value)
    return series


def quantile(q, buckets):
    """buckets: sorted [(upper_bound, cumulative_count)], the last bound inf."""
    total = buckets[-1][1]
    if total == 0:
        return float("nan")
    rank = q * total
    lower_bound, lower_count = 0.0, 0.0
    for bound, count in buckets:
        if count >= rank:
            if bound == float("inf"):
                return lower_bound
            width = count - lower_count
            return lower_bound + (bound - lower_bound) * ((rank - lower_count) / width if width else 0)
        lower_bound, lower_count = bound, count
    return lower_bound


def main():
    before, after, seconds = parse(sys.argv[1]), parse(sys.argv[2]), float(sys.argv[3])
    delta = {k: v - before.get(k, 0.0) for k, v in after.items()}
    statuses = defaultdict(lambda: defaultdict(float))
    buckets = defaultdict(list)
    for (name, labels), value in delta.items():
        labels = dict(labels)
        route = f'{labels.get("method", "")} {labels.get("route", "")}'
        if name == "dalil_http_requests_total":
            statuses[route][labels["status"]] += value
        elif name == "dalil_http_request_duration_seconds_bucket":
            buckets[route].append((float(labels["le"]), value))
    print(f"| route | requests | per second | statuses | p50 ms | p99 ms |")
    print(f"| --- | ---: | ---: | --- | ---: | ---: |")
    for route in sorted(statuses, key=lambda r: -sum(statuses[r].values())):
        count = sum(statuses[route].values())
        if count == 0 or route.endswith(" /metrics"):
            continue
        b = sorted(buckets[route])
        codes = ", ".join(f"{s}: {int(n)}" for s, n in sorted(statuses[route].items()) if n)
        print(f"| {route} | {int(count)} | {count / seconds:.0f} | {codes} | {quantile(0.5, b) * 1000:.2f} | {quantile(0.99, b) * 1000:.2f} |")
    shed = delta.get(("dalil_requests_shed_total", ()), 0)
    limited = delta.get(("dalil_requests_rate_limited_total", ()), 0)
    print(f"\nshed (503): {int(shed)}, rate limited (429): {int(limited)}")


if __name__ == "__main__":
    main()
