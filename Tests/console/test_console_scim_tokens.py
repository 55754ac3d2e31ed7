"""SCIM tokens in the Console (issue 15), in headless Chromium: create (the token is shown once, with the base URL,
and authenticates at /scim/v2 with the User Provisioning role only), the duplicate name told next to the field,
revoke (the token stops working at once), the page refused to people who may not manage users and groups, and
forged posts without the CSRF token."""

from __future__ import annotations

import httpx
from playwright.sync_api import expect

from console_support import form_post, make_person, path_of, signed_in_page
from support import PermRaw, unique_name

PROVISIONING = "gatehouse::role::account::user_provisioning"


def scim_status(server, token: str, path: str = "Users") -> int:
    r = httpx.get(f"{server.base_url}/scim/v2/{path}", headers={"Authorization": f"Bearer {token}"}, timeout=30)
    return r.status_code


def create_token(page, name: str) -> tuple[str, str]:
    """Creates a SCIM token in the Console; returns (principal id, token) as the answer page shows them once."""
    page.goto("/console/scim-tokens")
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_role("button", name="Create SCIM token").click()
    expect(page.get_by_role("heading", name="SCIM token created")).to_be_visible()
    token = page.locator("#scim-token").inner_text().strip()
    return token.split(".")[0], token


def test_a_token_is_shown_once_holds_user_provisioning_and_revoking_it_ends_it(admin_page, console_server):
    page = admin_page
    page.get_by_role("navigation", name="Console").get_by_role("link", name="SCIM tokens").click()
    assert path_of(page) == "/console/scim-tokens"
    name = unique_name("okta")
    key, token = create_token(page, name)
    assert page.locator("#scim-base-url").inner_text().strip() == f"{console_server.base_url}/scim/v2"
    assert scim_status(console_server, token) == 200
    assert scim_status(console_server, token + "x") == 401
    perm = PermRaw(console_server.base_url)
    try:
        held = {r["id"] for r in perm.held("provisioningKey", key)}
    finally:
        perm.client.close()
    assert held == {PROVISIONING}
    page.get_by_role("link", name="Done").click()
    row = page.locator("tr", has_text=key)
    expect(row).to_contain_text(name)
    assert token not in page.content()
    # A second token of the same name is told next to the field, and nothing is created.
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_role("button", name="Create SCIM token").click()
    expect(page.locator("#token_name-error")).to_be_visible()
    assert page.locator("tr", has_text=name).count() == 1
    # Revoke: gone from the list and refused at once.
    page.goto("/console/scim-tokens")
    page.get_by_role("button", name=f"Revoke {name}").click()
    expect(page.get_by_text("The SCIM token is revoked")).to_be_visible()
    expect(page.locator("tr", has_text=key)).to_have_count(0)
    assert scim_status(console_server, token) == 401


def test_people_who_may_not_manage_users_get_no_page_and_no_menu(chromium, console_server, sdk, inbox):
    address = make_person(chromium, console_server, sdk, inbox, "technical_admin", tag="scimless")
    with signed_in_page(chromium, console_server, address) as page:
        expect(page.get_by_role("navigation", name="Console").get_by_role("link", name="SCIM tokens")).to_have_count(0)
        r = page.request.get("/console/scim-tokens")
        assert r.status == 403, r.status
        assert form_post(page, "/console/scim-tokens", {"token_name": "sneaky"}).status == 403


def test_posts_without_the_csrf_token_are_refused(admin_page, console_server):
    key, token = create_token(admin_page, unique_name("csrf"))
    admin_page.goto("/console/scim-tokens")
    for path, fields in [("/console/scim-tokens", {"token_name": "forged"}), (f"/console/scim-tokens/{key}/revoke", {})]:
        r = form_post(admin_page, path, fields, csrf=False)
        assert r.status == 403, (path, r.status)
    assert scim_status(console_server, token) == 200
    admin_page.goto("/console/scim-tokens")
    expect(admin_page.locator("tr", has_text="forged")).to_have_count(0)
