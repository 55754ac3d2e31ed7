"""Audit log in the Console (`/console/audit`): changes made in the Console listed newest first with their
actor and target, filtered by a GET form (actor, target, action, outcome, dates), paged with **Older events**;
a row opens the event with how its actor authenticated, where the request came from, its hash and a
before/after table with the changed fields marked. Bad filters are told next to their field (400) and nothing
is looked up; a person whose roles do not allow reading the log sees no menu entry and is refused. The Access
explorer says who last changed each assignment it shows."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from playwright.sync_api import expect

from console_support import make_person, path_of, signed_in_page, unique_email
from support import PermRaw, new_group, new_user, unique_name

ACCOUNT_ADMIN = "cld::role::account::admin"
USERS_VIEW = "cld::global::users::view"
MASTER_NAME = "Master Person"  # make_person names its people after their tag (the master_admin fixture's is "master")


@pytest.fixture(scope="module")
def perm(console_server):
    return PermRaw(console_server.base_url)


def audit_get(page, **params):
    response = page.request.get("/console/audit", params=params, max_redirects=0)
    assert response.status < 500, (params, response.status, response.text()[:500])
    return response


def rows(page):
    return page.locator("#audit-table tbody tr")


def filter_by(page, **fields):
    page.goto("/console/audit")
    labels = {"actor": "Actor id", "target": "Target id", "action": "Action", "from": "From", "to": "To"}
    for name, value in fields.items():
        if name == "outcome":
            page.get_by_label("Outcome").select_option(value)
        else:
            page.get_by_label(labels[name], exact=True).fill(value)
    page.get_by_role("button", name="Apply").click()


def invite(page, address: str, name: str):
    page.goto("/console/users/invite")
    page.get_by_label("Email 1", exact=True).fill(address)
    page.get_by_label("Name 1", exact=True).fill(name)
    page.get_by_label("Permission level").select_option("account")
    page.get_by_label("Admin (Account)", exact=True).check()
    page.get_by_role("button", name="Invite").click()
    expect(page.get_by_text("The invitation is sent.")).to_be_visible()


def test_console_changes_are_listed_filtered_and_opened(admin_page, sdk, master_admin):
    page = admin_page
    address, name = unique_email("audited"), unique_name("Audited")
    invite(page, address, name)
    user = sdk.users.list(request={"emails": [address]}).users[0]
    # A change in the Console: the invited user's name, on the Edit form.
    page.goto(f"/console/users/{user.id}/edit")
    renamed = unique_name("Renamed")
    page.get_by_label("Name", exact=True).fill(renamed)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The user is saved.")).to_be_visible()
    master = sdk.users.list(request={"emails": [master_admin]}).users[0]

    # The menu leads to the log; newest first, so the rename is above the invitation.
    page.goto("/console")
    page.get_by_role("navigation", name="Console").get_by_role("link", name="Audit log").click()
    assert path_of(page) == "/console/audit"
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit log")
    update = rows(page).filter(has_text="user.update").filter(has_text=renamed).first
    create = rows(page).filter(has_text="user.create").filter(has_text=name).first
    expect(update).to_contain_text(MASTER_NAME)
    expect(update).to_contain_text("User")
    expect(create).to_contain_text(MASTER_NAME)
    expect(create).to_contain_text("success")
    texts = rows(page).all_inner_texts()
    update_at = next(i for i, t in enumerate(texts) if "user.update" in t and renamed in t)
    create_at = next(i for i, t in enumerate(texts) if "user.create" in t and name in t)
    assert update_at < create_at, texts[:10]

    # Filtered by target and action: the rename alone; by target only: the rename, the invitation and its role.
    filter_by(page, target=user.id, action="user.update")
    assert "target=" in page.url and "action=user.update" in page.url
    expect(rows(page)).to_have_count(1)
    expect(rows(page).first).to_contain_text(renamed)
    filter_by(page, target=user.id)
    expect(rows(page).filter(has_text="user.create")).to_have_count(1)
    expect(rows(page).filter(has_text="role.assign")).to_have_count(1)
    expect(rows(page).filter(has_text="role.assign")).to_contain_text(ACCOUNT_ADMIN)  # which role the holder got
    # By actor, outcome and today's dates (UTC): the rename is among the Master Admin's successful changes.
    today = datetime.now(timezone.utc).date()
    filter_by(page, actor=master.id, outcome="success", **{"from": str(today - timedelta(days=1)), "to": str(today + timedelta(days=1))})
    expect(rows(page).filter(has_text=renamed).first).to_be_visible()
    for text in rows(page).all_inner_texts():
        assert MASTER_NAME in text and "success" in text, text
    # Dates before any event: nothing, said so.
    filter_by(page, **{"from": "2001-01-01", "to": "2001-01-02"})
    expect(rows(page)).to_have_count(0)
    expect(page.get_by_text("No events match.")).to_be_visible()

    # A row opens the event: who, how authenticated, from where, the hash, and the before/after table.
    filter_by(page, target=user.id, action="user.update")
    rows(page).first.get_by_role("link").click()
    assert re.fullmatch(r"/console/audit/[0-9a-f-]+", path_of(page)), page.url
    expect(page.get_by_role("heading", level=1)).to_contain_text("user.update")
    facts = page.locator("dl.audit-facts")
    expect(facts).to_contain_text(MASTER_NAME)
    expect(facts).to_contain_text(master.id)
    expect(facts).to_contain_text("Signed-in session")
    expect(facts).to_contain_text("127.0.0.1")
    expect(facts).to_contain_text("HeadlessChrome")
    expect(facts).to_contain_text(user.id)
    assert re.search(r"Hash\s*[0-9a-f]{64}", facts.inner_text()), facts.inner_text()
    request_id = facts.locator("dt:text-is('Request id') + dd").inner_text()
    assert request_id and request_id != "None"
    diff = page.locator("#audit-diff")
    name_row = diff.locator("tbody tr", has=page.locator("th", has_text="name")).filter(has_not_text="email").first
    expect(name_row).to_have_class(re.compile(r"\bchanged\b"))
    cells = name_row.locator("td")
    expect(cells.nth(0)).to_have_text(name)
    expect(cells.nth(1)).to_have_text(renamed)
    # A link to the event works on its own (shared, bookmarked); an unknown id is a 404.
    page.goto(page.url)
    expect(page.locator("#audit-diff")).to_contain_text(renamed)
    assert page.request.get("/console/audit/no-such-event", max_redirects=0).status == 404

    # The invitation: a create, so every field is new (before empty) and marked changed.
    filter_by(page, target=user.id, action="user.create")
    rows(page).first.get_by_role("link").click()
    email_row = page.locator("#audit-diff tbody tr", has=page.locator("th", has_text="email"))
    expect(email_row).to_have_class(re.compile(r"\bchanged\b"))
    expect(email_row.locator("td").nth(0)).to_have_text("—")
    expect(email_row.locator("td").nth(1)).to_have_text(address)


def test_audit_pages_are_strict_labelled_and_titled(admin_page):
    """What every Console page shares (test_console_shell.py), for the log, a filtered view and an event."""
    from test_console_shell import UNLABELLED
    page = admin_page
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto("/console/audit")
    event = rows(page).first.get_by_role("link").get_attribute("href")
    for path in ["/console/audit", "/console/audit?action=user.create&outcome=success", event]:
        response = page.goto(path)
        assert response is not None and response.status == 200, (path, response and response.status)
        assert "default-src 'none'" in response.headers["content-security-policy"], path
        assert response.headers["x-frame-options"] == "DENY", path
        assert page.locator("h1").count() == 1, path
        assert page.locator("nav.side").evaluate("e => getComputedStyle(e).width") == "224px", path
        assert page.evaluate(UNLABELLED) == [], path
        assert page.locator("script:not([src]), [style]").count() == 0, path
    assert violations == [], violations


def test_older_events_link_pages_with_the_filters(admin_page, sdk):
    page = admin_page
    group = new_group(sdk, unique_name("Paged"))
    for i in range(51):  # 52 events on this group: its creation and 51 renames
        sdk.user_groups.update(group_id=group.id, user_group_request={"name": f"{group.name} {i:02d}"})
    filter_by(page, target=group.id)
    expect(rows(page)).to_have_count(50)
    expect(rows(page).first).to_contain_text(f"{group.name} 50")  # newest first
    expect(page.get_by_role("link", name="Newest events")).to_have_count(0)
    page.get_by_role("link", name="Older events").click()
    assert f"target={group.id}" in page.url and "before=" in page.url
    expect(rows(page)).to_have_count(2)
    expect(rows(page).filter(has_text="group.create")).to_have_count(1)
    expect(page.get_by_role("link", name="Older events")).to_have_count(0)
    page.get_by_role("link", name="Newest events").click()
    expect(rows(page)).to_have_count(50)


def test_bad_filters_are_told_and_nothing_is_looked_up(admin_page):
    page = admin_page
    cases = [
        ({"from": "2026-13-45"}, "from"),
        ({"to": "yesterday"}, "to"),
        ({"from": "2026-02-30"}, "from"),
        ({"from": "2026-06-02", "to": "2026-06-01"}, "to"),
        ({"action": "user." * 50}, "action"),
        ({"outcome": "maybe"}, "outcome"),
        ({"actor": "x" * 201}, "actor"),
        ({"target": "a\u0001b"}, "target"),
    ]
    for params, field in cases:
        r = audit_get(page, **params)
        html = r.text()
        assert r.status == 400, (params, r.status)
        assert f'id="{field}-error"' in html and 'aria-invalid="true"' in html, (params, html[:1500])
        assert 'id="audit-table"' not in html
    r = audit_get(page, before="not-a-number")
    assert r.status == 400 and "page link is broken" in r.text()
    # Text filters are kept as given, as the HTTP endpoint keeps them: an action no event has finds nothing,
    # and what was typed comes back escaped.
    r = audit_get(page, action="<script>alert(1)</script>")
    assert r.status == 200 and "No events match." in r.text()
    assert "<script>alert(1)</script>" not in r.text() and "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text()
    # In the browser: the message is next to the field, the value kept.
    page.goto("/console/audit?outcome=maybe&action=user.create")
    expect(page.locator("#outcome-error")).to_contain_text("Choose Success or Failure")
    expect(page.get_by_label("Outcome")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Action", exact=True)).to_have_value("user.create")
    expect(rows(page)).to_have_count(0)
    # A date field cannot show a value it cannot read, so the message names it.
    page.goto("/console/audit?from=2026-02-30")
    expect(page.locator("#from-error")).to_contain_text("2026-02-30 is not a date")


def test_the_audit_policy_decides_who_reads_it(admin_page, chromium, console_server, sdk, inbox):
    # An event to ask for by its id.
    admin_page.goto("/console/audit")
    link = rows(admin_page).first.get_by_role("link").get_attribute("href")
    # An Admin holds the catalog's audit-log policy as the Master Admin does: the menu entry, the log, an event.
    admin = make_person(chromium, console_server, sdk, inbox, "admin", tag="auditadmin")
    with signed_in_page(chromium, console_server, admin) as page:
        page.get_by_role("navigation", name="Console").get_by_role("link", name="Audit log").click()
        assert path_of(page) == "/console/audit"
        expect(rows(page).first).to_be_visible()
        assert page.request.get(link, max_redirects=0).status == 200
    # Billing holds neither: no entry, and every audit address refused.
    address = make_person(chromium, console_server, sdk, inbox, "billing", tag="billing")
    with signed_in_page(chromium, console_server, address) as page:
        expect(page.get_by_role("navigation", name="Console").get_by_role("link", name="Audit log")).to_have_count(0)
        for path in ["/console/audit", "/console/audit?action=user.create", link, "/console/audit?from=nonsense"]:
            r = page.request.get(path, max_redirects=0)
            assert r.status == 403 and "You do not have access to this" in r.text(), (path, r.status)
            assert 'id="audit-table"' not in r.text() and "audit-diff" not in r.text()
        page.goto("/console/audit")
        expect(page.get_by_role("heading", level=1)).to_have_text("You do not have access to this")
    # Signed out: to the sign-in page.
    context = chromium.new_context(base_url=console_server.base_url)
    try:
        r = context.request.get("/console/audit", max_redirects=0)
        assert r.status == 303 and r.headers["location"] == "/console/login"
    finally:
        context.close()


def test_explorer_says_who_last_changed_an_assignment(admin_page, sdk, perm):
    page = admin_page
    user = new_user(sdk, role="reports")
    # The Master Admin gives Admin in the Console.
    page.goto(f"/console/users/{user.id}/roles")
    page.locator("form[method=post]").get_by_label("Permission level").select_option("account")
    page.get_by_label("Admin (Account)", exact=True).check()
    page.get_by_role("button", name="Save roles").click()
    expect(page.get_by_text("The roles are saved.")).to_be_visible()

    page.goto(f"/console/explorer?principal=user%3A{user.id}&action=read&resource=feature%3A{USERS_VIEW}")
    expect(page.locator("#decision")).to_have_text("Decision: Allow")
    step = page.locator("ol.path li", has_text="Admin (account)").first
    today = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    expect(step.locator(".last-change")).to_have_text(re.compile(rf"^Last changed by {MASTER_NAME} on {today} \d\d:\d\d:\d\d UTC$"))
    # The principal step is no assignment: nothing said there.
    expect(page.locator("ol.path li").first.locator(".last-change")).to_have_count(0)

    # Through a group, by the Permissions API's key: the group's assignment names the key.
    group = new_group(sdk, unique_name("Audited group"))
    other = new_user(sdk, role="reports")
    sdk.user_groups.add_user(group_id=group.id, user_id=other.id)
    perm.ok_assign("group", group.id, [{"id": ACCOUNT_ADMIN}])
    page.goto(f"/console/explorer?principal=user%3A{other.id}&action=read&resource=feature%3A{USERS_VIEW}")
    expect(page.locator("#decision")).to_have_text("Decision: Allow")
    step = page.locator("ol.path li", has_text="Admin (account)").first
    expect(step.locator(".last-change")).to_contain_text("Last changed by")
    expect(step.locator(".last-change")).not_to_contain_text(MASTER_NAME)

    # A what-if role was never assigned: the log has nothing to say about it.
    third = new_user(sdk, role="reports")
    page.goto(f"/console/explorer?principal=user%3A{third.id}&action=read&resource=feature%3A{USERS_VIEW}"
              f"&what_if_role_1={ACCOUNT_ADMIN}&what_if_scope_1=")
    expect(page.locator("#decision")).to_have_text("Decision: Allow")
    expect(page.locator("ol.path li", has_text="Admin (account)").first).to_contain_text("what if")
    expect(page.locator(".last-change")).to_have_count(0)
