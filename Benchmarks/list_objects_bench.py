#!/usr/bin/env python3
""""What can this principal see" at 100,000 folders: the folders a user or API key may read, listed through HTTP,
beside a single per-folder check, and the server's memory at that size.

Starts the release server on a temporary data directory, makes four product environments and some API keys through
the Provisioning API, stops it, fills the SQLite file directly (a fixture, not a write path under test) with N users,
1,000 groups (every other user in one), M folders in trees up to 8 deep spread over the environments, and exactly R
role assignments: folder roles on groups and on users at every depth, product-environment and account roles. It then
starts the server again and measures through HTTP, keep-alive from one client thread on loopback:

- `POST /v2/accounts/{account}/permissions/readable_folders` (the listing for any user, group or key) for users with
  few grants, many grants and a Master Admin role: a page of 50 (the search's default), a page of 500 (its
  maximum) and the whole listing walked page by page (the API has no single-call "everything" mode);
- the Admin API's own listings for API keys with few and many folder roles and for a Master Admin key:
  `POST /v1_1/{cloud}/folders/search` (page of 50) and `GET /v1_1/{cloud}/folders` (the root level, up to 2,000);
- `POST /v2/accounts/{account}/permissions/check` of one folder (`read`, with its `ancestor_ids`) for the
  many-grants user, 200 distinct folders;

each after one warm-up call (its cold time printed too), and the server's VmRSS and VmHWM (/proc) after seeding
and after the runs. Prints figures; asserts nothing (targets: listing p99 <= 20 ms, RSS <= 200 MB).

usage: swift build -c release --product gatehouse
       Benchmarks/list_objects_bench.py [--users 100000] [--folders 100000] [--assignments 10000] [--runs 1000]
                                        [--bin .build/release/gatehouse]
"""
import argparse, os, random, sqlite3, statistics, subprocess, time

from bench_support import Client, free_port, server, wait_for_port

KEY, SECRET, ACCOUNT = "444444444444444", "listbench", "listbench"
P = f"/v1_1/provisioning/accounts/{ACCOUNT}"
Q = f"/v2/accounts/{ACCOUNT}/permissions"
FOLDER_ROLES = ["cld::role::folder::viewer", "cld::role::folder::contributor", "cld::role::folder::editor",
                "cld::role::folder::manager"]
STAMP = "2026-01-01 00:00:00.000"


def memory(pid):
    """VmRSS and VmHWM of the process, in MB."""
    out = {}
    for line in open(f"/proc/{pid}/status"):
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0]) / 1024
    return out


def folder_trees(rng, count, environments):
    """`count` folders over the environments: per environment, trees up to 8 deep (each new folder under a random
    folder that is not yet at depth 8, or a new root now and then). Returns rows and, per environment, the folders
    as (external id, path, depth, lineage ids)."""
    rows, by_env = [], {e: [] for e in environments}
    frontier = {e: [] for e in environments}
    for n in range(count):
        env = environments[n % len(environments)]
        folders, open_parents = by_env[env], frontier[env]
        parent = None if not open_parents or rng.random() < 0.004 else rng.choice(open_parents)
        ext = "c%032x" % rng.getrandbits(128)
        name = f"f{n}"
        path = f"{parent[1]}/{name}" if parent else name
        depth = parent[2] + 1 if parent else 1
        lineage = (parent[3] if parent else []) + [ext]
        folder = (ext, path, depth, lineage)
        folders.append(folder)
        if depth < 8:
            open_parents.append(folder)
        rows.append((ext, env, name, path, parent[0] if parent else None, depth, STAMP, STAMP))
    return rows, by_env


