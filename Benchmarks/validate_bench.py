#!/usr/bin/env python3
"""Worst-case policy validation: the time `POST /v2/accounts/permissions/public/validate` takes for the
costliest statements it accepts (Tests/sdk/validate_worst_case.py, at the limits in the README), alone and four
at once, and /health latency meanwhile. Starts the release server; prints figures, asserts nothing.

usage: Benchmarks/validate_bench.py [--rounds 5] [--bin .build/release/gatehouse]
"""
import argparse, http.client, json, os, statistics, sys, threading, time

from bench_support import server

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "sdk"))
from validate_worst_case import worst_statements  # noqa: E402

KEY, SECRET, ACCOUNT = "555555555555555", "benchsecret", "bench"
PATH = "/v2/accounts/permissions/public/validate"


def validate(port, text):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.perf_counter()
    conn.request("POST", PATH, body=json.dumps({"policy": text}), headers={"Content-Type": "application/json"})
    r = conn.getresponse()
    r.read()
    conn.close()
    return r.status, time.perf_counter() - started


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--bin", default=".build/release/gatehouse")
    args = ap.parse_args()
    os.environ.setdefault("GATEHOUSE_PUBLIC_RATE_BURST", "100000")
    os.environ.setdefault("GATEHOUSE_PUBLIC_RATE_PER_SECOND", "100000")
    statements = worst_statements()
    with server(args.bin, KEY, SECRET, ACCOUNT, 10) as (_, port, _):
        validate(port, "permit(principal, action, resource);")
        worst = (None, 0.0)
        print(f"{'shape':<16} {'bytes':>6} {'status':>6} {'p50 ms':>8} {'max ms':>8}")
        for name, text in statements.items():
            runs = [validate(port, text) for _ in range(args.rounds)]
            times = [t for _, t in runs]
            print(f"{name:<16} {len(text.encode()):>6} {runs[0][0]:>6} {statistics.median(times) * 1000:>8.0f} {max(times) * 1000:>8.0f}")
            if max(times) > worst[1]:
                worst = (name, max(times))
        print(f"worst case alone: {worst[0]} {worst[1] * 1000:.0f} ms")

        # Four of the worst at once, /health polled meanwhile.
        text = statements[worst[0]]
        results, health = [], []
        threads = [threading.Thread(target=lambda: results.append(validate(port, text))) for _ in range(4)]
        for t in threads:
            t.start()
        while any(t.is_alive() for t in threads):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            started = time.perf_counter()
            conn.request("GET", "/health")
            conn.getresponse().read()
            health.append(time.perf_counter() - started)
            conn.close()
            time.sleep(0.02)
        for t in threads:
            t.join()
        statuses = sorted(s for s, _ in results)
        print(f"four at once: {statuses}, slowest {max(t for _, t in results) * 1000:.0f} ms; "
              f"/health during: {len(health)} polls, max {max(health) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
