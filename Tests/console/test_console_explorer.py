"""Access explorer (`/console/explorer`): who can do what, and why. A GET form with Principal, Action, Resource
and Check; the decision with its path (principal → group → role → policy), the missing permissions and the roles
that carry them for a deny, hypothetical roles ("What if") that are evaluated and never written, folder paths
asked as the Admin API asks them, bad input next to its field, and users without roles::view refused."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import expect

from console_support import make_person, path_of, signed_in_page
from support import HTTP_TIMEOUT, PermRaw, new_env, new_group, new_user, unique_name

ADMIN = "cld::role::account::admin"
MASTER_PRODENV = "cld::role::prodenv::master_admin"
FOLDER_VIEWER = "cld::role::folder::viewer"
USERS_VIEW = "cld::global::users::view"


@pytest.fixture(scope="module")
def perm(console_server):
    return PermRaw(console_server.base_url)


def check(page, principal: str, action: str, resource: str, path: str = "", environment: str = "",
          what_if: tuple[str, str] | None = None):
    page.goto("/console/explorer")
    page.get_by_label("Principal").select_option(value=principal)
    page.get_by_label("Action").select_option(value=action)
    page.get_by_label("Resource", exact=True).select_option(value=resource)
    page.get_by_label("Folder path, collection or id").fill(path)
    page.get_by_label("Product environment").select_option(value=environment)
    if what_if:
        page.locator("details.what-if > summary").click()
        page.get_by_label("What-if role 1").select_option(value=what_if[0])
        page.get_by_label("What-if scope 1").select_option(value=what_if[1])
    page.get_by_role("button", name="Check").click()


def test_allow_through_a_group_shows_the_path(admin_page, sdk, perm):
    user = new_user(sdk, role="billing")
    group = new_group(sdk, unique_name("Auditors"))
    sdk.user_groups.add_user(group_id=group.id, user_id=user.id)
    perm.ok_assign("group", group.id, [{"id": ADMIN}])

    check(admin_page, f"user:{user.id}", "read", f"feature:{USERS_VIEW}")
    expect(admin_page.locator("#decision")).to_have_text("Decision: Allow")
    path = admin_page.locator("ol.path").first
    expect(path).to_contain_text(user.name)
    expect(path).to_contain_text(group.name)
    expect(path).to_contain_text("Admin (account)")
    expect(path.locator("li")).to_have_count(4)  # principal → group → role → policy
    # The answer is linkable: its address holds the question.
    assert "principal=user%3A" in admin_page.url and "resource=feature%3A" in admin_page.url
    # Same question through the check API: the same decision.
    r = perm.post("check", json={"principal": {"type": "user", "id": user.id}, "action": "read",
                                 "resource": {"type": "Cloudinary::Feature", "id": USERS_VIEW}})
    assert r.status_code == 200 and r.json()["data"]["decision"] == "allow", r.text


def test_deny_lists_missing_permissions_and_roles(admin_page, sdk):
    user = new_user(sdk, role="reports")
    check(admin_page, f"user:{user.id}", "read", f"feature:{USERS_VIEW}")
    expect(admin_page.locator("#decision")).to_have_text("Decision: Deny")
    missing = admin_page.locator("ul.missing")
    expect(missing).to_be_visible()
    expect(missing).to_contain_text("Admin (account)")
    expect(missing).to_contain_text("Master Admin (account)")
    expect(admin_page.locator("ol.path")).to_have_count(0)


def test_what_if_allows_without_writing(admin_page, sdk, perm):
    user = new_user(sdk, role="reports")
    before = perm.held("user", user.id)
    check(admin_page, f"user:{user.id}", "read", f"feature:{USERS_VIEW}", what_if=(ADMIN, ""))
    expect(admin_page.locator("#decision")).to_have_text("Decision: Allow")
    step = admin_page.locator("ol.path li", has_text="Admin (account)").first
    expect(step).to_contain_text("what if")
    expect(admin_page.get_by_text("nothing was assigned").first).to_be_visible()
    # Nothing was assigned: the Permissions API shows the same roles as before, and without the what-if it is a deny.
    after = perm.held("user", user.id)
    assert [r["id"] for r in after] == [r["id"] for r in before] and ADMIN not in [r["id"] for r in after]
    check(admin_page, f"user:{user.id}", "read", f"feature:{USERS_VIEW}")
    expect(admin_page.locator("#decision")).to_have_text("Decision: Deny")


def test_folder_path_is_asked_as_the_admin_api_asks(admin_page, sdk, perm, console_server):
    env = new_env(sdk, name=unique_name("Brand"))
    maker = sdk.access_keys.generate(sub_account_id=env.id, access_key_request={"name": "maker", "enabled": True})
    perm.ok_assign("apiKey", maker.api_key, [{"id": MASTER_PRODENV, "scope_id": env.id}])
    r = httpx.post(f"{console_server.base_url}/v1_1/{env.cloud_name}/folders/Campaign/Spring",
                   auth=(maker.api_key, maker.api_secret), timeout=HTTP_TIMEOUT)
    assert r.status_code == 200, r.text
    parent = httpx.get(f"{console_server.base_url}/v1_1/{env.cloud_name}/folders",
                       auth=(maker.api_key, maker.api_secret), timeout=HTTP_TIMEOUT).json()["folders"]
    campaign = next(f for f in parent if f["path"] == "Campaign")
    viewer = sdk.access_keys.generate(sub_account_id=env.id, access_key_request={"name": "viewer", "enabled": True})
    perm.ok_assign("apiKey", viewer.api_key, [
        {"id": FOLDER_VIEWER, "scope_id": env.id, "policy_parameters": {"folder_id": campaign["external_id"]}}])

    # A role on Campaign covers its subfolder (ancestor_ids), as the Admin API decides.
    check(admin_page, f"apiKey:{viewer.api_key}", "read", "folder", path="Campaign/Spring", environment=env.id)
    expect(admin_page.locator("#decision")).to_have_text("Decision: Allow")
    expect(admin_page.locator("ol.path").first).to_contain_text("Viewer (folder)")
    expect(admin_page.locator("ol.path").first).to_contain_text(campaign["external_id"])
    sub = httpx.get(f"{console_server.base_url}/v1_1/{env.cloud_name}/folders/Campaign",
                    auth=(viewer.api_key, viewer.api_secret), timeout=HTTP_TIMEOUT)
    assert sub.status_code == 200, sub.text
    # Deleting is not in a viewer's role: a deny naming what is missing.
    check(admin_page, f"apiKey:{viewer.api_key}", "delete", "folder", path="Campaign/Spring", environment=env.id)
    expect(admin_page.locator("#decision")).to_have_text("Decision: Deny")
    expect(admin_page.locator("ul.missing")).to_contain_text("Manager (folder)")
    # A path where no folder is yet: the folder that would be created there.
    check(admin_page, f"apiKey:{viewer.api_key}", "read", "folder", path="Elsewhere/New", environment=env.id)
    expect(admin_page.locator("#decision")).to_have_text("Decision: Deny")
    expect(admin_page.get_by_text("No folder is at Elsewhere/New yet")).to_be_visible()
    # What if the key held Viewer on the folder asked about: an allow, and nothing assigned.
    check(admin_page, f"apiKey:{viewer.api_key}", "read", "folder", path="Elsewhere/New", environment=env.id,
          what_if=(FOLDER_VIEWER, env.id))
    expect(admin_page.locator("#decision")).to_have_text("Decision: Allow")
    held = perm.held("apiKey", viewer.api_key, permission_type="content")
    assert len(held) == 1, held


def explorer_get(page, **params):
    response = page.request.get("/console/explorer", params=params, max_redirects=0)
    assert response.status < 500, (params, response.status, response.text()[:500])
    return response


def test_bad_input_is_told_next_to_the_field(admin_page, sdk, perm):
    env = new_env(sdk, name=unique_name("Bad"))
    user = new_user(sdk, role="reports")
    before = perm.held("user", user.id)
    base = {"principal": f"user:{user.id}", "action": "read", "resource": f"feature:{USERS_VIEW}", "path": "", "environment": ""}

    r = explorer_get(admin_page, **{**base, "principal": "user:no-such-user"})
    assert r.status in (400, 404) and 'id="principal-error"' in r.text(), r.text()[:800]
    r = explorer_get(admin_page, **{**base, "principal": "nonsense"})
    assert r.status == 400 and 'id="principal-error"' in r.text()
    r = explorer_get(admin_page, **{**base, "action": "fly"})
    assert r.status == 400 and 'id="action-error"' in r.text()
    r = explorer_get(admin_page, **{**base, "resource": "folder", "path": "a//b", "environment": env.id})
    assert r.status == 400 and 'id="path-error"' in r.text() and "folder path" in r.text()
    r = explorer_get(admin_page, **{**base, "resource": "folder", "path": "Campaign"})
    assert r.status == 400 and 'id="environment-error"' in r.text()
    r = explorer_get(admin_page, **{**base, "resource": "collection", "path": "no-such-collection", "environment": env.id})
    assert r.status == 400 and 'id="path-error"' in r.text()
    r = explorer_get(admin_page, **{**base, "what_if_role_1": "cld::role::no_such_role", "what_if_scope_1": ""})
    assert r.status == 400 and 'id="what_if_role_1-error"' in r.text()
    r = explorer_get(admin_page, **{**base, "what_if_role_1": ADMIN, "what_if_scope_1": env.id})
    assert r.status == 400 and 'id="what_if_scope_1-error"' in r.text()
    r = explorer_get(admin_page, **{**base, "what_if_role_1": FOLDER_VIEWER, "what_if_scope_1": env.id})
    assert r.status == 400 and 'id="what_if_role_1-error"' in r.text()
    assert perm.held("user", user.id) == before

    # In the browser: the message is next to the field, the field is marked, and what was chosen stays.
    admin_page.goto(f"/console/explorer?principal=user:{user.id}&action=read&resource=folder&path=a//b&environment={env.id}")
    field = admin_page.get_by_label("Folder path, collection or id")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(admin_page.locator("#path-error")).to_be_visible()
    expect(field).to_have_value("a//b")
    expect(admin_page.get_by_label("Principal")).to_have_value(f"user:{user.id}")


def test_without_roles_view_no_menu_and_403(chromium, console_server, sdk, inbox):
    address = make_person(chromium, console_server, sdk, inbox, "reports", tag="explorer-reports")
    with signed_in_page(chromium, console_server, address) as page:
        expect(page.get_by_role("link", name="Access explorer")).to_have_count(0)
        response = page.goto("/console/explorer")
        assert response.status == 403 and path_of(page) == "/console/explorer"
        expect(page.get_by_text("You do not have access to this")).to_be_visible()
        response = page.request.get(f"/console/explorer?principal=user:x&action=read&resource=feature:{USERS_VIEW}")
        assert response.status == 403 and "Decision" not in response.text()
