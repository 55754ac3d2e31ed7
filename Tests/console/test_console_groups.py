"""User Management › Groups in the Console: the list, Create group with roles, a group's members (Add members,
Remove), Assign roles, Rename and Delete. Every change is checked through the Provisioning API (groups and
members) and the Permissions API (the group's roles); refusals (no feature, no CSRF token, bad input, roles the
person does not hold) answer 4xx with the message next to the field and write nothing."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from console_support import form_post, make_person, path_of, signed_in_page, start_console_server
from support import PermRaw, make_new_sdk, new_env, new_group, new_user, unique_name

ADMIN = "cld::role::account::admin"
ACCOUNT_MASTER = "cld::role::account::master_admin"
REPORTS = "cld::role::account::reports"
PRODENV_MASTER = "cld::role::prodenv::master_admin"
ML_USER = "cld::role::prodenv::ml_user"
TECH_ADMIN = "cld::role::prodenv::technical_admin"


@pytest.fixture(scope="module")
def perms(console_server):
    return PermRaw(console_server.base_url)


def held(perms, group_id: str) -> list[tuple[str, str | None]]:
    """The group's direct global roles as (role id, scope id), sorted."""
    return sorted((r["id"], r.get("scope_id")) for r in perms.held("group", group_id))


def group_names(sdk) -> list[str]:
    return sorted(g.name for g in sdk.user_groups.list().user_groups)


def member_ids(sdk, group_id: str) -> list[str]:
    return sorted(u.id for u in sdk.user_groups.list_users(group_id=group_id).users)


def role_box(page, role_id: str):
    return page.locator(f"input[name='role_{role_id}']")


def refused(response, status: int, field: str | None = None, words: str | None = None) -> str:
    """Asserts a refused form post: its status, the message next to `field`, and returns the page text."""
    text = response.text()
    assert response.status == status, (response.status, text[:800])
    if field:
        match = re.search(rf'<p class="field-error" id="{field}-error">([^<]+)</p>', text)
        assert match, f"no message next to {field}: {text[:1500]}"
        if words:
            assert words.lower() in match.group(1).lower(), match.group(1)
    elif words:
        assert words.lower() in text.lower(), text[:1500]
    return text


# ---- The list and its empty state ----------------------------------------------------------------

def test_empty_state_on_an_account_without_groups(chromium, console_tmp, inbox):
    srv = start_console_server(console_tmp, "groups-empty", inbox)
    try:
        srv.set_seats(20, 0)
        sdk = make_new_sdk(srv.base_url)
        assert sdk.user_groups.list().user_groups == []
        owner = make_person(chromium, srv, sdk, inbox, "master_admin", tag="emptygroups")
        with signed_in_page(chromium, srv, owner) as page:
            page.get_by_role("navigation", name="Console").get_by_role("link", name="Groups").click()
            assert path_of(page) == "/console/groups"
            expect(page.get_by_role("heading", name="Groups")).to_be_visible()
            expect(page.get_by_text("No groups yet.")).to_be_visible()
            expect(page.get_by_role("link", name="Create group")).to_be_visible()
            expect(page.locator("table#groups-table")).to_have_count(0)
    finally:
        srv.stop()


def test_list_shows_member_counts_and_roles(admin_page, sdk, perms):
    group = new_group(sdk)
    users = [new_user(sdk) for _ in range(2)]
    for user in users:
        sdk.user_groups.add_user(group_id=group.id, user_id=user.id)
    perms.ok_assign("group", group.id, [{"id": ADMIN}, {"id": ML_USER, "scope_id": "all"}])
    admin_page.goto("/console/groups")
    row = admin_page.get_by_role("row").filter(has=admin_page.get_by_role("link", name=group.name, exact=True))
    expect(row.get_by_role("cell").nth(1)).to_have_text("2")
    expect(row).to_contain_text("Admin (Account)")
    expect(row).to_contain_text("Media Library User (All product environments)")
    # The row's menu leads to the group's actions.
    row.get_by_label(f"Actions for {group.name}").click()
    expect(row.get_by_role("link", name="Assign roles")).to_be_visible()
    row.get_by_role("link", name="Members").click()
    assert path_of(admin_page) == f"/console/groups/{group.id}"


