#!/usr/bin/env python3
"""Store benchmark: durable user creates/s and checks/s on SQLite (one server) and on PostgreSQL (one server,
then two servers on one database), measured in one run on this machine.

Starts its own PostgreSQL with fsync on (Scripts/postgres.sh, DURABLE=1), so a PostgreSQL create is as durable as
a SQLite one (synchronous=FULL). Creates: 16 client threads over plain HTTP, split evenly over the servers.
Checks: wrk (8 connections per server, one wrk per server at once) on a user with a folder role, 200 distinct
requests, after the creates' invitations have gone out and a warm-up. Prints figures; asserts nothing (the README keeps them).

usage: Benchmarks/postgres_bench.py [--bin .build/release/gatehouse] [--creates 3000] [--seconds 10]
(needs Debian's wrk and postgresql)
"""
import argparse, base64, contextlib, json, os, random, re, shutil, subprocess, tempfile, threading, time

from bench_support import Client, server

KEY, SECRET, ACCOUNT = "888888888888888", "pgbench", "pgbench"
SCRIPTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Scripts")
P = f"/v1_1/provisioning/accounts/{ACCOUNT}"
Q = f"/v2/accounts/{ACCOUNT}/permissions"


@contextlib.contextmanager
def postgres():
    """A durable throwaway cluster; yields its server URL (database `postgres`)."""
    directory = tempfile.mkdtemp(prefix="gatehouse-bench-pg-")
    os.chmod(directory, 0o755)
    url = subprocess.run(["bash", f"{SCRIPTS}/postgres.sh", "start", directory], check=True, capture_output=True, text=True,
                         env=dict(os.environ, DURABLE="1")).stdout.strip().splitlines()[-1]
    try:
        yield url
    finally:
        subprocess.run(["bash", f"{SCRIPTS}/postgres.sh", "stop", directory], capture_output=True)
        shutil.rmtree(directory, ignore_errors=True)


@contextlib.contextmanager
def servers(binary, count, database_url):
    """`count` servers on one store: SQLite when database_url is None (count must be 1), else that database."""
    saved = os.environ.get("GATEHOUSE_DATABASE_URL")
    if database_url:
        os.environ["GATEHOUSE_DATABASE_URL"] = database_url
    try:
        with contextlib.ExitStack() as stack:
            ports = []
            for _ in range(count):
                process, port, data_dir = stack.enter_context(server(binary, KEY, SECRET, ACCOUNT, 1_000_000))
                ports.append((process, port, data_dir))
            yield ports
    finally:
        if saved is None:
            os.environ.pop("GATEHOUSE_DATABASE_URL", None)
        else:
            os.environ["GATEHOUSE_DATABASE_URL"] = saved


def creates_per_second(ports, n, threads=16):
    counter = iter(range(n))
    lock = threading.Lock()
    tag = random.randrange(1 << 30)

    def run(k):
        c = Client(ports[k % len(ports)][1], KEY, SECRET)
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            c.call("POST", P + "/users", {"name": f"Bench {i}", "email": f"b{tag}-{i}@pgbench.example.com"})
    started = time.perf_counter()
    workers = [threading.Thread(target=run, args=(k,)) for k in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return n / (time.perf_counter() - started)


def wrk(url, script, connections, seconds):
    out = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", script, url],
                         capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    m = re.search(r"\s99%\s+([\d.]+)(us|ms|s)", out)
    p99 = float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
    return rps, p99


def wait_for_mail(ports, count, timeout=300):
    """Until every invitation the creates queued has gone out (to the servers' outboxes), so the checks do not
    share the machine with the mail worker."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        sent = sum(len(os.listdir(os.path.join(d, "outbox"))) for _, _, d in ports if os.path.isdir(os.path.join(d, "outbox")))
        if sent >= count:
            return
        time.sleep(0.5)
    raise RuntimeError(f"only {sent} of {count} invitations went out in {timeout} s")


def checks_per_second(ports, seconds, workdir, mail_before):
    c = Client(ports[0][1], KEY, SECRET)
    env = c.call("GET", P + "/sub_accounts")["sub_accounts"][0]["id"]
    user = c.call("POST", P + "/users", {"name": "Checked", "email": f"checked-{random.randrange(1 << 30)}@pgbench.example.com",
                                         "sub_account_ids": [env]})["id"]
    c.call("PUT", Q + "/principal_roles", {"operation": "add", "principal": {"type": "user", "id": user}, "roles": [
        {"id": "cld::role::folder::editor", "scope_id": env, "policy_parameters": {"folder_id": f"f{k}"}} for k in range(20)]})
    wait_for_mail(ports, mail_before + 1)  # the checked user's own invitation
    rnd = random.Random(3)
    bodies = [json.dumps({"principal": {"type": "user", "id": user}, "action": rnd.choice(["read", "update", "delete"]),
                          "scope_id": env, "resource": {"type": "Asset", "id": "a1", "attributes": {
                              "ancestor_ids": [f"f{rnd.randrange(40)}"], "resource_type": "image", "access_mode": "public"}}})
              for _ in range(200)]
    for _, port, _ in ports:
        warm = Client(port, KEY, SECRET)
        for body in bodies:
            warm.call("POST", Q + "/check", json.loads(body))
    script = os.path.join(workdir, "check.lua")
    auth = base64.b64encode(f"{KEY}:{SECRET}".encode()).decode()
    with open(script, "w") as f:
        f.write("local bodies = {\n" + ",\n".join("[==[" + b + "]==]" for b in bodies) + "\n}\nlocal i = 0\n")
        f.write(f'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.headers["Authorization"] = "Basic {auth}"\n')
        f.write("request = function()\n  i = i % #bodies + 1\n  return wrk.format(nil, nil, nil, bodies[i])\nend\n")
    results = [None] * len(ports)

    def run(k):
        results[k] = wrk(f"http://127.0.0.1:{ports[k][1]}{Q}/check", script, 8, seconds)
    workers = [threading.Thread(target=run, args=(k,)) for k in range(len(ports))]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return sum(r[0] for r in results), max(r[1] for r in results)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=".build/release/gatehouse")
    ap.add_argument("--creates", type=int, default=3000)
    ap.add_argument("--seconds", type=int, default=10)
    args = ap.parse_args()
    workdir = tempfile.mkdtemp(prefix="gatehouse-bench-")
    rows = []
    try:
        with postgres() as pg:
            for label, count, database in (("SQLite, 1 server", 1, None), ("PostgreSQL, 1 server", 1, "one"),
                                           ("PostgreSQL, 2 servers", 2, "two")):
                url = None
                if database:
                    subprocess.run(["psql", pg, "-q", "-c", f"CREATE DATABASE bench_{database}"], check=True)
                    url = pg.rsplit("/", 1)[0] + f"/bench_{database}"
                with servers(args.bin, count, url) as ports:
                    creates = creates_per_second(ports, args.creates)
                    checks, p99 = checks_per_second(ports, args.seconds, workdir, mail_before=args.creates)
                rows.append((label, creates, checks, p99))
                print(f"{label}: {creates:.0f} creates/s, {checks:.0f} checks/s (p99 {p99:.1f} ms)", flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"\n{'store':<24} {'user creates/s':>15} {'checks/s':>10} {'check p99 ms':>13}")
    for label, creates, checks, p99 in rows:
        print(f"{label:<24} {creates:>15.0f} {checks:>10.0f} {p99:>13.1f}")


if __name__ == "__main__":
    main()