def fill(path, args, environments, targets):
    """Inserts users, groups, memberships, folders and exactly `args.assignments` role assignments. `targets`
    names the principals the runs ask about; their grants are part of the count."""
    rng = random.Random(17)
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous = OFF")
    users = [f"lbuser{i:08d}" for i in range(args.users)]
    db.executemany(
        "INSERT INTO user (id, accountID, name, nameKey, email, emailKey, role, status, enabled, allSubAccounts, root,"
        " twoFactor, passwordResetPending, lastLogin, createdAt, updatedAt) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        ((u, ACCOUNT, f"User {i}", f"user {i}", f"u{i}@listbench.example.com", f"u{i}@listbench.example.com",
          "media_library_user", "active", 1, 1, 0, 0, 0, None, STAMP, STAMP) for i, u in enumerate(users)))
    groups = [f"lbgroup{g:05d}" for g in range(1000)]
    db.executemany("INSERT INTO userGroup (id, accountID, name, nameKey, createdAt, updatedAt) VALUES (?,?,?,?,?,?)",
                   ((g, ACCOUNT, f"Group {i}", f"group {i}", STAMP, STAMP) for i, g in enumerate(groups)))
    db.executemany("INSERT INTO groupMember (groupID, userID, addedAt) VALUES (?,?,?)",
                   ((groups[i % len(groups)], u, STAMP) for i, u in enumerate(users) if i % 2 == 0))
    rows, by_env = folder_trees(rng, args.folders, environments)
    db.executemany("INSERT INTO folder (externalID, environmentID, name, path, parentID, depth, createdAt, updatedAt)"
                   " VALUES (?,?,?,?,?,?,?,?)", rows)

    env0 = environments[0]
    home = by_env[env0]
    assignments = set()

    def add(role, ptype, pid, scope, folder=None):
        assignments.add((ACCOUNT, role, ptype, pid, scope, "folder_id" if folder else "", folder or "", "explicit", STAMP, STAMP))

    def any_folder(env=None):
        env = env or rng.choice(environments)
        return env, rng.choice(by_env[env])[0]

    # The principals asked about. Few: one folder role of its own and its group's three, all at depth 5 or more.
    # Many: 150 of its own at every depth and six groups' three each. Admin: Master Admin of the environment. Keys likewise.
    few, many, admin = targets["few_user"], targets["many_user"], targets["admin_user"]
    # Every other user is in one group already (the many-grants user's index is even, the few's odd).
    db.executemany("INSERT INTO groupMember (groupID, userID, addedAt) VALUES (?,?,?)",
                   [(g, many, STAMP) for g in groups[101:106]] + [(groups[7], few, STAMP)])
    deep = [f for f in home if f[2] >= 5]
    add(rng.choice(FOLDER_ROLES), "user", few, env0, rng.choice(deep)[0])
    for _ in range(3):
        add(rng.choice(FOLDER_ROLES), "group", groups[7], env0, rng.choice(deep)[0])
    for _ in range(150):
        add(rng.choice(FOLDER_ROLES), "user", many, env0, rng.choice(home)[0])
    add("cld::role::prodenv::master_admin", "user", admin, env0)
    add(rng.choice(FOLDER_ROLES), "apiKey", targets["few_key"], env0, rng.choice(home)[0])
    for _ in range(150):
        add(rng.choice(FOLDER_ROLES), "apiKey", targets["many_key"], env0, rng.choice(home)[0])
    add("cld::role::prodenv::master_admin", "apiKey", targets["admin_key"], env0)
    # Everyone else: three folder roles per group, environment and account roles, then folder roles on users.
    for g in groups:
        for _ in range(3 if g != groups[7] else 0):
            env, folder = any_folder()
            add(rng.choice(FOLDER_ROLES), "group", g, env, folder)
    for _ in range(700):
        add(rng.choice(["cld::role::prodenv::ml_user", "cld::role::prodenv::reports"]), "user", rng.choice(users),
            rng.choice(environments))
    for _ in range(100):
        add(rng.choice(["cld::role::account::billing", "cld::role::account::reports"]), "user", rng.choice(users), "")
    while len(assignments) < args.assignments:
        env, folder = any_folder()
        add(rng.choice(FOLDER_ROLES), "user", rng.choice(users), env, folder)
    db.executemany("INSERT INTO roleAssignment (accountID, roleID, principalType, principalID, scopeID, instanceKind,"
                   " instanceID, source, createdAt, updatedAt) VALUES (?,?,?,?,?,?,?,?,?,?)", sorted(assignments))
    # Cached grants are keyed on the write generation: anything the server compiled before is stale now.
    if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'writeGeneration'").fetchone():
        db.execute("UPDATE writeGeneration SET value = value + 1")
    db.commit()
    db.execute("ANALYZE")
    db.close()
    return by_env


def timed(client, method, path, body=None):
    t0 = time.perf_counter()
    answer = client.call(method, path, body)
    return (time.perf_counter() - t0) * 1000, answer