# ---- Create group ----------------------------------------------------------------------------------

def test_create_group_with_roles(admin_page, sdk, perms):
    page = admin_page
    page.goto("/console/groups")
    page.get_by_role("link", name="Create group").click()
    name = unique_name("Editors")
    page.get_by_label("Group name").fill(name)
    level = page.get_by_label("Permission level")
    # The list follows the level: account roles at Account, product environment roles elsewhere.
    level.select_option("account")
    expect(role_box(page, ADMIN)).to_be_visible()
    expect(role_box(page, ML_USER)).to_be_hidden()
    level.select_option("all")
    expect(role_box(page, ADMIN)).to_be_hidden()
    role_box(page, ML_USER).check()
    role_box(page, TECH_ADMIN).check()
    page.get_by_role("button", name="Create group").click()
    expect(page.get_by_text("The group is created.")).to_be_visible()
    created = [g for g in sdk.user_groups.list().user_groups if g.name == name]
    assert len(created) == 1 and path_of(page).split("?")[0] == f"/console/groups/{created[0].id}"
    assert held(perms, created[0].id) == [(ML_USER, "all"), (TECH_ADMIN, "all")]
    expect(page.locator("#group-roles")).to_contain_text("Media Library User (All product environments)")


def test_picking_a_master_admin_or_account_role_sets_the_level(admin_page, sdk, perms):
    page = admin_page
    env = new_env(sdk)
    page.goto("/console/groups/new")
    level = page.get_by_label("Permission level")
    level.select_option(env.id)
    role_box(page, PRODENV_MASTER).check()
    expect(level).to_have_value("all")
    level.select_option("account")
    role_box(page, ADMIN).check()
    expect(level).to_have_value("account")
    name = unique_name("Admins")
    page.get_by_label("Group name").fill(name)
    page.get_by_role("button", name="Create group").click()
    expect(page.get_by_text("The group is created.")).to_be_visible()
    group = next(g for g in sdk.user_groups.list().user_groups if g.name == name)
    assert held(perms, group.id) == [(ADMIN, None)]


def test_create_group_bad_input_writes_nothing(admin_page, sdk, perms):
    page = admin_page
    page.goto("/console/groups/new")
    taken = new_group(sdk).name
    before = group_names(sdk)
    fresh = unique_name("Never")
    refused(form_post(page, "/console/groups", {"name": "  ", "level": "account"}), 400, "name", "must not be empty")
    refused(form_post(page, "/console/groups", {"name": taken, "level": "account", f"role_{ADMIN}": "on"}), 409, "name", "already exists")
    refused(form_post(page, "/console/groups", {"name": fresh, "level": "account", "role_no_such_role": "on"}), 400, "roles", "no global role")
    refused(form_post(page, "/console/groups", {"name": fresh, "level": "all", f"role_{ADMIN}": "on"}), 400, "level", "choose Account")
    refused(form_post(page, "/console/groups", {"name": fresh, "level": "account", f"role_{ML_USER}": "on"}), 400, "level",
            "product environment role")
    env = new_env(sdk)
    refused(form_post(page, "/console/groups", {"name": fresh, "level": env.id, f"role_{PRODENV_MASTER}": "on"}), 400, "level",
            "All product environments")
    refused(form_post(page, "/console/groups", {"name": fresh, "level": "no-such-env", f"role_{ML_USER}": "on"}), 400, "level")
    assert group_names(sdk) == before
    # In the browser: the message sits next to the field and what was typed stays.
    page.get_by_label("Group name").fill(taken)
    page.get_by_role("button", name="Create group").click()
    expect(page.locator("#name-error")).to_contain_text("already exists")
    expect(page.get_by_label("Group name")).to_have_value(taken)
    expect(page.get_by_label("Group name")).to_have_attribute("aria-invalid", "true")
    assert group_names(sdk) == before


# ---- Members ---------------------------------------------------------------------------------------

