"""User Management › Users in the Console: the table (columns, status labels, search, filters, paging), Invite
(five rows, roles by permission level, environments, groups, seats), the seat-limit banner with Change user
limit, and each row's actions (Edit, Assign roles, Product environments, Resend invite, Reset password, Force
logout, Delete). Every change is checked through the Provisioning API (users, group members, billing usage) or
the Permissions API (roles held); refusals (no feature, no CSRF token, bad input) answer 4xx with the message
next to the field and write nothing."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from console_support import PASSWORD, form_post, make_person, path_of, sign_in, signed_in_page, start_console_server, unique_email
from support import PermRaw, Raw, make_new_sdk, new_env, new_group, new_user

ACCOUNT_ADMIN = "cld::role::account::admin"
ACCOUNT_BILLING = "cld::role::account::billing"
PRODENV_MASTER = "cld::role::prodenv::master_admin"
ML_USER = "cld::role::prodenv::ml_user"
ML_ADMIN = "cld::role::prodenv::ml_admin"
TECH_ADMIN = "cld::role::prodenv::technical_admin"


@pytest.fixture(scope="module")
def perms(console_server):
    return PermRaw(console_server.base_url)


@pytest.fixture(scope="module")
def raw(console_server):
    return Raw(console_server.base_url)


def user_json(raw, user_id: str) -> dict:
    """The Provisioning API's user object as JSON (the SDK's model drops sub_account_ids and password_reset_pending)."""
    r = raw.get(f"users/{user_id}")
    assert r.status_code == 200, (r.status_code, r.text)
    return r.json()


def held(perms, user_id: str) -> list[tuple[str, str | None]]:
    """The user's direct global roles as (role id, scope id), sorted."""
    return sorted((r["id"], r.get("scope_id")) for r in perms.held("user", user_id))


def by_email(sdk, address: str):
    users = sdk.users.list(request={"emails": [address]}).users
    return users[0] if users else None


def live_with(sdk, *addresses: str) -> list:
    return [u for a in addresses for u in sdk.users.list(request={"emails": [a]}).users if u.status != "inactive"]


def member_ids(sdk, group_id: str) -> list[str]:
    return sorted(u.id for u in sdk.user_groups.list_users(group_id=group_id).users)


def seats(sdk):
    report = sdk.billing_usage.get()[0]
    metric = {m.metric: m for m in report.metric_usage}["seats"]
    return int(metric.cycles[0].usage), int(metric.limit)


def refused(response, status: int, field: str | None = None, words: str | None = None) -> str:
    """Asserts a refused form post: its status and the message next to `field`; returns the page text."""
    text = response.text()
    assert response.status == status, (response.status, text[:800])
    if field:
        match = re.search(rf'<p class="field-error" id="{field}-error"[^>]*>([^<]+)</p>', text)
        assert match, f"no message next to {field}: {text[:2000]}"
        if words:
            assert words.lower() in match.group(1).lower(), match.group(1)
    elif words:
        assert words.lower() in text.lower(), text[:1500]
    return text


def row_of(page, address: str):
    page.goto(f"/console/users?search={address}")
    return page.locator("#users-table tbody tr").filter(has_text=address)


def open_menu(page, address: str, name: str):
    row = row_of(page, address)
    row.get_by_label(f"Actions for {name}").click()
    return row


# ---- The table ------------------------------------------------------------------------------------

