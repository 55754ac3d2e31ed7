"""Times the reference Cedar engine (cedarpy 4.12.2) on the same data as `cedar-bench`.

The data comes from `cedar-bench --dump DIR` (policies-<size>.cedar,
entities.json, requests.jsonl), so both engines see byte-identical inputs.
Policies and entities are pre-parsed into cedarpy handles, as a long-running
service would hold them. Reported per decision:

* batch_mean_us - wall time of one `is_authorized_batch` call over all
  requests divided by their number (includes request JSON decoding);
* engine p50/p99 - the Rust authorizer's own `authz_duration_micros` per
  request (whole microseconds, excludes Python and request building);
* single p50/p99 - wall time of individual `is_authorized` calls.

Usage: cedar_bench_cedarpy.py --data DIR [--sizes 10,100,1000] [--json]
"""
import argparse
import json
import time
from pathlib import Path

import cedarpy


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(len(xs) * p))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--sizes", default="10,100,1000")
    ap.add_argument("--single", type=int, default=1000, help="individual is_authorized calls to time")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    d = Path(a.data)
    entities = cedarpy.Entities.from_json_str((d / "entities.json").read_text())
    requests = [json.loads(l) for l in (d / "requests.jsonl").read_text().splitlines() if l.strip()]
    if not a.json:
        print("engine     policies  batch_mean_us  engine_p50_us  engine_p99_us  single_p50_us  single_p99_us  allow%")
    for size in [int(s) for s in a.sizes.split(",")]:
        policies = cedarpy.PolicySet.from_str((d / f"policies-{size}.cedar").read_text())
        cedarpy.is_authorized_batch(requests[:100], policies, entities)  # warm-up
        t0 = time.perf_counter()
        results = cedarpy.is_authorized_batch(requests, policies, entities)
        batch_mean = (time.perf_counter() - t0) * 1e6 / len(requests)
        engine = [r.metrics.get("authz_duration_micros", 0) for r in results]
        allow = 100 * sum(r.allowed for r in results) / len(results)
        single = []
        for rq in requests[: a.single]:
            t = time.perf_counter()
            cedarpy.is_authorized(rq, policies, entities)
            single.append((time.perf_counter() - t) * 1e6)
        row = {"engine": "cedarpy", "policies": size, "batch_mean_us": batch_mean, "engine_p50_us": pct(engine, 0.5),
               "engine_p99_us": pct(engine, 0.99), "single_p50_us": pct(single, 0.5), "single_p99_us": pct(single, 0.99), "allow_pct": allow}
        if a.json:
            print(json.dumps(row))
        else:
            print(f"cedarpy    {size:8d}  {batch_mean:13.1f}  {row['engine_p50_us']:13.1f}  {row['engine_p99_us']:13.1f}  "
                  f"{row['single_p50_us']:13.1f}  {row['single_p99_us']:13.1f}  {allow:5.1f}")


if __name__ == "__main__":
    main()
