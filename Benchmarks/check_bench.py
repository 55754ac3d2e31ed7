#!/usr/bin/env python3
"""Decision-service benchmark: checks/s and latency through HTTP (wrk, loopback, 8 and 64 connections) for a
realistic account, against a hello-world route (/health) on the same server in the same run.

Seeds through the real APIs: users, groups (each user in one group), custom roles, folders 8 deep (Admin API),
folder roles given to groups on random folders. Then wrk POSTs check requests for random (user, asset under a
random folder chain) pairs. Prints figures; asserts nothing (targets are in the README).

usage: Benchmarks/check_bench.py [--users 10000] [--groups 1000] [--roles 200] [--folders 10000] [--rounds 3]
"""
import argparse, base64, json, os, random, statistics, subprocess, tempfile, threading, time

from bench_support import Client, server, wait_for_mail, wrk

KEY, SECRET, ACCOUNT = "777777777777777", "checkbench", "checkbench"


def parallel(n, threads, port, work, **kw):
    it = iter(range(n))
    lock = threading.Lock()
    out = [None] * n

    def run():
        c = Client(port, kw.get("key", KEY), kw.get("secret", SECRET))
        while True:
            with lock:
                i = next(it, None)
            if i is None:
                return
            out[i] = work(c, i)
    ts = [threading.Thread(target=run) for _ in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return out


def cpu_seconds(pid):
    """User + system CPU time the process has used so far (Linux /proc)."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--users", type=int, default=10000)
    ap.add_argument("--groups", type=int, default=1000)
    ap.add_argument("--roles", type=int, default=200)
    ap.add_argument("--folders", type=int, default=10000)
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=3, help="runs of each route per connection count; medians compared")
    ap.add_argument("--bin", default=".build/release/gatehouse")
    ap.add_argument("--perf", help="record a perf profile of the server into this file during the first run of --perf-route")
    ap.add_argument("--perf-route", default="check", choices=("hello", "check", "check-new"))
    args = ap.parse_args()
    rnd = random.Random(7)
    data_dir = tempfile.mkdtemp(prefix="gatehouse-checkbench-")
    with server(args.bin, KEY, SECRET, ACCOUNT, args.users + 10) as (process, port, server_dir):
        P = f"/v1_1/provisioning/accounts/{ACCOUNT}"
        Q = f"/v2/accounts/{ACCOUNT}/permissions"
        c = Client(port, KEY, SECRET)
        t0 = time.perf_counter()
        envs = c.call("GET", P + "/sub_accounts")["sub_accounts"][0]
        env_id, cloud = envs["id"], envs["cloud_name"]
        api_key, api_secret = envs["api_access_keys"][0]["key"], envs["api_access_keys"][0]["secret"]
        c.call("PUT", Q + "/principal_roles", {"operation": "add", "principal": {"type": "apiKey", "id": api_key},
                                               "roles": [{"id": "cld::role::prodenv::master_admin", "scope_id": env_id}]})
        users = parallel(args.users, 8, port, lambda c, i: c.call("POST", P + "/users", {
            "name": f"User {i}", "email": f"u{i}@checkbench.example.com", "role": "media_library_user"})["id"])
        groups = parallel(args.groups, 8, port, lambda c, i: c.call("POST", P + "/user_groups", {"name": f"Group {i}"})["id"])
        parallel(args.users, 8, port, lambda c, i: c.call("POST", f"{P}/user_groups/{groups[i % len(groups)]}/users/{users[i]}"))
        policies = [p["id"] for p in c.call("GET", Q + "/policies/system?scope_type=prodenv&permission_type=global")["data"]]
        parallel(args.roles, 8, port, lambda c, i: c.call("POST", Q + "/roles", {
            "id": f"bench_role_{i}", "name": f"Bench role {i}", "scope_type": "prodenv", "permission_type": "global",
            "system_policy_ids": rnd.sample(policies, 3)}))
        # Folders 8 deep: a tree of paths; each create returns the folder's external id.
        paths = []
        frontier = [""]
        while len(paths) < args.folders:
            parent = rnd.choice(frontier)
            depth = parent.count("/") + 1 if parent else 0
            path = f"{parent}/f{len(paths)}" if parent else f"f{len(paths)}"
            paths.append(path)
            if depth < 7:
                frontier.append(path)
        ext = {}
        def mkfolder(c, i):
            r = c.call("POST", f"/v1_1/{cloud}/folders/{paths[i]}", ok=(200,))
            return r["external_id"]
        # Parents first: create level by level.
        by_depth = sorted(range(len(paths)), key=lambda i: paths[i].count("/"))
        for depth in range(8):
            level = [i for i in by_depth if paths[i].count("/") == depth]
            ids = parallel(len(level), 8, port, lambda c, k: mkfolder(c, level[k]), key=api_key, secret=api_secret)
            for i, e in zip(level, ids):
                ext[paths[i]] = e
        def chain(path):
            parts = path.split("/")
            return [ext["/".join(parts[:k])] for k in range(1, len(parts) + 1)]
        folder_roles = ["cld::role::folder::viewer", "cld::role::folder::contributor", "cld::role::folder::editor",
                        "cld::role::folder::manager"]
        parallel(len(groups), 8, port, lambda c, i: c.call("PUT", Q + "/principal_roles", {
            "operation": "add", "principal": {"type": "group", "id": groups[i]},
            "roles": [{"id": rnd.choice(folder_roles), "scope_id": env_id,
                       "policy_parameters": {"folder_id": ext[rnd.choice(paths)]}},
                      {"id": f"bench_role_{i % args.roles}", "scope_id": env_id}]}))
        seeded = time.perf_counter() - t0
        bodies = []
        for _ in range(200):
            bodies.append(json.dumps({
                "principal": {"type": "user", "id": rnd.choice(users)}, "action": rnd.choice(["read", "update", "delete"]),
                "scope_id": env_id, "resource": {"type": "Asset", "id": "a1", "attributes": {
                    "ancestor_ids": chain(rnd.choice(paths)), "resource_type": "image", "access_mode": "public"}}}))
        script = os.path.join(data_dir, "check.lua")
        auth = base64.b64encode(f"{KEY}:{SECRET}".encode()).decode()
        # "check": the 200 questions asked over and over (what a client re-checking what it shows does; answered
        # whole from the result cache). "check-new": each request asks about an asset never asked before, so
        # every answer is worked out from the cached grants (decision, explanation, missing permissions).
        distinct = os.path.join(data_dir, "check-new.lua")
        # Each request is formatted once, in advance, as wrk sends hello's: wrk shares the two cores with the
        # server, and formatting every request in Lua cost it more than the server spends on hello.
        head = (f"POST {Q}/check HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
                f"Authorization: Basic {auth}\r\nContent-Length: ")
        def lua(x):  # a quoted Lua string (a long bracket would turn CR LF into LF)
            return "'" + x.replace("\\", "\\\\").replace("'", "\\'").replace("\r", "\\r").replace("\n", "\\n") + "'"
        def table(strings):
            return "{\n" + ",\n".join(map(lua, strings)) + "\n}"
        crlf = "\r\n"
        requests = [head + str(len(b)) + crlf + crlf + b for b in bodies]
        split = [b.split('"id": "a1"', 1) for b in bodies]
        before, after = [p[0] + '"id": "' for p in split], ['"' + p[1] for p in split]
        with open(script, "w") as f:
            f.write("local requests = " + table(requests) + "\n")
            f.write("local i = 0\nrequest = function()\n  i = i % #requests + 1\n  return requests[i]\nend\n")
        with open(distinct, "w") as f:
            f.write("local head = " + lua(head) + "\nlocal before = " + table(before) + "\nlocal after = " + table(after) + "\n")
            f.write("local threads = 0\nsetup = function(thread)\n  threads = threads + 1\n  thread:set('tid', threads)\nend\n"
                    "local i = 0\nlocal n = 0\nrequest = function()\n  i = i % #before + 1\n  n = n + 1\n"
                    "  local body = before[i] .. 'n' .. tid .. '-' .. n .. after[i]\n"
                    "  return head .. #body .. '\\r\\n\\r\\n' .. body\nend\n")
        print(f"seeded {args.users} users, {args.groups} groups, {args.roles} custom roles, {args.folders} folders "
              f"(8 deep) in {seeded:.0f} s; the invitations' mail drained {wait_for_mail(server_dir):.0f} s later")
        # Warm up: each distinct check twice, so the figures are the steady state (compiled grants cached, the
        # answers kept from their second asking), not the first compile of each principal's grants.
        for body in bodies + bodies:
            c.call("POST", Q + "/check", json.loads(body))
        # Loopback figures on a shared 2-core machine swing by a fifth from one 10-second run to the next, so
        # each route runs in several rounds, interleaved, and the summary compares medians.
        print(f"{'route':<10} {'conns':>5} {'round':>5} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'server CPU µs/req':>18}")
        for conns in (8, 64):
            runs = {}
            for round in range(1, args.rounds + 1):
                for name, url, lua in (("hello", f"http://127.0.0.1:{port}/health", None),
                                       ("check", f"http://127.0.0.1:{port}{Q}/check", script),
                                       ("check-new", f"http://127.0.0.1:{port}{Q}/check", distinct)):
                    cpu = cpu_seconds(process.pid)
                    perf = None
                    if args.perf and name == args.perf_route and conns == 8 and round == 1:
                        perf = subprocess.Popen(["perf", "record", "-F", "999", "-g", "-p", str(process.pid), "-o", args.perf, "--",
                                                 "sleep", str(max(1, args.seconds - 2))], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                    rps, p50, p99, _ = wrk(url, conns, args.seconds, lua)
                    if perf:
                        perf.wait()
                    per_request = (cpu_seconds(process.pid) - cpu) / (rps * args.seconds) * 1e6
                    runs.setdefault(name, []).append((rps, p50, p99, per_request))
                    print(f"{name:<10} {conns:>5} {round:>5} {rps:>9.0f} {p50:>8.2f} {p99:>8.2f} {per_request:>18.0f}", flush=True)
            median = {name: [statistics.median(r[k] for r in rs) for k in range(4)] for name, rs in runs.items()}
            for name, (rps, p50, p99, per_request) in median.items():
                print(f"{name:<10} {conns:>5} {'med':>5} {rps:>9.0f} {p50:>8.2f} {p99:>8.2f} {per_request:>18.0f}")
            hello = median["hello"][0]
            print(f"{'':<10} {'':>5} medians: check/hello = {median['check'][0] / hello:.2f}, "
                  f"check-new/hello = {median['check-new'][0] / hello:.2f}", flush=True)


if __name__ == "__main__":
    main()
