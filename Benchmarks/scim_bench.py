#!/usr/bin/env python3
"""SCIM benchmark: user creates/s through `/scim/v2/Users` and filtered-list latency at N users, side by side with
the Provisioning API's user creates and list-by-email on the same server.

Starts the release server on a free loopback port with a temp data dir, makes a SCIM token with
`gatehouse scim token create`, seeds N users through SCIM (keep-alive connections, several client threads;
that rate is the "seed" row), then at N users times `--creates` more creates through each door and
`--queries` filtered lists: SCIM `userName eq "…"` and `emails.value co "…"`, the Provisioning API's
`users?emails=…`. Prints a table; asserts nothing (figures go in the README).

usage: Benchmarks/scim_bench.py [--users 100000] [--threads 4] [--creates 2000] [--queries 500]
                                [--bin .build/release/gatehouse]
"""
import argparse, json, random, subprocess, threading, time, urllib.parse

from bench_support import Client, server

KEY, SECRET, ACCOUNT = "555555555555555", "benchsecret", "bench"
SCIM = "/scim/v2/"
PROV = f"/v1_1/provisioning/accounts/{ACCOUNT}/"


def scim_token(binary, data_dir):
    out = subprocess.run([binary, "scim", "token", "create", "--name", "bench", "--data-dir", data_dir], check=True,
                         capture_output=True, text=True).stdout
    return [line.strip() for line in out.splitlines() if line.strip()][-1]


class ScimClient(Client):
    def __init__(self, port, token):
        super().__init__(port, KEY, SECRET)
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/scim+json"}


def scim_user(i, tag="u"):
    email = f"{tag}{i}@bench.example.com"
    return {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": email,
            "name": {"givenName": "User", "familyName": f"{i:06d}"}, "displayName": f"User {i:06d}",
            "emails": [{"value": email, "type": "work", "primary": True}], "externalId": f"ext-{tag}{i}", "active": True}


def prov_user(i, tag="p"):
    return {"name": f"User {i:06d}", "email": f"{tag}{i}@bench.example.com", "role": "media_library_user"}


def run_parallel(count, threads, make_client, call):
    """Runs call(client, i) for i in range(count) over `threads` keep-alive clients; returns the seconds taken."""
    counter = iter(range(count))
    lock = threading.Lock()
    errors = []

    def worker():
        c = make_client()
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            try:
                call(c, i)
            except Exception as e:  # noqa: BLE001 -- reported after the run
                errors.append(e)
                return

    started = time.perf_counter()
    workers = [threading.Thread(target=worker) for _ in range(threads)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    if errors:
        raise errors[0]
    return time.perf_counter() - started


def percentiles(samples):
    samples = sorted(samples)
    return samples[len(samples) // 2], samples[max(0, int(len(samples) * 0.99) - 1)]


def interleaved(clients_and_paths, count, check=None):
    """Times the i-th path of every series in turn, so background work (the invitation mails the creates
    queued) weighs on each series alike; returns (p50, p99) per series."""
    samples = [[] for _ in clients_and_paths]
    for i in range(count):
        for n, (client, paths) in enumerate(clients_and_paths):
            t0 = time.perf_counter()
            body = client.call("GET", paths[i])
            samples[n].append((time.perf_counter() - t0) * 1000)
            if check and n < 2:
                check(body)
    return [percentiles(s) for s in samples]


def q(filter_text):
    return urllib.parse.quote(filter_text, safe="")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--users", type=int, default=100_000)
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--creates", type=int, default=2000, help="creates timed through each door at N users")
    ap.add_argument("--queries", type=int, default=500)
    ap.add_argument("--bin", default=".build/release/gatehouse")
    args = ap.parse_args()
    rng = random.Random(7)

    rates = {"GATEHOUSE_PUBLIC_RATE_BURST": "1000000", "GATEHOUSE_PUBLIC_RATE_PER_SECOND": "1000000"}
    with server(args.bin, KEY, SECRET, ACCOUNT, args.users + 2 * args.creates + 10, rates) as (process, port, data_dir):
        token = scim_token(args.bin, data_dir)
        scim = lambda: ScimClient(port, token)  # noqa: E731
        prov = lambda: Client(port, KEY, SECRET)  # noqa: E731

        seed = run_parallel(args.users, args.threads, scim, lambda c, i: c.call("POST", SCIM + "Users", scim_user(i)))
        at_size_scim = run_parallel(args.creates, args.threads, scim,
                                    lambda c, i: c.call("POST", SCIM + "Users", scim_user(i, "s")))
        at_size_prov = run_parallel(args.creates, args.threads, prov,
                                    lambda c, i: c.call("POST", PROV + "users", prov_user(i)))

        picks = [rng.randrange(args.users) for _ in range(args.queries)]

        def one(body):
            assert body["totalResults"] == 1, body

        sc, pc = scim(), prov()
        rows = [
            ("user create (seed 0..N)", f"{args.users / seed:8.0f}/s", "", ""),
            (f"user create at N (+{args.creates})", f"{args.creates / at_size_scim:8.0f}/s",
             f"{args.creates / at_size_prov:8.0f}/s", ""),
        ]
        eq, co, by_email = interleaved([
            (sc, [SCIM + "Users?filter=" + q(f'userName eq "u{i}@bench.example.com"') for i in picks]),
            (sc, [SCIM + "Users?count=50&filter=" + q(f'emails.value co "u{i}@bench"') for i in picks]),
            (pc, [PROV + "users?emails=" + urllib.parse.quote(f"u{i}@bench.example.com") for i in picks]),
        ], args.queries, check=one)
        rows.append(("find by userName / email eq", f"{eq[0]:6.2f} / {eq[1]:6.2f} ms", f"{by_email[0]:6.2f} / {by_email[1]:6.2f} ms",
                     "p50 / p99"))
        rows.append(('emails.value co "…"', f"{co[0]:6.2f} / {co[1]:6.2f} ms", "(no substring filter)", "p50 / p99"))

        print(f"users: {args.users} (+{2 * args.creates} timed creates), {args.threads} client threads, {args.queries} queries each")
        print(f"{'':32} {'SCIM':>24} {'Provisioning API':>24}")
        for label, a, b, note in rows:
            print(f"{label:32} {a:>24} {b:>24}  {note}")
        print(json.dumps({"users": args.users, "scim_seed_per_s": round(args.users / seed),
                          "scim_create_per_s": round(args.creates / at_size_scim),
                          "prov_create_per_s": round(args.creates / at_size_prov),
                          "scim_eq_ms": [round(x, 2) for x in eq], "scim_co_ms": [round(x, 2) for x in co],
                          "prov_email_ms": [round(x, 2) for x in by_email]}))


if __name__ == "__main__":
    main()
