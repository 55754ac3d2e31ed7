"""PyPI `scim2-tester` (pinned in requirements.txt) against the real server with the suite's token: discovery
(ServiceProviderConfig, ResourceTypes, Schemas), then for each resource type it discovers, creation, reading,
querying with `attributes`/`excludedAttributes`, replacement, PATCH add/replace/remove and deletion, with
values it generates from the published schemas. Every check must be SUCCESS.

Its whole report goes into the failure message, and a one-line-per-check summary is printed to the terminal
whether or not pytest captures output."""

from __future__ import annotations

from collections import Counter

import httpx2
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_tester import Status, check_server

from support import HTTP_TIMEOUT


def report_lines(results) -> list[str]:
    lines = []
    for r in results:
        where = f"[{r.resource_type}] " if r.resource_type else ""
        line = f"{r.status.name:<10} {where}{r.title or '?'}"
        if r.reason:
            line += f" -- {r.reason}"
        if r.status != Status.SUCCESS and r.data is not None:
            line += f"\n           data: {str(r.data)[:1500]}"
        lines.append(line)
    return lines


def test_every_scim2_tester_check_is_success(server, token, capsys):
    http = httpx2.Client(base_url=f"{server.base_url}/scim/v2", headers={"Authorization": f"Bearer {token.secret}"},
                         timeout=HTTP_TIMEOUT)
    try:
        results = check_server(SyncSCIMClient(http))
    finally:
        http.close()

    lines = report_lines(results)
    counts = Counter(r.status.name for r in results)
    summary = ", ".join(f"{n} {name}" for name, n in sorted(counts.items()))
    with capsys.disabled():
        print(f"\nscim2-tester: {len(results)} checks: {summary}")
        for line in lines:
            print("  " + line.splitlines()[0])

    report = "\n".join(lines)
    assert results, "scim2-tester ran no check"
    # Discovery alone cannot be all it ran: the User and Group resource types must have been exercised.
    checked_types = {r.resource_type for r in results if r.resource_type}
    assert {"User", "Group"} <= checked_types, f"resource types checked: {checked_types}\n{report}"
    failed = [line for r, line in zip(results, lines) if r.status != Status.SUCCESS]
    assert not failed, f"{len(failed)} of {len(results)} scim2-tester checks are not SUCCESS:\n" + "\n".join(failed) + \
        f"\n\nfull report:\n{report}"