def test_table_columns_statuses_search_and_filters(admin_page, sdk, master_admin):
    page = admin_page
    env, other_env = new_env(sdk), new_env(sdk)
    group = new_group(sdk)
    tag = f"tbl{re.sub(r'[^a-z0-9]', '', unique_email('x'))[:8]}"
    tech = new_user(sdk, name=f"Tech {tag}", email=f"tech-{tag}@example.com", role="technical_admin", sub_account_ids=[env.id])
    sdk.user_groups.add_user(group_id=group.id, user_id=tech.id)
    other = new_user(sdk, name=f"Other {tag}", email=f"other-{tag}@example.com", role="media_library_user", sub_account_ids=[other_env.id])
    gone = new_user(sdk, name=f"Gone {tag}", email=f"gone-{tag}@example.com")
    sdk.users.delete(user_id=gone.id)

    page.get_by_role("navigation", name="Console").get_by_role("link", name="Users").click()
    assert path_of(page) == "/console/users"
    for header in ["Name", "Email", "Roles", "Product environments", "Groups", "Status", "Last login"]:
        expect(page.locator("#users-table thead")).to_contain_text(header)
    # The Master Admin signed in, so it is Active with a last login.
    me = row_of(page, master_admin)
    expect(me.locator(".status")).to_have_text("Active")
    expect(me).not_to_contain_text("Never")

    page.goto("/console/users")
    page.get_by_label("Search").fill(tag)
    page.get_by_role("button", name="Apply").click()
    rows = page.locator("#users-table tbody tr")
    expect(rows).to_have_count(3)
    row = rows.filter(has_text=tech.email)
    expect(row).to_contain_text(f"Tech {tag}")
    expect(row).to_contain_text(f"Technical Admin (Product environment) · {env.name}")
    expect(row).to_contain_text(env.name)
    expect(row).to_contain_text(group.name)
    expect(row.locator(".status")).to_have_text("Pending")
    expect(row).to_contain_text("Never")
    gone_row = rows.filter(has_text=gone.email)
    expect(gone_row.locator(".status")).to_have_text("Inactive")
    expect(gone_row.locator("details.menu")).to_have_count(0)  # a deleted user has no actions

    def filtered(**fields) -> list[str]:
        page.goto(f"/console/users?search={tag}")
        for label, value in fields.items():
            page.get_by_label(label.replace("_", " "), exact=True).select_option(label=value)
        page.get_by_role("button", name="Apply").click()
        return sorted(page.locator("#users-table tbody tr td:nth-child(2)").all_inner_texts())

    assert filtered(Group=group.name) == [tech.email]
    assert filtered(Role="Technical Admin (Product environment)") == [tech.email]
    assert filtered(Product_environment=other_env.name, Status="Pending") == [other.email]
    assert filtered(Status="Inactive") == [gone.email]
    assert filtered(Status="Pending") == sorted([tech.email, other.email])
    # Search by name too, and an empty result says so.
    page.goto(f"/console/users?search=Other+{tag}")
    expect(page.locator("#users-table tbody tr")).to_have_count(1)
    page.goto("/console/users?search=nobody-has-this-name-zz")
    expect(page.get_by_text("No users match.")).to_be_visible()


def test_paging_and_the_seat_banner_with_change_user_limit(chromium, console_tmp, inbox):
    srv = start_console_server(console_tmp, "users-paging", inbox)
    try:
        srv.set_seats(100, 0)
        sdk = make_new_sdk(srv.base_url)
        owner = make_person(chromium, srv, sdk, inbox, "master_admin", tag="pager")
        for i in range(52):
            new_user(sdk, name=f"Paged {i:03d}", email=f"paged-{i:03d}-{unique_email('p')}")
        used, _ = seats(sdk)
        total = len(sdk.users.list().users)
        srv.set_seats(used, 0)
        with signed_in_page(chromium, srv, owner) as page:
            page.goto("/console/users")
            expect(page.locator("h1")).to_contain_text(f"({total})")
            expect(page.locator("#users-table tbody tr")).to_have_count(50)
            expect(page.get_by_text(f"Page 1 of 2 · {total} users")).to_be_visible()
            banner = page.locator(".banner")
            expect(banner).to_contain_text(f"all {used} of its user seats")
            page.get_by_role("link", name="Next").click()
            expect(page.locator("#users-table tbody tr")).to_have_count(total - 50)
            page.get_by_role("link", name="Previous").click()
            expect(page.locator("#users-table tbody tr")).to_have_count(50)

            page.get_by_role("link", name="Change user limit").click()
            assert path_of(page) == "/console/users/seats"
            page.get_by_label("Additional users").evaluate("e => e.removeAttribute('max')")  # past the browser's own check
            page.get_by_label("Additional users").fill("21")
            page.get_by_role("button", name="Change user limit").click()
            expect(page.locator("#additional_users-error")).to_contain_text("0 to 20")
            expect(page.get_by_label("Additional users")).to_have_attribute("aria-invalid", "true")
            assert seats(sdk)[1] == used
            page.get_by_label("Additional users").fill("3")
            page.get_by_role("button", name="Change user limit").click()
            expect(page.get_by_text("The user limit is changed.")).to_be_visible()
            assert seats(sdk)[1] == used + 3
            expect(page.locator(".banner")).to_have_count(0)
            # 21 through a forged post as well: 400, nothing changed.
            refused(form_post(page, "/console/users/seats", {"additional_users": "21"}), 400, "additional_users", "0 to 20")
            refused(form_post(page, "/console/users/seats", {"additional_users": "lots"}), 400, "additional_users")
            assert seats(sdk)[1] == used + 3
    finally:
        srv.stop()