def test_add_and_remove_members(admin_page, sdk):
    page = admin_page
    group = new_group(sdk)
    user = new_user(sdk, name="Member Person")
    page.goto(f"/console/groups/{group.id}")
    expect(page.get_by_text("This group has no members yet.")).to_be_visible()
    page.get_by_label("User", exact=True).fill(user.email)
    page.get_by_role("button", name="Add members").click()
    expect(page.get_by_text("The member is added.")).to_be_visible()
    assert member_ids(sdk, group.id) == [user.id]
    row = page.locator("#members-table tbody tr").filter(has_text=user.email)
    expect(row.get_by_role("cell").nth(0)).to_have_text("Member Person")
    expect(row.get_by_role("cell").nth(2)).to_have_text("Pending")
    page.goto("/console/groups")
    expect(page.get_by_role("row").filter(has=page.get_by_role("link", name=group.name, exact=True)).get_by_role("cell").nth(1)).to_have_text("1")
    page.goto(f"/console/groups/{group.id}")
    page.locator("#members-table tbody tr").filter(has_text=user.email).get_by_role("button", name="Remove").click()
    expect(page.get_by_text("The member is removed.")).to_be_visible()
    assert member_ids(sdk, group.id) == []


def test_add_members_bad_input_writes_nothing(admin_page, sdk):
    page = admin_page
    group = new_group(sdk)
    page.goto(f"/console/groups/{group.id}")
    refused(form_post(page, f"/console/groups/{group.id}/members", {"user": ""}), 400, "user", "Enter the email")
    refused(form_post(page, f"/console/groups/{group.id}/members", {"user": "nobody-here@example.com"}), 404, "user", "No user")
    refused(form_post(page, f"/console/groups/{group.id}/members/remove", {"user": "no-such-user"}), 404, None, "not a member")
    gone = new_user(sdk)
    sdk.users.delete(user_id=gone.id)
    refused(form_post(page, f"/console/groups/{group.id}/members", {"user": gone.email}), 403, "user", "inactive")
    assert member_ids(sdk, group.id) == []
    r = page.request.get("/console/groups/no-such-group")
    assert r.status == 404 and "Group not found" in r.text()
    # In the browser.
    page.get_by_label("User", exact=True).fill("still-nobody@example.com")
    page.get_by_role("button", name="Add members").click()
    expect(page.locator("#user-error")).to_contain_text("No user of this account has that email.")
    expect(page.get_by_label("User", exact=True)).to_have_value("still-nobody@example.com")


# ---- Assign roles ----------------------------------------------------------------------------------

def test_assign_roles_replaces_one_level(admin_page, sdk, perms):
    page = admin_page
    group = new_group(sdk)
    env = new_env(sdk)
    perms.ok_assign("group", group.id, [{"id": REPORTS}, {"id": ML_USER, "scope_id": env.id}])
    page.goto(f"/console/groups/{group.id}")
    page.get_by_role("link", name="Assign roles").click()
    level = page.get_by_label("Permission level")
    expect(level).to_have_value("account")
    expect(role_box(page, REPORTS)).to_be_checked()
    # Switching the level ticks what the group holds there.
    level.select_option(env.id)
    expect(role_box(page, ML_USER)).to_be_checked()
    level.select_option("all")
    expect(role_box(page, ML_USER)).not_to_be_checked()
    role_box(page, TECH_ADMIN).check()
    page.get_by_role("button", name="Assign roles").click()
    expect(page.get_by_text("The group's roles are saved.")).to_be_visible()
    assert held(perms, group.id) == [(REPORTS, None), (ML_USER, env.id), (TECH_ADMIN, "all")]
    # Replacing the account level keeps the environment levels.
    page.goto(f"/console/groups/{group.id}/roles?level=account")
    role_box(page, REPORTS).uncheck()
    role_box(page, ADMIN).check()
    page.get_by_role("button", name="Assign roles").click()
    expect(page.get_by_text("The group's roles are saved.")).to_be_visible()
    assert held(perms, group.id) == [(ADMIN, None), (ML_USER, env.id), (TECH_ADMIN, "all")]
    # Nothing ticked at a level takes that level's roles away.
    page.goto(f"/console/groups/{group.id}/roles?level={env.id}")
    role_box(page, ML_USER).uncheck()
    page.get_by_role("button", name="Assign roles").click()
    expect(page.get_by_text("The group's roles are saved.")).to_be_visible()
    assert held(perms, group.id) == [(ADMIN, None), (TECH_ADMIN, "all")]


