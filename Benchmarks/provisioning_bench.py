#!/usr/bin/env python3
"""Provisioning API benchmark: user creates/s through HTTP, list-with-filter latency and server RSS at N users.

Starts the release server on a free loopback port with a temp data dir, creates users through the real HTTP
API (keep-alive connections, several client threads), then measures filtered list queries. Prints figures;
asserts nothing (targets are in the README).

usage: Benchmarks/provisioning_bench.py [--users 100000] [--threads 4] [--bin .build/release/gatehouse]
"""
import argparse, threading, time

from bench_support import Client, server

KEY, SECRET, ACCOUNT = "555555555555555", "benchsecret", "bench"


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def client(port):
    return Client(port, KEY, SECRET)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--users", type=int, default=100_000)
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--bin", default=".build/release/gatehouse")
    args = ap.parse_args()

    P = f"/v1_1/provisioning/accounts/{ACCOUNT}/"
    with server(args.bin, KEY, SECRET, ACCOUNT, args.users + 10) as (process, port, _):
        counter = iter(range(args.users))
        lock = threading.Lock()

        def worker():
            c = client(port)
            while True:
                with lock:
                    i = next(counter, None)
                if i is None:
                    return
                c.call("POST", P + "users", {"name": f"User {i:06d} {'ann' if i % 10 == 0 else 'bob'}",
                                              "email": f"user{i}@bench.example.com", "role": "media_library_user"})

        started = time.perf_counter()
        threads = [threading.Thread(target=worker) for _ in range(args.threads)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
        print(f"users created:            {args.users}")
        print(f"user creates/s (HTTP):    {args.users / elapsed:.0f}  ({args.threads} client threads, synchronous=FULL)")

        c = client(port)
        queries = [
            ("prefix", "users?prefix=User+0001&page_size=50"),
            ("pending+sort by name", "users?pending=true&sort_by=name&sort_order=asc&page_size=50"),
            ("ids (20)", "users?" + "&".join(f"ids=nope{i}" for i in range(20))),
            ("emails (5)", "users?" + "&".join(f"emails=user{i}%40bench.example.com" for i in range(5))),
        ]
        for label, path in queries:
            samples = []
            for _ in range(args.queries):
                t0 = time.perf_counter()
                c.call("GET", P + path)
                samples.append((time.perf_counter() - t0) * 1000)
            samples.sort()
            p50 = samples[len(samples) // 2]
            p99 = samples[int(len(samples) * 0.99) - 1]
            print(f"list {label:<22} p50 {p50:6.2f} ms  p99 {p99:6.2f} ms")
        print(f"server RSS at {args.users} users: {rss_mb(process.pid):.0f} MB")


if __name__ == "__main__":
    main()