# ---- Invite ---------------------------------------------------------------------------------------

def test_invite_two_users_with_roles_environment_and_group(admin_page, sdk, perms, inbox, raw):
    page = admin_page
    env, group = new_env(sdk), new_group(sdk)
    first, second = unique_email("inv1"), unique_email("inv2")
    page.goto("/console/users")
    page.get_by_role("link", name="Invite users").click()
    assert path_of(page) == "/console/users/invite"
    page.get_by_label("Email 1", exact=True).fill(first)
    page.get_by_label("Name 1", exact=True).fill("Invited One")
    page.get_by_label("Email 2", exact=True).fill(second)
    page.get_by_label("Permission level").select_option(env.id)
    expect(page.get_by_label("Admin (Account)", exact=True)).to_be_hidden()  # filtered to the level
    page.get_by_label("Media Library Admin (Product environment)").check()
    page.get_by_label("Only the product environments ticked below").check()
    page.locator("#environments").get_by_label(env.name, exact=True).check()
    page.locator("#groups").get_by_label(group.name, exact=True).check()
    page.get_by_role("button", name="Invite").click()
    expect(page.get_by_text("The invitations are sent.")).to_be_visible()

    one, two = by_email(sdk, first), by_email(sdk, second)
    assert one.name == "Invited One" and one.status == "pending"
    assert two.status == "pending"
    for user in (one, two):
        assert user.all_sub_accounts is False and user_json(raw, user.id)["sub_account_ids"] == [env.id]
        assert held(perms, user.id) == [(ML_ADMIN, env.id)]
    assert set(member_ids(sdk, group.id)) == {one.id, two.id}
    inbox.wait_link(first, "invitation")
    inbox.wait_link(second, "invitation")
    # Without a name, the table shows the email as the name.
    row = row_of(page, second)
    expect(row.locator("td").first).to_have_text(second)


def test_invite_picking_master_admin_or_an_account_role_sets_the_level(admin_page, sdk, perms):
    page = admin_page
    env = new_env(sdk)
    master, billing = unique_email("invma"), unique_email("invbill")
    # In the browser: ticking the prodenv Master Admin switches the level to All product environments.
    page.goto("/console/users/invite")
    level = page.get_by_label("Permission level")
    level.select_option(env.id)
    page.get_by_label("Master Admin (Product environment)").check()
    expect(level).to_have_value("all")
    page.get_by_label("Email 1", exact=True).fill(master)
    page.get_by_role("button", name="Invite").click()
    expect(page.get_by_text("The invitation is sent.")).to_be_visible()
    assert held(perms, by_email(sdk, master).id) == [(PRODENV_MASTER, "all")]
    # A post that did not follow them (JavaScript off, or forged) is refused next to the level, as on Groups.
    response = form_post(page, "/console/users/invite", {"email_1": billing, "level": env.id, f"role_{ACCOUNT_BILLING}": "on"})
    refused(response, 400, "level", "choose Account")
    assert live_with(sdk, billing) == []