def series(client, runs, method, path, body=None):
    """Cold time of the first call, then p50/p99 of `runs` more, and the last answer."""
    cold, answer = timed(client, method, path, body)
    times = []
    for _ in range(runs):
        ms, answer = timed(client, method, path, body)
        times.append(ms)
    times.sort()
    return cold, times[len(times) // 2], times[min(len(times) - 1, int(len(times) * 0.99))], answer


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--users", type=int, default=100_000)
    ap.add_argument("--folders", type=int, default=100_000)
    ap.add_argument("--assignments", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=1000)
    ap.add_argument("--bin", default=".build/release/gatehouse")
    args = ap.parse_args()

    with server(args.bin, KEY, SECRET, ACCOUNT, args.users + 100) as (process, port, data_dir):
        api = Client(port, KEY, SECRET)
        first = api.call("GET", P + "/sub_accounts")["sub_accounts"][0]
        environments = [first["id"]] + [api.call("POST", P + "/sub_accounts", {"name": f"List env {n}"})["id"]
                                        for n in range(3)]
        keys = {"admin_key": (first["api_access_keys"][0]["key"], first["api_access_keys"][0]["secret"])}
        for name in ("few_key", "many_key"):
            made = api.call("POST", f"{P}/sub_accounts/{first['id']}/access_keys", {"name": name})
            keys[name] = (made["api_key"], made["api_secret"])
        process.terminate()
        process.wait(timeout=30)
        targets = {"few_user": "lbuser00000011", "many_user": "lbuser00000012", "admin_user": "lbuser00000013",
                   **{k: v[0] for k, v in keys.items()}}
        started = time.perf_counter()
        by_env = fill(os.path.join(data_dir, "gatehouse.sqlite"), args, environments, targets)
        print(f"filled {args.users} users, 1000 groups, {args.folders} folders (4 environments, up to 8 deep), "
              f"{args.assignments} role assignments in {time.perf_counter() - started:.0f} s (direct SQL)")

        port = free_port()
        second = subprocess.Popen([args.bin, "serve", "--data-dir", data_dir, "--port", str(port)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_for_port(port)
            mem = memory(second.pid)
            print(f"server memory after start on the seeded store: VmRSS {mem['VmRSS']:.0f} MB, VmHWM {mem['VmHWM']:.0f} MB")
            run(args, port, environments[0], keys, targets, by_env[environments[0]], second.pid)
            mem = memory(second.pid)
            print(f"server memory after the runs:                  VmRSS {mem['VmRSS']:.0f} MB, VmHWM {mem['VmHWM']:.0f} MB")
        finally:
            second.terminate()
            second.wait(timeout=30)


def run(args, port, env, keys, targets, folders, pid):
    api = Client(port, KEY, SECRET)
    cloud = api.call("GET", f"{P}/sub_accounts/{env}")["cloud_name"]
    depths = {}
    for f in folders:
        depths[f[2]] = depths.get(f[2], 0) + 1
    print(f"environment asked about: {len(folders)} folders, by depth {dict(sorted(depths.items()))}")
    print(f"{'what':58} {'cold ms':>8} {'p50 ms':>7} {'p99 ms':>7}  answer")

    def line(label, cold, p50, p99, note):
        print(f"{label:58} {cold:8.1f} {p50:7.2f} {p99:7.2f}  {note}")

    for who in ("few_user", "many_user", "admin_user"):
        principal = {"type": "user", "id": targets[who]}
        try:
            api.call("POST", Q + "/readable_folders", {"principal": principal, "scope_id": env})
        except RuntimeError as error:  # a server from before the route
            print(f"readable_folders: {error}")
            break
        for size in (50, 500):
            body = {"principal": principal, "scope_id": env, "max_results": size}
            cold, p50, p99, answer = series(api, args.runs, "POST", Q + "/readable_folders", body)
            line(f"readable_folders, {who}, page of {size}", cold, p50, p99,
                 f"{len(answer['folders'])} of total_count {answer['total_count']}")
        # The whole listing, page by page (500 a page, by path so the pages are stable).
        t0, pages, seen, cursor = time.perf_counter(), 0, 0, None
        while True:
            body = {"principal": principal, "scope_id": env, "max_results": 500, "sort_by": "path"}
            if cursor:
                body["next_cursor"] = cursor
            answer = api.call("POST", Q + "/readable_folders", body)
            pages, seen, cursor = pages + 1, seen + len(answer["folders"]), answer["next_cursor"]
            if not cursor:
                break
        print(f"{'readable_folders, ' + who + ', whole listing':58} {(time.perf_counter() - t0) * 1000:8.1f} "
              f"{'':>7} {'':>7}  {seen} folders in {pages} pages of 500 (total ms)")

    for who in ("few_key", "many_key", "admin_key"):
        key, secret = keys[who]
        client = Client(port, key, secret)
        cold, p50, p99, answer = series(client, args.runs, "POST", f"/v1_1/{cloud}/folders/search", {})
        line(f"Admin API folders/search, {who}, page of 50", cold, p50, p99,
             f"{len(answer['folders'])} of total_count {answer['total_count']}")
        cold, p50, p99, answer = series(client, args.runs, "GET", f"/v1_1/{cloud}/folders")
        line(f"Admin API GET folders (root level), {who}", cold, p50, p99, f"{len(answer['folders'])} root folders")

    rng = random.Random(3)
    bodies = [{"principal": {"type": "user", "id": targets["many_user"]}, "action": "read", "scope_id": env,
               "resource": {"type": "Folder", "id": f[0], "attributes": {"ancestor_ids": f[3], "name": f[1].rsplit("/", 1)[-1]}}}
              for f in rng.sample(folders, 200)]
    cold, _ = timed(api, "POST", Q + "/check", bodies[0])
    for body in bodies:
        api.call("POST", Q + "/check", body)
    times, allowed = [], 0
    for i in range(max(args.runs, 200)):
        ms, answer = timed(api, "POST", Q + "/check", bodies[i % len(bodies)])
        times.append(ms)
        allowed += (answer.get("data") or answer)["decision"] == "allow"
    times.sort()
    line("permissions/check of one folder, many_user", cold, times[len(times) // 2],
         times[min(len(times) - 1, int(len(times) * 0.99))], f"{allowed} of {len(times)} allowed")


if __name__ == "__main__":
    main()