def test_assign_roles_bad_input_writes_nothing(admin_page, sdk, perms):
    page = admin_page
    group = new_group(sdk)
    perms.ok_assign("group", group.id, [{"id": REPORTS}])
    page.goto(f"/console/groups/{group.id}/roles")
    path = f"/console/groups/{group.id}/roles"
    refused(form_post(page, path, {"level": "all", f"role_{ADMIN}": "on"}), 400, "level", "choose Account")
    refused(form_post(page, path, {"level": "account", f"role_{TECH_ADMIN}": "on"}), 400, "level")
    refused(form_post(page, path, {"level": "account", "role_cld::role::folder::viewer": "on"}), 400, "roles", "no global role")
    refused(form_post(page, path, {"level": "account", "role_made_up": "on"}), 400, "roles")
    refused(form_post(page, path, {"level": "nowhere", f"role_{ML_USER}": "on"}), 400, "level")
    assert held(perms, group.id) == [(REPORTS, None)]
    # With JavaScript off the level is not fixed for the person: the server refuses the mix, next to the field.
    context = page.context.browser.new_context(base_url=page.url.split("/console")[0], java_script_enabled=False)
    try:
        nojs = context.new_page()
        nojs.context.add_cookies(page.context.cookies())
        nojs.goto(path)
        nojs.get_by_label("Permission level").select_option("all")
        nojs.get_by_role("button", name="Assign roles").click()
        expect(nojs.locator("#level-error")).to_contain_text("choose Account")
    finally:
        context.close()
    assert held(perms, group.id) == [(REPORTS, None)]


# ---- Rename and Delete -----------------------------------------------------------------------------

def test_rename_group(admin_page, sdk):
    page = admin_page
    group = new_group(sdk)
    other = new_group(sdk)
    page.goto(f"/console/groups/{group.id}")
    new_name = unique_name("Renamed")
    page.get_by_label("Group name").fill(new_name)
    page.get_by_role("button", name="Rename").click()
    expect(page.get_by_text("The group is renamed.")).to_be_visible()
    expect(page.get_by_role("heading", name=new_name)).to_be_visible()
    assert sdk.user_groups.get(group_id=group.id).name == new_name
    page.get_by_label("Group name").fill(other.name)
    page.get_by_role("button", name="Rename").click()
    expect(page.locator("#name-error")).to_contain_text("already exists")
    refused(form_post(page, f"/console/groups/{group.id}/rename", {"name": ""}), 400, "name", "must not be empty")
    assert sdk.user_groups.get(group_id=group.id).name == new_name


def test_delete_group_after_confirmation(admin_page, sdk, perms):
    page = admin_page
    group = new_group(sdk)
    for _ in range(3):
        sdk.user_groups.add_user(group_id=group.id, user_id=new_user(sdk).id)
    perms.ok_assign("group", group.id, [{"id": ADMIN}])
    page.goto("/console/groups")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=group.name, exact=True))
    row.get_by_label(f"Actions for {group.name}").click()
    row.get_by_role("link", name="Delete").click()
    expect(page.get_by_role("heading", name=f"Delete group {group.name}?")).to_be_visible()
    expect(page.locator("#member-count")).to_have_text("3")
    assert group.name in group_names(sdk)  # the confirmation page writes nothing
    page.get_by_role("button", name="Delete group").click()
    expect(page.get_by_text("The group is deleted.")).to_be_visible()
    assert path_of(page).startswith("/console/groups")
    assert group.name not in group_names(sdk)
    holders = perms.get(f"roles/{ADMIN}/principals")
    assert holders.status_code == 200 and not [p for p in holders.json()["data"] if p["id"] == group.id]


# ---- Refusals ----------------------------------------------------------------------------------------

def every_post(group_id: str, user_id: str) -> list[tuple[str, dict]]:
    return [
        ("/console/groups", {"name": unique_name("Forged"), "level": "account", f"role_{ADMIN}": "on"}),
        (f"/console/groups/{group_id}/rename", {"name": unique_name("Forged")}),
        (f"/console/groups/{group_id}/members", {"user": user_id}),
        (f"/console/groups/{group_id}/members/remove", {"user": user_id}),
        (f"/console/groups/{group_id}/roles", {"level": "account", f"role_{ADMIN}": "on"}),
        (f"/console/groups/{group_id}/delete", {}),
    ]