def test_invite_bad_input_writes_nothing(admin_page, sdk, master_admin):
    page = admin_page
    fresh, fresh2 = unique_email("badinv"), unique_email("badinv2")
    page.goto("/console/users/invite")
    page.get_by_label("Email 1", exact=True).fill("not-an-email")
    page.get_by_label("Email 1", exact=True).evaluate("e => e.type = 'text'")  # past the browser's own check
    page.get_by_label("Email 2", exact=True).fill(fresh)
    page.get_by_role("button", name="Invite").click()
    expect(page.locator("#email_1-error")).to_contain_text("not a valid email address")
    expect(page.get_by_label("Email 1", exact=True)).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Email 2", exact=True)).to_have_value(fresh)
    assert live_with(sdk, fresh) == []

    cases = [
        ({"email_1": fresh, "email_2": master_admin}, 400, "email_2", "already belongs"),
        ({"email_1": fresh, "email_2": fresh.upper()}, 400, "email_2", "given twice"),
        ({"name_1": "Nobody"}, 400, "email_1", "enter the email"),
        ({}, 400, "email_1", "at least one"),
        ({"email_1": fresh, "level": "account", "role_cld::role::account::nonesuch": "on"}, 400, "roles", "no global role"),
        ({"email_1": fresh, "level": "account", f"role_{ACCOUNT_ADMIN}": "on", f"role_{ML_USER}": "on"}, 400, "level", "product environment role"),
        ({"email_1": fresh, "level": "account", f"role_{ML_USER}": "on"}, 400, "level", "product environments"),
        ({"email_1": fresh, "level": "nowhere"}, 400, "level", "permission level"),
        ({"email_1": fresh, "level": "account", "environments": "some", "env_nowhere": "on"}, 400, "environments", "no product environment"),
        ({"email_1": fresh, "level": "account", "group_nogroup": "on"}, 400, "groups", "no group"),
    ]
    for fields, status, field, words in cases:
        fields = {"level": "account", **fields}
        refused(form_post(page, "/console/users/invite", fields), status, field, words)
    assert live_with(sdk, fresh, fresh2) == []


def test_invite_beyond_the_seats_is_refused_before_anything_is_written(admin_page, sdk, console_server):
    page = admin_page
    used, limit = seats(sdk)
    console_server.set_seats(used + 1, 0)
    try:
        a, b = unique_email("seat1"), unique_email("seat2")
        page.goto("/console/users/invite")
        page.get_by_label("Email 1", exact=True).fill(a)
        page.get_by_label("Email 2", exact=True).fill(b)
        page.get_by_role("button", name="Invite").click()
        expect(page.locator("#seats-error")).to_contain_text("would go over the account's limit")
        assert live_with(sdk, a, b) == []
        refused(form_post(page, "/console/users/invite", {"email_1": a, "email_2": b, "level": "account"}), 409, "seats", "nobody was invited")
        assert live_with(sdk, a, b) == [] and seats(sdk)[0] == used
    finally:
        console_server.set_seats(limit, 0)


# ---- Row actions ----------------------------------------------------------------------------------

def test_edit_name_email_and_groups(admin_page, sdk):
    page = admin_page
    user = new_user(sdk, role="media_library_user")
    keep, drop, add = new_group(sdk), new_group(sdk), new_group(sdk)
    sdk.user_groups.add_user(group_id=keep.id, user_id=user.id)
    sdk.user_groups.add_user(group_id=drop.id, user_id=user.id)
    row = open_menu(page, user.email, user.name)
    row.get_by_role("link", name="Edit").click()
    assert path_of(page) == f"/console/users/{user.id}/edit"
    new_address = unique_email("edited")
    page.get_by_label("Name", exact=True).fill("Edited Name")
    page.get_by_label("Email", exact=True).fill(new_address)
    page.locator("#groups").get_by_label(drop.name, exact=True).uncheck()
    page.locator("#groups").get_by_label(add.name, exact=True).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The user is saved.")).to_be_visible()
    got = sdk.users.get(user_id=user.id)
    assert (got.name, got.email) == ("Edited Name", new_address)
    assert user.id in member_ids(sdk, keep.id) and user.id in member_ids(sdk, add.id)
    assert user.id not in member_ids(sdk, drop.id)


