"""Account API keys (provisioning keys) in the Console (issue 12), in headless Chromium: create (the secret is
shown once and authenticates), assign account-level roles, revoke (the key no longer authenticates) -- each
checked through the Provisioning and Permissions APIs; refusals for people without the feature, a holder of
the feature who is not a Master Admin kept to what it holds, forged posts without the CSRF token, bad input."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import expect

from console_support import form_post, make_person, path_of, signed_in_page
from support import ACCOUNT_ID, API_KEY, PermRaw, Raw, uid, unique_name

ACC_MASTER = "cld::role::account::master_admin"
ACC_ADMIN = "cld::role::account::admin"
ACC_REPORTS = "cld::role::account::reports"
PE_TECH = "cld::role::prodenv::technical_admin"


@pytest.fixture(scope="module")
def perm(console_server):
    p = PermRaw(console_server.base_url)
    yield p
    p.client.close()


def users_status(console_server, key: str, secret: str) -> int:
    """The status of a Provisioning API call made with this account key."""
    r = httpx.get(f"{console_server.base_url}/v1_1/provisioning/accounts/{ACCOUNT_ID}/users", auth=(key, secret), timeout=30)
    return r.status_code


def listed_keys(page) -> set[str]:
    """The account keys the Console lists (no API lists provisioning keys; each is then checked through the APIs)."""
    page.goto("/console/account-keys")
    return {c.strip() for c in page.locator("tbody td code").all_inner_texts()}


def key_roles(perm, key: str) -> set[str]:
    return {r["id"] for r in perm.held("provisioningKey", key)}


def create_key(page, name: str = "") -> tuple[str, str]:
    """Creates an account key in the Console; returns (key, secret) as the answer page shows them once."""
    page.goto("/console/account-keys")
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_role("button", name="Create account API key").click()
    expect(page.get_by_role("heading", name="Account API key created")).to_be_visible()
    return page.locator("#account-key").inner_text().strip(), page.locator("#account-secret").inner_text().strip()


def exists(perm, key: str) -> bool:
    r = perm.get("principal_roles", params={"principal_type": "provisioningKey", "principal_id": key, "permission_type": "global"})
    assert r.status_code in (200, 404), r.text
    return r.status_code == 200


def test_create_an_account_key_shows_its_secret_once_and_it_authenticates(admin_page, console_server, perm):
    page = admin_page
    page.get_by_role("navigation", name="Console").get_by_role("link", name="Account API keys").click()
    assert path_of(page) == "/console/account-keys"
    expect(page.get_by_text(API_KEY)).to_be_visible()  # the bootstrap key, with its Master Admin role
    expect(page.locator("tr", has_text=API_KEY).locator(".chip", has_text="Master Admin")).to_be_visible()
    name = unique_name("ci")
    key, secret = create_key(page, name)
    assert page.locator("#account-url").inner_text().strip() == f"account://{key}:{secret}@{ACCOUNT_ID}"
    assert exists(perm, key) and key_roles(perm, key) == set()
    # It authenticates; with no roles yet it may do nothing.
    assert users_status(console_server, key, secret) == 403
    assert users_status(console_server, key, secret + "x") == 401
    # Never shown again.
    page.get_by_role("link", name="Done").click()
    expect(page.locator("tr", has_text=key)).to_contain_text(name)
    assert secret not in page.content()
    # A key without a name is fine too.
    unnamed, _ = create_key(page)
    assert exists(perm, unnamed)


def test_assign_account_roles_to_a_key(admin_page, console_server, perm):
    page = admin_page
    key, secret = create_key(page, unique_name("roles"))
    page.goto(f"/console/account-keys/{key}/roles")
    # Only account-level global roles are offered.
    expect(page.get_by_label("Admin", exact=True)).to_be_visible()
    assert page.get_by_label("Technical Admin").count() == 0
    page.get_by_label("Admin", exact=True).check()
    page.get_by_label("Reports").check()
    page.get_by_role("button", name="Save roles").click()
    expect(page.get_by_text("The account API key's roles are saved.")).to_be_visible()
    assert key_roles(perm, key) == {ACC_ADMIN, ACC_REPORTS}
    assert users_status(console_server, key, secret) == 200  # the Admin role lets it list users
    expect(page.locator("tr", has_text=key).locator(".chip", has_text="Admin").first).to_be_visible()
    page.goto(f"/console/account-keys/{key}/roles")
    expect(page.get_by_label("Admin", exact=True)).to_be_checked()
    page.get_by_label("Reports").uncheck()
    page.get_by_role("button", name="Save roles").click()
    assert key_roles(perm, key) == {ACC_ADMIN}


def test_the_row_menu_leads_to_roles_and_revoke(admin_page):
    name = f"menu-{uid(6)}"
    key, _ = create_key(admin_page, name)
    admin_page.goto("/console/account-keys")
    admin_page.get_by_label(f"Actions for {name}").click()
    admin_page.get_by_role("link", name="Assign roles").click()
    assert path_of(admin_page) == f"/console/account-keys/{key}/roles"
    admin_page.goto("/console/account-keys")
    admin_page.get_by_label(f"Actions for {name}").click()
    admin_page.get_by_role("link", name="Revoke").click()
    assert path_of(admin_page) == f"/console/account-keys/{key}/revoke"


@pytest.mark.parametrize("role, words", [
    ("cld::role::account::no_such_role", "does not exist"),
    (PE_TECH, "product-environment role has no effect"),
])
def test_bad_roles_are_refused_next_to_the_roles(admin_page, perm, role, words):
    key, _ = create_key(admin_page)
    admin_page.goto(f"/console/account-keys/{key}/roles")
    r = form_post(admin_page, f"/console/account-keys/{key}/roles", {f"role:{role}": "on", f"role:{ACC_REPORTS}": "on"})
    assert r.status == 400, r.status
    assert words in r.text() and 'id="roles-error"' in r.text()
    assert key_roles(perm, key) == set()


def test_a_too_long_name_is_told_next_to_the_field(admin_page, perm):
    before = listed_keys(admin_page)
    admin_page.goto("/console/account-keys")
    admin_page.get_by_label("Name", exact=True).fill("k" * 300)
    with admin_page.expect_response(lambda r: r.url.endswith("/console/account-keys") and r.request.method == "POST") as answer:
        admin_page.get_by_role("button", name="Create account API key").click()
    assert answer.value.status == 400
    expect(admin_page.locator("#key_name-error")).to_contain_text("Key name must be at most")
    expect(admin_page.locator("#key_name")).to_have_attribute("aria-invalid", "true")
    assert listed_keys(admin_page) == before


def test_revoke_after_confirmation_and_the_key_no_longer_authenticates(admin_page, console_server, perm):
    page = admin_page
    name = f"revoked-{uid(6)}"
    key, secret = create_key(page, name)
    perm.ok_assign("provisioningKey", key, [{"id": ACC_ADMIN}])
    assert users_status(console_server, key, secret) == 200
    page.goto(f"/console/account-keys/{key}/revoke")
    expect(page.get_by_role("heading", name=f"Revoke account API key {name}?")).to_be_visible()
    assert users_status(console_server, key, secret) == 200  # the confirmation page wrote nothing
    page.get_by_role("button", name="Revoke").click()
    expect(page.get_by_text("The account API key is revoked")).to_be_visible()
    assert users_status(console_server, key, secret) == 401
    assert not exists(perm, key)
    holders = perm.get(f"roles/{ACC_ADMIN}/principals").json()["data"]
    assert key not in [h["id"] for h in holders]
    expect(page.locator("tr", has_text=key)).to_have_count(0)
    assert page.goto(f"/console/account-keys/{key}/revoke").status == 404


def test_posts_without_the_csrf_token_are_refused(admin_page, console_server, perm):
    key, secret = create_key(admin_page, unique_name("csrf"))
    before = listed_keys(admin_page)
    for path, fields in [
        ("/console/account-keys", {"key_name": "forged"}),
        (f"/console/account-keys/{key}/roles", {f"role:{ACC_MASTER}": "on"}),
        (f"/console/account-keys/{key}/revoke", {}),
    ]:
        assert form_post(admin_page, path, fields, csrf=False).status == 403, path
    assert listed_keys(admin_page) == before and all(exists(perm, k) for k in before) and key_roles(perm, key) == set()
    assert users_status(console_server, key, secret) == 403  # still authenticates, still without roles


@pytest.mark.parametrize("role", ["admin", "reports"])
def test_people_without_the_feature_are_refused(chromium, console_server, sdk, inbox, admin_page, perm, role):
    key, secret = create_key(admin_page, unique_name("target"))
    address = make_person(chromium, console_server, sdk, inbox, role, tag=f"keys{role}")
    with signed_in_page(chromium, console_server, address) as page:
        assert page.get_by_role("navigation", name="Console").get_by_role("link", name="Account API keys").count() == 0
        assert page.goto("/console/account-keys").status == 403
        assert page.goto(f"/console/account-keys/{key}/roles").status == 403
        assert page.goto(f"/console/account-keys/{key}/revoke").status == 403
        page.goto("/console")
        for path, fields in [
            ("/console/account-keys", {"key_name": "forged"}),
            (f"/console/account-keys/{key}/roles", {f"role:{ACC_MASTER}": "on"}),
            (f"/console/account-keys/{key}/revoke", {}),
            (f"/console/account-keys/{API_KEY}/revoke", {}),
        ]:
            assert form_post(page, path, fields).status == 403, path
    assert key_roles(perm, key) == set() and exists(perm, key) and exists(perm, API_KEY)
    assert users_status(console_server, key, secret) == 403


def test_a_key_manager_who_is_not_master_admin_gives_only_what_it_holds(chromium, console_server, sdk, inbox, admin_page, perm):
    """A custom account role carrying `account_api_keys::manage` opens the page, but the escalation guard
    still weighs every change: no Master Admin for a key, no revoking a stronger key."""
    r = perm.post("roles", json={
        "name": unique_name("Key keeper"), "permission_type": "global", "scope_type": "account",
        "system_policy_ids": ["cld::policy::global::account_api_keys::manage"]})
    assert r.status_code == 201, r.text
    keeper_role = r.json()["data"]["id"]
    address = make_person(chromium, console_server, sdk, inbox, "billing", tag="keykeeper")
    user = next(u for u in sdk.users.list().users if u.email == address)
    perm.ok_assign("user", user.id, [{"id": keeper_role}])
    strong, strong_secret = create_key(admin_page, unique_name("strong"))
    perm.ok_assign("provisioningKey", strong, [{"id": ACC_MASTER}])
    with signed_in_page(chromium, console_server, address) as page:
        page.get_by_role("navigation", name="Console").get_by_role("link", name="Account API keys").click()
        key, _ = create_key(page, unique_name("keeper"))
        page.goto(f"/console/account-keys/{key}/roles")
        page.get_by_label("Master Admin").check()
        with page.expect_response(lambda r: r.url.endswith("/roles") and r.request.method == "POST") as answer:
            page.get_by_role("button", name="Save roles").click()
        assert answer.value.status == 403
        expect(page.locator("p.error")).to_contain_text("cannot give")
        assert key_roles(perm, key) == set()
        page.get_by_label("Master Admin").uncheck()
        page.locator("li", has_text="Custom role").filter(has_text="Key keeper").get_by_role("checkbox").check()
        page.get_by_role("button", name="Save roles").click()
        assert key_roles(perm, key) == {keeper_role}
        # Revoking the Master Admin key would take what the keeper lacks.
        page.goto(f"/console/account-keys/{strong}/revoke")
        with page.expect_response(lambda r: r.url.endswith("/revoke") and r.request.method == "POST") as answer:
            page.get_by_role("button", name="Revoke").click()
        assert answer.value.status == 403
        assert users_status(console_server, strong, strong_secret) == 200
        # Its own key it may revoke.
        page.goto(f"/console/account-keys/{key}/revoke")
        page.get_by_role("button", name="Revoke").click()
        expect(page.get_by_text("The account API key is revoked")).to_be_visible()
        assert not exists(perm, key)