def state(sdk, perms, group_id: str):
    return group_names(sdk), member_ids(sdk, group_id), held(perms, group_id)


def test_reports_user_sees_no_groups_and_is_refused(chromium, console_server, sdk, inbox, perms):
    reporter = make_person(chromium, console_server, sdk, inbox, "reports", tag="groupsreports")
    group = new_group(sdk)
    member = new_user(sdk)
    sdk.user_groups.add_user(group_id=group.id, user_id=member.id)
    before = state(sdk, perms, group.id)
    with signed_in_page(chromium, console_server, reporter) as page:
        expect(page.get_by_role("navigation", name="Console").get_by_role("link", name="Groups")).to_have_count(0)
        for path in ["/console/groups", "/console/groups/new", f"/console/groups/{group.id}", f"/console/groups/{group.id}/roles",
                     f"/console/groups/{group.id}/delete"]:
            r = page.request.get(path)
            assert r.status == 403 and "You do not have access to this" in r.text(), (path, r.status)
        for path, fields in every_post(group.id, member.id):
            r = form_post(page, path, fields)
            assert r.status == 403 and "You do not have access to this" in r.text(), (path, r.status)
    assert state(sdk, perms, group.id) == before


def test_posts_without_the_csrf_token_are_refused(admin_page, sdk, perms):
    group = new_group(sdk)
    member = new_user(sdk)
    sdk.user_groups.add_user(group_id=group.id, user_id=member.id)
    before = state(sdk, perms, group.id)
    admin_page.goto("/console/groups")
    for path, fields in every_post(group.id, member.id):
        r = form_post(admin_page, path, fields, csrf=False)
        assert r.status == 403 and "security token is missing or wrong" in r.text(), (path, r.status)
    assert state(sdk, perms, group.id) == before


def test_an_account_admin_cannot_reach_master_admin_through_a_group(chromium, console_server, sdk, inbox, perms):
    """The guard weighs Console changes as the signed-in person: an account Admin gives no group the roles it
    lacks, and joins no group (nor adds anyone to one) that holds them."""
    admin = make_person(chromium, console_server, sdk, inbox, "admin", tag="groupsadmin")
    top = new_group(sdk, unique_name("Top"))
    perms.ok_assign("group", top.id, [{"id": ACCOUNT_MASTER}])
    bystander = new_user(sdk)
    with signed_in_page(chromium, console_server, admin) as page:
        page.goto("/console/groups/new")
        name = unique_name("Sneaky")
        page.get_by_label("Group name").fill(name)
        role_box(page, ACCOUNT_MASTER).check()
        page.get_by_role("button", name="Create group").click()
        expect(page.get_by_role("alert")).to_contain_text("does not hold it itself")
        assert name not in group_names(sdk)  # no half-made group without its roles

        page.goto(f"/console/groups/{top.id}")
        for who in (admin, bystander.email):
            page.get_by_label("User", exact=True).fill(who)
            page.get_by_role("button", name="Add members").click()
            expect(page.locator("#user-error")).to_contain_text("does not hold it itself")
        assert member_ids(sdk, top.id) == []

        own = new_group(sdk)
        page.goto(f"/console/groups/{own.id}/roles?level=account")
        role_box(page, ACCOUNT_MASTER).check()
        page.get_by_role("button", name="Assign roles").click()
        expect(page.get_by_role("alert")).to_contain_text("does not hold it itself")
        assert held(perms, own.id) == []
        # What the Admin holds it may give: Admin itself, to a group of its own.
        page.goto(f"/console/groups/{own.id}/roles?level=account")
        role_box(page, ADMIN).check()
        page.get_by_role("button", name="Assign roles").click()
        expect(page.get_by_text("The group's roles are saved.")).to_be_visible()
        assert held(perms, own.id) == [(ADMIN, None)]
        # Nor may it delete the group holding Master Admin (its members would lose what the Admin lacks).
        sdk.user_groups.add_user(group_id=top.id, user_id=bystander.id)
        page.goto(f"/console/groups/{top.id}/delete")
        page.get_by_role("button", name="Delete group").click()
        expect(page.get_by_role("alert")).to_contain_text("cannot")
        assert top.name in group_names(sdk)