def test_edit_bad_input_writes_nothing(admin_page, sdk, master_admin):
    page = admin_page
    user = new_user(sdk)
    group = new_group(sdk)
    page.goto(f"/console/users/{user.id}/edit")
    page.get_by_label("Email", exact=True).evaluate("e => e.type = 'text'")
    page.get_by_label("Email", exact=True).fill("broken@")
    page.locator("#groups").get_by_label(group.name, exact=True).check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#email-error")).to_contain_text("not a valid email address")
    expect(page.get_by_label("Email", exact=True)).to_have_attribute("aria-invalid", "true")
    refused(form_post(page, f"/console/users/{user.id}/edit", {"name": "X", "email": master_admin}), 409, "email", "already has")
    refused(form_post(page, f"/console/users/{user.id}/edit", {"email": user.email, "group_nogroup": "on"}), 400, "groups")
    refused(form_post(page, f"/console/users/{user.id}/edit", {"name": "x" * 300, "email": user.email}), 400, "name")
    got = sdk.users.get(user_id=user.id)
    assert (got.name, got.email) == (user.name, user.email)
    assert member_ids(sdk, group.id) == []
    assert form_post(page, "/console/users/no-such-user/edit", {"email": unique_email("x")}).status == 404


def test_assign_roles_replaces_one_level(admin_page, sdk, perms):
    page = admin_page
    env = new_env(sdk)
    user = new_user(sdk, role="media_library_user")
    assert held(perms, user.id) == [(ML_USER, "all")]
    row = open_menu(page, user.email, user.name)
    row.get_by_role("link", name="Assign roles").click()
    assert path_of(page) == f"/console/users/{user.id}/roles"
    level = page.locator("form[method=post]").get_by_label("Permission level")
    level.select_option("account")
    page.get_by_label("Admin (Account)", exact=True).check()
    page.get_by_role("button", name="Save roles").click()
    expect(page.get_by_text("The roles are saved.")).to_be_visible()
    assert held(perms, user.id) == sorted([(ACCOUNT_ADMIN, None), (ML_USER, "all")])

    page.goto(f"/console/users/{user.id}/roles")
    page.locator("form[method=post]").get_by_label("Permission level").select_option("all")
    page.get_by_label("Technical Admin (Product environment)").check()
    page.get_by_role("button", name="Save roles").click()
    expect(page.get_by_text("The roles are saved.")).to_be_visible()
    assert held(perms, user.id) == sorted([(ACCOUNT_ADMIN, None), (TECH_ADMIN, "all")])

    # One environment: added beside the others; then bad input changes nothing.
    response = form_post(page, f"/console/users/{user.id}/roles", {"level": env.id, f"role_{ML_ADMIN}": "on"})
    assert response.status == 303
    expected = sorted([(ACCOUNT_ADMIN, None), (TECH_ADMIN, "all"), (ML_ADMIN, env.id)])
    assert held(perms, user.id) == expected
    refused(form_post(page, f"/console/users/{user.id}/roles", {"level": "account", "role_unknown::role": "on"}), 400, "roles", "no global role")
    refused(form_post(page, f"/console/users/{user.id}/roles", {"level": "elsewhere"}), 400, "level")
    refused(form_post(page, f"/console/users/{user.id}/roles", {"level": "account", f"role_{TECH_ADMIN}": "on"}), 400, "level")
    assert held(perms, user.id) == expected


def test_product_environments_all_or_ticked(admin_page, sdk, raw):
    page = admin_page
    env, other = new_env(sdk), new_env(sdk)
    user = new_user(sdk, role="media_library_user")
    row = open_menu(page, user.email, user.name)
    row.get_by_role("link", name="Product environments").click()
    page.get_by_label("Only the product environments ticked below").check()
    page.locator("#environments").get_by_label(env.name, exact=True).check()
    page.locator("#environments").get_by_label(other.name, exact=True).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The product environment access is saved.")).to_be_visible()
    got = user_json(raw, user.id)
    assert got["all_sub_accounts"] is False and sorted(got["sub_account_ids"]) == sorted([env.id, other.id])

    refused(form_post(page, f"/console/users/{user.id}/environments", {"environments": "some", "env_nowhere": "on"}), 400, "environments")
    assert sorted(user_json(raw, user.id)["sub_account_ids"]) == sorted([env.id, other.id])

    page.goto(f"/console/users/{user.id}/environments")
    page.get_by_label("All product environments").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The product environment access is saved.")).to_be_visible()
    assert sdk.users.get(user_id=user.id).all_sub_accounts is True


