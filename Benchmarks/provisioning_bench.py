#!/usr/bin/env python3
"""Provisioning API benchmark: user creates/s through HTTP, list-with-filter latency and server RSS at N users.

Starts the release server on a free loopback port with a temp data dir, creates users through the real HTTP
API (keep-alive connections, several client threads), then measures filtered list queries. Prints figures;
asserts nothing (targets are in the README).

Then, with --wrk-seconds S (default 20; 0 skips it), drives creates with wrk (keep-alive, 16 then 64 connections
by default, a unique email per request) for S seconds each: the create rate the server itself sustains, without
the Python client's own cost, its latency, and how long the invitations' mail took to drain after it.

usage: Benchmarks/provisioning_bench.py [--users 100000] [--threads 4] [--wrk-seconds 20] [--wrk-connections 16,64]
                                        [--bin .build/release/gatehouse] [--perf FILE]
"""
import argparse, base64, os, re, subprocess, threading, time, uuid

from bench_support import Client, server, wrk, wait_for_mail

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
    ap.add_argument("--wrk-seconds", type=int, default=20)
    ap.add_argument("--wrk-connections", default="16,64", help="comma-separated: one wrk run per connection count")
    ap.add_argument("--perf", help="record a perf profile of the server into this file during the wrk creates")
    args = ap.parse_args()

    P = f"/v1_1/provisioning/accounts/{ACCOUNT}/"
    with server(args.bin, KEY, SECRET, ACCOUNT, args.users + 10 + 4000 * args.wrk_seconds) as (process, port, data_dir):
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

        print(f"the invitations' mail drained {wait_for_mail(data_dir):.0f} s later (lists measured after it)")
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
        if args.wrk_seconds > 0:
            perf = args.perf and subprocess.Popen(
                ["perf", "record", "-F", "999", "-g", "-p", str(process.pid), "-o", args.perf, "--", "sleep",
                 str(max(1, args.wrk_seconds - 2))], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for connections in map(int, args.wrk_connections.split(",")):
                wrk_creates(port, P + "users", data_dir, args.wrk_seconds, connections)
                if perf:
                    perf.wait()
                    perf = None
                # Each create queued an invitation: how long the mail worker still needed after the last one
                # shows whether delivery kept up, or the rate borrowed CPU from mail left for later.
                print(f"  the invitations' mail drained {wait_for_mail(data_dir):.0f} s after the last create")
            print(f"server RSS after the wrk creates: {rss_mb(process.pid):.0f} MB")


def wrk_creates(port, path, data_dir, seconds, connections):
    """Creates through wrk: each request a new user with its own email (thread id + counter + run id)."""
    script = os.path.join(data_dir, "create.lua")
    auth = base64.b64encode(f"{KEY}:{SECRET}".encode()).decode()
    run = uuid.uuid4().hex[:8]
    with open(script, "w") as f:
        f.write(f'''
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Basic {auth}"
local n = 0
request = function()
  n = n + 1
  local body = '{{"name":"Wrk ' .. tid .. ' ' .. n .. '","email":"wrk{run}-' .. tid .. '-' .. n .. '@bench.example.com","role":"media_library_user"}}'
  return wrk.format(nil, nil, nil, body)
end
''')
    rps, p50, p99, out = wrk(f"http://127.0.0.1:{port}{path}", connections, seconds, script)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    print(f"user creates/s (wrk, {connections} connections, {seconds} s): {rps:.0f}  p50 {p50:.1f} ms  p99 {p99:.1f} ms"
          f"  non-2xx: {errors.group(1) if errors else 0}")


if __name__ == "__main__":
    main()
