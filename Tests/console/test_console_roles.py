"""Role Management in the Console (issue 12): the Global / Folder / Collection tabs with counts and filters, a
role's permissions (View for system roles, Edit for custom ones), Create role (ID, Copy from existing role with
and without JavaScript, Permission level filtering the permissions live), deleting a custom role that people
hold; refusals (no feature, view-only, missing CSRF token) and bad input, every change checked through the
Permissions API."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from console_support import PASSWORD, form_post, make_person, path_of, sign_in, signed_in_page
from support import PermRaw, load_catalog, new_api_key, new_env, new_group, new_user, uid, unique_name

CATALOG = load_catalog()
POLICIES = {p["id"]: p for p in CATALOG["system_policies"]}
SYSTEM_ROLES = {r["id"]: r for r in CATALOG["system_roles"]}
ROLES_VIEW = "cld::policy::global::roles::view"
USERS_VIEW = "cld::policy::global::users_and_groups::view"
USERS_MANAGE = "cld::policy::global::users_and_groups::manage"
REPORTS_VIEW = "cld::policy::global::account_reports::view"
ML_ACCESS = "cld::policy::global::ml::access"


def policies_of(scope: str | None = None, permission: str = "global", parameters: list | None = None) -> list[str]:
    return [p["id"] for p in CATALOG["system_policies"]
            if p["permission_type"] == permission and (scope is None or p["scope_type"] == scope)
            and (parameters is None or p["policy_parameters"] == parameters)]


ACCOUNT_POLICIES = policies_of("account")
PRODENV_POLICIES = policies_of("prodenv")
FOLDER_POLICIES = policies_of(permission="content", parameters=["folder_id"])


@pytest.fixture(scope="module")
def perm(console_server):
    return PermRaw(console_server.base_url)


def api_role(perm: PermRaw, role_id: str) -> dict | None:
    r = perm.get(f"roles/{role_id}")
    if r.status_code == 404:
        return None
    assert r.status_code == 200, (r.status_code, r.text)
    return r.json()["data"]


def api_roles(perm: PermRaw, permission: str = "global", **params) -> list[dict]:
    r = perm.get("roles", params={"permission_type": permission, **params})
    assert r.status_code == 200, (r.status_code, r.text)
    return r.json()["data"]


def custom_ids(perm: PermRaw) -> set[str]:
    return {r["id"] for t in ("global", "content") for r in api_roles(perm, t, management_type="custom")}


def new_role(perm: PermRaw, scope: str = "account", policies: list[str] | None = None, **extra) -> dict:
    body = {"name": unique_name("Role"), "scope_type": scope, "permission_type": "global",
            "system_policy_ids": policies if policies is not None else [USERS_VIEW], **extra}
    r = perm.post("roles", json=body)
    assert r.status_code in (200, 201), (r.status_code, r.text)
    return r.json()["data"]


def policy_ids(role: dict) -> list[str]:
    return sorted(p["id"] for p in role.get("policies") or [])


def user_id(sdk, address: str) -> str:
    return next(u.id for u in sdk.users.list().users if u.email == address)


def open_row_menu(page, role_id: str, item: str):
    row = page.locator(f"tr[data-role-id='{role_id}']")
    row.locator("summary").click()
    row.get_by_role("link", name=item, exact=True).click()


def checked_policies(page) -> list[str]:
    items = page.locator("#role-form li[data-policy]")
    return sorted(items.nth(i).get_attribute("data-policy") for i in range(items.count())
                  if items.nth(i).locator("input[type=checkbox]").is_checked())


def shown_policies(page) -> list[str]:
    return sorted(page.locator("#role-form li[data-policy]:visible").evaluate_all("els => els.map(e => e.dataset.policy)"))


# ---- the tabs -------------------------------------------------------------------------------------------

def test_tabs_show_counts_columns_and_filters(admin_page, perm):
    mine = new_role(perm, "account", [USERS_VIEW], description="Sees people")
    page = admin_page
    page.get_by_role("navigation", name="Console").get_by_role("link", name="Role Management").click()
    assert path_of(page) == "/console/roles"
    global_count = len(api_roles(perm, "global"))
    content = api_roles(perm, "content")
    folder_count = sum(1 for r in content if r["policy_parameters"] == ["folder_id"])
    collection_count = sum(1 for r in content if r["policy_parameters"] == ["collection_id"])
    tabs = page.get_by_role("navigation", name="Role types")
    expect(tabs.get_by_role("link", name=f"Global Roles ({global_count})")).to_have_attribute("aria-current", "page")
    expect(tabs.get_by_role("link", name=f"Folder Roles ({folder_count})")).to_be_visible()
    expect(tabs.get_by_role("link", name=f"Collection Roles ({collection_count})")).to_be_visible()
    expect(page.get_by_role("heading", name=f"Global Roles ({global_count})")).to_be_visible()
    headers = [h.strip() for h in page.locator("#roles-table thead th").all_text_contents()]
    assert headers[:4] == ["Role Name", "Permission Level", "Type", "Description"], headers
    assert page.locator("#roles-table tbody tr").count() == global_count

    row = page.locator("tr[data-role-id='cld::role::account::master_admin']")
    expect(row).to_contain_text("Master Admin")
    expect(row).to_contain_text("Account")
    expect(row).to_contain_text("System Role")
    mine_row = page.locator(f"tr[data-role-id='{mine['id']}']")
    expect(mine_row).to_contain_text("Custom Role")
    expect(mine_row).to_contain_text("Sees people")
    # System roles offer View, custom ones Edit and Delete.
    row.locator("summary").click()
    expect(row.get_by_role("link", name="View", exact=True)).to_be_visible()
    expect(row.get_by_role("link", name="Edit", exact=True)).to_have_count(0)
    mine_row.locator("summary").click()
    expect(mine_row.get_by_role("link", name="Edit", exact=True)).to_be_visible()
    expect(mine_row.get_by_role("link", name="Delete", exact=True)).to_be_visible()

    # Filters: Type and Permission level.
    page.get_by_label("Type", exact=True).select_option(label="Custom Role")
    page.get_by_label("Permission level").select_option(label="Account")
    page.get_by_role("button", name="Filter").click()
    want = {r["id"] for r in api_roles(perm, "global", management_type="custom", scope_type="account")}
    rows = page.locator("#roles-table tbody tr[data-role-id]")
    assert {rows.nth(i).get_attribute("data-role-id") for i in range(rows.count())} == want
    page.get_by_label("Type", exact=True).select_option(label="System Role")
    page.get_by_label("Permission level").select_option(label="Product environment")
    page.get_by_role("button", name="Filter").click()
    rows = page.locator("#roles-table tbody tr[data-role-id]")
    got = {rows.nth(i).get_attribute("data-role-id") for i in range(rows.count())}
    assert got == {r["id"] for r in api_roles(perm, "global", management_type="system", scope_type="prodenv")}

    # The Folder and Collection tabs: no Permission Level column; collection roles cannot be created.
    tabs.get_by_role("link", name=re.compile(r"^Folder Roles")).click()
    expect(page.get_by_role("link", name=re.compile(r"^Folder Roles"))).to_have_attribute("aria-current", "page")
    assert "Permission Level" not in page.locator("#roles-table thead").text_content()
    expect(page.locator("tr[data-role-id='cld::role::folder::editor']")).to_contain_text("System Role")
    expect(page.get_by_role("link", name="Create role")).to_be_visible()
    page.get_by_role("navigation", name="Role types").get_by_role("link", name=re.compile(r"^Collection Roles")).click()
    assert page.locator("#roles-table tbody tr[data-role-id]").count() == collection_count
    expect(page.get_by_role("link", name="Create role")).to_have_count(0)


# ---- viewing a role's permissions ---------------------------------------------------------------------------

def test_view_system_role_lists_every_permission_of_its_kind(admin_page):
    page = admin_page
    page.goto("/console/roles?tab=global")
    open_row_menu(page, "cld::role::prodenv::technical_admin", "View")
    assert path_of(page) == "/console/roles/cld::role::prodenv::technical_admin"
    expect(page.get_by_role("heading", name="View role: Technical Admin")).to_be_visible()
    items = page.locator("#role-form li[data-policy]")
    assert sorted(items.evaluate_all("els => els.map(e => e.dataset.policy)")) == sorted(PRODENV_POLICIES)
    assert checked_policies(page) == sorted(SYSTEM_ROLES["cld::role::prodenv::technical_admin"]["system_policy_ids"])
    assert all(items.nth(i).locator("input").is_disabled() for i in range(items.count()))
    expect(page.get_by_role("button", name="Save")).to_have_count(0)
    # Each permission: its description, and its Cedar statement on demand.
    first = POLICIES[items.first.get_attribute("data-policy")]
    expect(items.first).to_contain_text(first["name"])
    if first.get("description"):
        expect(items.first).to_contain_text(first["description"])
    statement = items.first.locator("details pre")
    expect(statement).to_be_hidden()
    items.first.get_by_text("Cedar statement").click()
    expect(statement).to_be_visible()
    assert statement.inner_text().strip() == first["policy_statement"].strip()

    # A folder role lists the folder permissions.
    page.goto("/console/roles?tab=folder")
    open_row_menu(page, "cld::role::folder::viewer", "View")
    assert sorted(page.locator("#role-form li[data-policy]").evaluate_all("els => els.map(e => e.dataset.policy)")) == \
        sorted(FOLDER_POLICIES)
    assert checked_policies(page) == sorted(SYSTEM_ROLES["cld::role::folder::viewer"]["system_policy_ids"])


# ---- creating ------------------------------------------------------------------------------------------------

def test_create_global_role_copying_an_existing_one_live(admin_page, perm):
    page = admin_page
    page.goto("/console/roles?tab=global")
    page.get_by_role("link", name="Create role").click()
    assert path_of(page).startswith("/console/roles/new")
    # The level filters the permissions live.
    page.get_by_label("Permission level").select_option(label="Product environment")
    assert shown_policies(page) == sorted(PRODENV_POLICIES)
    page.get_by_label("Permission level").select_option(label="Account")
    assert shown_policies(page) == sorted(ACCOUNT_POLICIES)
    # Copy from existing role checks the Admin role's permissions at once (and its level).
    page.get_by_label("Permission level").select_option(label="Product environment")
    page.get_by_label("Copy from existing role").select_option(value="cld::role::account::admin")
    expect(page.get_by_label("Permission level")).to_have_value("account")
    admin_policies = SYSTEM_ROLES["cld::role::account::admin"]["system_policy_ids"]
    assert checked_policies(page) == sorted(admin_policies)
    role_id = "console_copy_" + uid(6)
    name = unique_name("Copied")
    page.get_by_label("Role name").fill(name)
    page.get_by_label("Description").fill("Admin without managing people")
    page.get_by_label("ID (optional)").fill(role_id)
    page.locator(f"li[data-policy='{USERS_MANAGE}'] input").uncheck()
    page.get_by_role("button", name="Create role").click()
    assert path_of(page) == f"/console/roles/{role_id}?notice=created"
    expect(page.get_by_text("The role is created.")).to_be_visible()
    role = api_role(perm, role_id)
    assert role["name"] == name and role["description"] == "Admin without managing people"
    assert role["scope_type"] == "account" and role["permission_type"] == "global" and role["management_type"] == "custom"
    assert policy_ids(role) == sorted(p for p in admin_policies if p != USERS_MANAGE)


def test_create_role_copying_without_javascript(chromium, console_server, master_admin, perm):
    context = chromium.new_context(base_url=console_server.base_url, java_script_enabled=False)
    try:
        page = context.new_page()
        sign_in(page, master_admin)
        page.goto("/console/roles/new?tab=global")
        # Without JavaScript every level's permissions are listed; the server checks the level.
        assert shown_policies(page) == sorted(ACCOUNT_POLICIES + PRODENV_POLICIES)
        page.get_by_label("Copy from existing role").select_option(value="cld::role::prodenv::reports")
        page.get_by_role("button", name="Copy permissions").click()
        assert "copy=cld" in page.url
        assert checked_policies(page) == sorted(SYSTEM_ROLES["cld::role::prodenv::reports"]["system_policy_ids"])
        expect(page.get_by_label("Permission level")).to_have_value("prodenv")
        name = unique_name("NoJS")
        page.get_by_label("Role name").fill(name)
        page.get_by_role("button", name="Create role").click()
        role_id = re.search(r"/console/roles/([^?]+)\?notice=created", page.url).group(1)
        role = api_role(perm, role_id)
        assert role["name"] == name and role["scope_type"] == "prodenv"
        assert policy_ids(role) == sorted(SYSTEM_ROLES["cld::role::prodenv::reports"]["system_policy_ids"])
        assert role_id.startswith("custom_")  # no ID typed: one was generated
    finally:
        context.close()


def test_create_folder_role(admin_page, perm):
    page = admin_page
    page.goto("/console/roles?tab=folder")
    page.get_by_role("link", name="Create role").click()
    name = unique_name("Folder")
    page.get_by_label("Role name").fill(name)
    chosen = FOLDER_POLICIES[:2]
    for pid in chosen:
        page.get_by_label(POLICIES[pid]["name"], exact=True).check()
    page.get_by_role("button", name="Create role").click()
    role_id = re.search(r"/console/roles/([^?]+)\?notice=created", page.url).group(1)
    role = api_role(perm, role_id)
    assert role["name"] == name and role["permission_type"] == "content" and role["scope_type"] == "prodenv"
    assert role["policy_parameters"] == ["folder_id"]
    assert policy_ids(role) == sorted(chosen)
    page.goto("/console/roles?tab=folder")
    expect(page.locator(f"tr[data-role-id='{role_id}']")).to_contain_text("Custom Role")


# ---- editing --------------------------------------------------------------------------------------------------

def test_edit_custom_role(admin_page, perm):
    role = new_role(perm, "account", [USERS_VIEW], description="before")
    page = admin_page
    page.goto("/console/roles?tab=global")
    open_row_menu(page, role["id"], "Edit")
    expect(page.get_by_role("heading", name=f"Edit role: {role['name']}")).to_be_visible()
    # Only account-level permissions, this role's checked; the level is shown, not editable.
    assert shown_policies(page) == sorted(ACCOUNT_POLICIES)
    assert checked_policies(page) == [USERS_VIEW]
    expect(page.locator("#scope_type")).to_have_text("Account")
    expect(page.locator("select[name=scope_type]")).to_have_count(0)
    new_name = unique_name("Edited")
    page.get_by_label("Role name").fill(new_name)
    page.get_by_label("Description").fill("after")
    page.get_by_label(POLICIES[REPORTS_VIEW]["name"], exact=True).check()
    page.get_by_label(POLICIES[USERS_VIEW]["name"], exact=True).uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The role is saved.")).to_be_visible()
    got = api_role(perm, role["id"])
    assert got["name"] == new_name and got["description"] == "after" and got["scope_type"] == "account"
    assert policy_ids(got) == [REPORTS_VIEW]


def test_bad_input_on_edit_writes_nothing(admin_page, perm):
    role = new_role(perm, "account", [USERS_VIEW])
    page = admin_page
    page.goto(f"/console/roles/{role['id']}")
    base = {"name": role["name"], f"policy:{USERS_VIEW}": "on"}
    cases = [
        ({"name": "", f"policy:{USERS_VIEW}": "on"}, 400, "name"),
        ({"name": role["name"]}, 400, "permissions"),
        ({**base, f"policy:{ML_ACCESS}": "on"}, 400, "permissions"),  # a product environment permission
        ({**base, "scope_type": "prodenv"}, 400, "scope_type"),  # the level cannot change
        ({**base, "name": "Master Admin"}, 409, "name"),
    ]
    for fields, status, field in cases:
        r = form_post(page, f"/console/roles/{role['id']}", fields)
        assert r.status == status, (fields, r.status)
        assert f'id="{field}-error"' in r.text(), (field, r.text()[:2000])
    got = api_role(perm, role["id"])
    assert got["name"] == role["name"] and got["scope_type"] == "account" and policy_ids(got) == [USERS_VIEW]
    # In the browser: the message is next to the field.
    page.get_by_label("Role name").fill("")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#name-error")).to_have_text("Enter a role name.")
    expect(page.get_by_label("Role name")).to_have_attribute("aria-invalid", "true")
    page.get_by_label("Role name").fill(role["name"])
    page.get_by_label(POLICIES[USERS_VIEW]["name"], exact=True).uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#permissions-error")).to_have_text("Choose at least one permission.")
    # A system role is view-only, even on a forged post.
    r = form_post(page, "/console/roles/cld::role::account::admin", {"name": "Admin", f"policy:{USERS_VIEW}": "on"})
    assert r.status == 403
    assert policy_ids(api_role(perm, "cld::role::account::admin")) == sorted(SYSTEM_ROLES["cld::role::account::admin"]["system_policy_ids"])


# ---- bad input on create -------------------------------------------------------------------------------------

def test_bad_input_on_create_writes_nothing(admin_page, perm):
    existing = new_role(perm, "account", [USERS_VIEW])
    page = admin_page
    page.goto("/console/roles/new?tab=global")
    before = custom_ids(perm)
    ok = {"tab": "global", "name": unique_name("Bad"), "scope_type": "account", f"policy:{USERS_VIEW}": "on"}
    cases = [
        ({**ok, "name": "  "}, 400, "name"),
        ({**ok, "id": "bad id!"}, 400, "id"),
        ({**ok, "id": "cld::role::mine"}, 400, "id"),
        ({**ok, "id": existing["id"]}, 409, "id"),
        ({**ok, "id": "cld::role::account::admin"}, 400, "id"),
        ({**ok, "name": existing["name"]}, 409, "name"),
        ({k: v for k, v in ok.items() if not k.startswith("policy:")}, 400, "permissions"),
        ({**ok, f"policy:{ML_ACCESS}": "on"}, 400, "permissions"),  # prodenv permission in an account role
        ({**ok, "scope_type": "galaxy"}, 400, "scope_type"),
        ({"tab": "folder", "name": unique_name("Bad"), f"policy:{USERS_VIEW}": "on"}, 400, "permissions"),
    ]
    for fields, status, field in cases:
        r = form_post(page, "/console/roles/new", fields)
        assert r.status == status, (fields, r.status, r.text()[:1500])
        assert f'id="{field}-error"' in r.text(), (fields, field)
    assert custom_ids(perm) == before
    # Collection roles cannot be created.
    r = form_post(page, "/console/roles/new", {**ok, "tab": "collection"})
    assert r.status == 403
    assert custom_ids(perm) == before

    # In the browser: what was typed stays, the message is next to its field.
    page.get_by_label("Role name").fill("Typed name")
    page.get_by_label("ID (optional)").fill("no spaces allowed")
    page.get_by_label(POLICIES[USERS_VIEW]["name"], exact=True).check()
    page.get_by_role("button", name="Create role").click()
    expect(page.locator("#id-error")).to_contain_text("ID must be")
    expect(page.get_by_label("ID (optional)")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Role name")).to_have_value("Typed name")
    page.get_by_label("ID (optional)").fill("")
    page.get_by_label(POLICIES[USERS_VIEW]["name"], exact=True).uncheck()
    page.get_by_role("button", name="Create role").click()
    expect(page.locator("#permissions-error")).to_have_text("Choose at least one permission.")
    assert custom_ids(perm) == before


# ---- deleting --------------------------------------------------------------------------------------------------

def test_delete_role_lists_holders_and_removes_assignments(admin_page, perm, sdk):
    role = new_role(perm, "prodenv", [ML_ACCESS])
    env = new_env(sdk)
    holder = new_user(sdk, name="Holding Person")
    group = new_group(sdk, unique_name("Holders"))
    key_name = unique_name("holding-key")
    key = new_api_key(sdk, env.id, key_name)
    perm.ok_assign("user", holder.id, [{"id": role["id"], "scope_id": env.id}])
    perm.ok_assign("group", group.id, [{"id": role["id"], "scope_id": "all"}])
    perm.ok_assign("apiKey", key, [{"id": role["id"], "scope_id": env.id}])

    page = admin_page
    page.goto("/console/roles?tab=global")
    open_row_menu(page, role["id"], "Delete")
    assert path_of(page) == f"/console/roles/{role['id']}/delete"
    holders = page.locator("#holders")
    expect(holders).to_contain_text(holder.email)
    expect(holders).to_contain_text(group.name)
    expect(holders).to_contain_text(key_name)
    expect(holders).to_contain_text("All product environments")
    assert holders.locator("tbody tr").count() == 3
    page.get_by_role("button", name="Delete role").click()
    assert path_of(page) == "/console/roles?tab=global&notice=deleted"
    expect(page.get_by_text("The role is deleted")).to_be_visible()
    assert api_role(perm, role["id"]) is None
    assert role["id"] not in [r["id"] for r in perm.held("user", holder.id)]
    assert role["id"] not in [r["id"] for r in perm.held("group", group.id)]

    # A role nobody holds: the confirmation says so.
    lonely = new_role(perm, "account", [USERS_VIEW])
    page.goto(f"/console/roles/{lonely['id']}")
    page.get_by_role("link", name="Delete role").click()
    expect(page.get_by_text("Nobody holds this role.")).to_be_visible()
    page.get_by_role("button", name="Delete role").click()
    assert api_role(perm, lonely["id"]) is None
    # A system role cannot be deleted.
    r = form_post(page, "/console/roles/cld::role::account::billing/delete", {})
    assert r.status == 403
    assert api_role(perm, "cld::role::account::billing") is not None


# ---- refusals ---------------------------------------------------------------------------------------------------

def test_posts_without_csrf_token_are_refused(admin_page, perm):
    role = new_role(perm, "account", [USERS_VIEW])
    page = admin_page
    page.goto("/console/roles")
    before = custom_ids(perm)
    r = form_post(page, "/console/roles/new", {"tab": "global", "name": unique_name("Forged"), "scope_type": "account",
                                               f"policy:{USERS_VIEW}": "on"}, csrf=False)
    assert r.status == 403
    r = form_post(page, f"/console/roles/{role['id']}", {"name": "Forged", f"policy:{USERS_MANAGE}": "on"}, csrf=False)
    assert r.status == 403
    r = form_post(page, f"/console/roles/{role['id']}/delete", {}, csrf=False)
    assert r.status == 403
    assert custom_ids(perm) == before
    got = api_role(perm, role["id"])
    assert got["name"] == role["name"] and policy_ids(got) == [USERS_VIEW]


def test_reports_user_has_no_role_management(chromium, console_server, sdk, inbox, perm):
    address = make_person(chromium, console_server, sdk, inbox, "reports", tag="rolesreports")
    role = new_role(perm, "account", [USERS_VIEW])
    with signed_in_page(chromium, console_server, address) as page:
        expect(page.get_by_role("navigation", name="Console").get_by_role("link", name="Role Management")).to_have_count(0)
        for path in ("/console/roles", f"/console/roles/{role['id']}", "/console/roles/new?tab=global",
                     f"/console/roles/{role['id']}/delete"):
            response = page.goto(path)
            assert response.status == 403, path
        before = custom_ids(perm)
        r = form_post(page, "/console/roles/new", {"tab": "global", "name": unique_name("Sneaky"), "scope_type": "account",
                                                   f"policy:{USERS_MANAGE}": "on"})
        assert r.status == 403
        r = form_post(page, f"/console/roles/{role['id']}", {"name": role["name"], f"policy:{USERS_MANAGE}": "on"})
        assert r.status == 403
        r = form_post(page, f"/console/roles/{role['id']}/delete", {})
        assert r.status == 403
        assert custom_ids(perm) == before
        assert policy_ids(api_role(perm, role["id"])) == [USERS_VIEW]


def test_roles_view_only_user_can_view_but_not_change(chromium, console_server, sdk, inbox, perm):
    viewer_role = new_role(perm, "account", [ROLES_VIEW])
    address = make_person(chromium, console_server, sdk, inbox, "reports", tag="rolesviewer")
    perm.ok_assign("user", user_id(sdk, address), [{"id": viewer_role["id"]}])
    target = new_role(perm, "account", [USERS_VIEW])
    with signed_in_page(chromium, console_server, address) as page:
        page.get_by_role("navigation", name="Console").get_by_role("link", name="Role Management").click()
        expect(page.get_by_role("link", name="Create role")).to_have_count(0)
        row = page.locator(f"tr[data-role-id='{target['id']}']")
        row.locator("summary").click()
        expect(row.get_by_role("link", name="Edit", exact=True)).to_have_count(0)
        expect(row.get_by_role("link", name="Delete", exact=True)).to_have_count(0)
        row.get_by_role("link", name="View", exact=True).click()
        expect(page.get_by_role("heading", name=f"View role: {target['name']}")).to_be_visible()
        assert checked_policies(page) == [USERS_VIEW]
        expect(page.get_by_role("button", name="Save")).to_have_count(0)
        assert page.locator("#role-form input[type=checkbox]:not([disabled])").count() == 0
        assert page.goto("/console/roles/new?tab=global").status == 403
        assert page.goto(f"/console/roles/{target['id']}/delete").status == 403
        page.goto(f"/console/roles/{target['id']}")
        r = form_post(page, f"/console/roles/{target['id']}", {"name": "Changed", f"policy:{USERS_MANAGE}": "on"})
        assert r.status == 403
        r = form_post(page, "/console/roles/new", {"tab": "global", "name": unique_name("Viewer made"), "scope_type": "account",
                                                   f"policy:{USERS_VIEW}": "on"})
        assert r.status == 403
        r = form_post(page, f"/console/roles/{target['id']}/delete", {})
        assert r.status == 403
    got = api_role(perm, target["id"])
    assert got["name"] == target["name"] and policy_ids(got) == [USERS_VIEW]


def test_admin_cannot_grant_itself_more_through_a_role_it_holds(chromium, console_server, sdk, inbox, perm):
    address = make_person(chromium, console_server, sdk, inbox, "admin", tag="rolesadmin")
    mine = new_role(perm, "account", [USERS_VIEW])
    perm.ok_assign("user", user_id(sdk, address), [{"id": mine["id"]}])
    billing = "cld::policy::global::billing::manage"
    with signed_in_page(chromium, console_server, address) as page:
        page.goto(f"/console/roles/{mine['id']}")
        page.get_by_label(POLICIES[billing]["name"], exact=True).check()
        with page.expect_response(lambda r: r.request.method == "POST") as answer:
            page.get_by_role("button", name="Save").click()
        assert answer.value.status == 403
        expect(page.locator("p.error[role=alert]")).to_be_visible()
        # The same change to a role nobody holds is the Admin's to make (it grants nothing to anyone yet).
        spare = new_role(perm, "account", [USERS_VIEW])
        r = form_post(page, f"/console/roles/{spare['id']}", {"name": spare["name"], f"policy:{billing}": "on"})
        assert r.status == 303
    assert policy_ids(api_role(perm, mine["id"])) == [USERS_VIEW]
    assert policy_ids(api_role(perm, spare["id"])) == [billing]