def test_resend_invite_only_for_pending_users(admin_page, sdk, inbox):
    page = admin_page
    user = new_user(sdk)
    inbox.wait_link(user.email, "invitation")
    row = open_menu(page, user.email, user.name)
    expect(row.get_by_role("button", name="Reset password")).to_have_count(0)  # no password yet
    row.get_by_role("button", name="Resend invite").click()
    expect(page.get_by_text("A new invitation is sent.")).to_be_visible()
    second = inbox.wait_link(user.email, "invitation", count=2)
    assert second != inbox.wait_link(user.email, "invitation", count=1)
    assert sdk.users.get(user_id=user.id).status == "pending"


def test_reset_password_and_force_logout(admin_page, chromium, console_server, sdk, inbox, raw):
    page = admin_page
    person = make_person(chromium, console_server, sdk, inbox, "technical_admin", tag="resetme")
    user = by_email(sdk, person)
    with signed_in_page(chromium, console_server, person) as theirs:
        row = open_menu(page, person, user.name)
        expect(row.get_by_role("button", name="Resend invite")).to_have_count(0)  # accepted already
        row.get_by_role("button", name="Force logout").click()
        expect(page.get_by_text("The user is signed out everywhere.")).to_be_visible()
        theirs.goto("/console/profile")
        assert path_of(theirs).startswith("/console/login")
    assert user_json(raw, user.id)["password_reset_pending"] is False

    row = open_menu(page, person, user.name)
    row.get_by_role("button", name="Reset password").click()
    expect(page.get_by_text("The password is reset and a reset link is sent.")).to_be_visible()
    assert user_json(raw, user.id)["password_reset_pending"] is True
    inbox.wait_link(person, "reset")
    expect(row_of(page, person).locator(".status")).to_have_text("Password reset")
    # The old password no longer signs in.
    with chromium.new_context(base_url=console_server.base_url) as context:
        other = context.new_page()
        sign_in(other, person, PASSWORD)
        assert path_of(other).startswith("/console/login")


def test_delete_with_confirmation_leaves_the_user_inactive(admin_page, sdk, perms):
    page = admin_page
    group = new_group(sdk)
    user = new_user(sdk, role="admin")
    sdk.user_groups.add_user(group_id=group.id, user_id=user.id)
    row = open_menu(page, user.email, user.name)
    row.get_by_role("link", name="Delete").click()
    assert path_of(page) == f"/console/users/{user.id}/delete"
    expect(page.get_by_role("heading", name=f"Delete {user.name}?")).to_be_visible()
    assert sdk.users.get(user_id=user.id).status == "pending"  # the confirmation page writes nothing
    page.get_by_role("button", name="Delete user").click()
    expect(page.get_by_text("The user is deleted")).to_be_visible()
    assert sdk.users.get(user_id=user.id).status == "inactive"
    assert member_ids(sdk, group.id) == [] and held(perms, user.id) == []
    row = row_of(page, user.email)
    expect(row.locator(".status")).to_have_text("Inactive")
    expect(row.locator("details.menu")).to_have_count(0)
    # A deleted user has no actions left, not even through a forged post.
    assert form_post(page, f"/console/users/{user.id}/edit", {"email": unique_email("back")}).status == 403
    assert sdk.users.get(user_id=user.id).status == "inactive"


# ---- Refusals -------------------------------------------------------------------------------------

def test_reports_user_is_refused(chromium, console_server, sdk, inbox, perms):
    reports = make_person(chromium, console_server, sdk, inbox, "reports", tag="usersreports")
    target = new_user(sdk, role="media_library_user")
    fresh = unique_email("forged")
    before = held(perms, target.id)
    with signed_in_page(chromium, console_server, reports) as page:
        expect(page.get_by_role("navigation", name="Console").get_by_role("link", name="Users")).to_have_count(0)
        for path in ["/console/users", "/console/users/invite", "/console/users/seats", f"/console/users/{target.id}/edit",
                     f"/console/users/{target.id}/roles", f"/console/users/{target.id}/environments", f"/console/users/{target.id}/delete"]:
            assert page.request.get(path).status == 403, path
        posts = [
            ("/console/users/invite", {"email_1": fresh, "level": "account", f"role_{ACCOUNT_ADMIN}": "on"}),
            ("/console/users/seats", {"additional_users": "5"}),
            (f"/console/users/{target.id}/edit", {"name": "Forged", "email": fresh}),
            (f"/console/users/{target.id}/roles", {"level": "account", f"role_{ACCOUNT_ADMIN}": "on"}),
            (f"/console/users/{target.id}/environments", {"environments": "some"}),
            (f"/console/users/{target.id}/resend-invite", {}),
            (f"/console/users/{target.id}/reset-password", {}),
            (f"/console/users/{target.id}/force-logout", {}),
            (f"/console/users/{target.id}/delete", {}),
        ]
        limit = seats(sdk)[1]
        for path, fields in posts:
            response = form_post(page, path, fields)
            assert response.status == 403, (path, response.status)
            assert "You do not have access to this" in response.text()
    got = sdk.users.get(user_id=target.id)
    assert (got.name, got.email, got.status, got.all_sub_accounts) == (target.name, target.email, "pending", True)
    assert held(perms, target.id) == before and live_with(sdk, fresh) == [] and seats(sdk)[1] == limit


def test_posts_without_the_csrf_token_are_refused(admin_page, sdk, perms):
    page = admin_page
    page.goto("/console/users")
    target = new_user(sdk, role="media_library_user")
    fresh = unique_email("nocsrf")
    before = held(perms, target.id)
    limit = seats(sdk)[1]
    for path, fields in [
        ("/console/users/invite", {"email_1": fresh, "level": "account"}),
        ("/console/users/seats", {"additional_users": "7"}),
        (f"/console/users/{target.id}/edit", {"name": "No token", "email": fresh}),
        (f"/console/users/{target.id}/roles", {"level": "account", f"role_{ACCOUNT_ADMIN}": "on"}),
        (f"/console/users/{target.id}/environments", {"environments": "some"}),
        (f"/console/users/{target.id}/resend-invite", {}),
        (f"/console/users/{target.id}/force-logout", {}),
        (f"/console/users/{target.id}/delete", {}),
    ]:
        response = form_post(page, path, fields, csrf=False)
        assert response.status == 403, (path, response.status)
        assert "security token" in response.text()
    got = sdk.users.get(user_id=target.id)
    assert (got.name, got.status, got.all_sub_accounts) == (target.name, "pending", True)
    assert held(perms, target.id) == before and live_with(sdk, fresh) == [] and seats(sdk)[1] == limit


def test_an_admin_cannot_make_anyone_master_admin_nor_change_the_limit(chromium, console_server, sdk, inbox, perms):
    admin_address = make_person(chromium, console_server, sdk, inbox, "admin", tag="usersadmin")
    target = new_user(sdk, role="media_library_user")
    fresh = unique_email("escalate")
    with signed_in_page(chromium, console_server, admin_address) as page:
        page.goto("/console/users")
        expect(page.get_by_role("link", name="Change user limit")).to_have_count(0)
        response = form_post(page, f"/console/users/{target.id}/roles", {"level": "account", "role_cld::role::account::master_admin": "on"})
        assert response.status == 403, response.text()[:500]
        response = form_post(page, "/console/users/invite", {"email_1": fresh, "level": "account", "role_cld::role::account::master_admin": "on"})
        assert response.status == 403, response.text()[:500]
        assert form_post(page, "/console/users/seats", {"additional_users": "9"}).status == 403
    assert held(perms, target.id) == [(ML_USER, "all")] and live_with(sdk, fresh) == []
