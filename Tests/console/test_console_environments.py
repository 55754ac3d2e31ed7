"""Product environments and their API keys in the Console (issue 12), in headless Chromium: create, rename,
disable and enable an environment; per environment generate a key (secret shown once), rename, disable,
dedicate to webhooks, assign roles, delete -- each checked through the Provisioning and Permissions APIs;
refusals for people without the features, forged posts without the CSRF token, and bad input."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from console_support import form_post, make_person, path_of, signed_in_page
from support import PermRaw, Raw, new_env, uid, unique_cloud_name

PE_MASTER = "cld::role::prodenv::master_admin"
PE_TECH = "cld::role::prodenv::technical_admin"
PE_REPORTS = "cld::role::prodenv::reports"
ACC_ADMIN = "cld::role::account::admin"


@pytest.fixture(scope="module")
def raw(console_server):
    r = Raw(console_server.base_url)
    yield r
    r.client.close()


@pytest.fixture(scope="module")
def perm(console_server):
    p = PermRaw(console_server.base_url)
    yield p
    p.client.close()


def envs_by_cloud(sdk) -> dict:
    return {e.cloud_name: e for e in sdk.product_environments.list().sub_accounts}


def keys_of(raw, env_id: str) -> dict:
    r = raw.get(f"sub_accounts/{env_id}/access_keys")
    assert r.status_code == 200, r.text
    return {k["api_key"]: k for k in r.json()["access_keys"]}


def key_roles(perm, api_key: str) -> set[tuple]:
    return {(r["id"], r.get("scope_id")) for r in perm.held("apiKey", api_key)}


def field_error(page, field: str):
    return page.locator(f"#{field}-error")


# ---- environments ------------------------------------------------------------------------------------

def test_create_rename_disable_and_enable_an_environment(admin_page, sdk):
    page = admin_page
    page.get_by_role("navigation", name="Console").get_by_role("link", name="Product environments").click()
    assert path_of(page) == "/console/environments"
    cloud = unique_cloud_name("console")
    page.get_by_label("Cloud name").fill(cloud)
    page.get_by_label("Name", exact=True).fill("Console Env")
    page.get_by_role("button", name="Create product environment").click()
    expect(page.get_by_text("The product environment is created.")).to_be_visible()
    env = envs_by_cloud(sdk)[cloud]
    assert env.name == "Console Env" and env.enabled is True
    # Cloudinary gives a new environment one key; the Console lists it.
    page.get_by_role("link", name="Console Env").click()
    assert path_of(page) == f"/console/environments/{env.id}"
    expect(page.get_by_role("heading", name="Console Env")).to_be_visible()
    expect(page.get_by_text(env.api_access_keys[0].key)).to_be_visible()

    page.get_by_label("Name", exact=True).fill("Console Env Renamed")
    page.get_by_role("button", name="Rename").click()
    expect(page.get_by_text("The product environment is renamed.")).to_be_visible()
    assert sdk.product_environments.get(sub_account_id=env.id).name == "Console Env Renamed"

    page.get_by_role("button", name="Disable environment").click()
    expect(page.get_by_text("The product environment is disabled")).to_be_visible()
    assert sdk.product_environments.get(sub_account_id=env.id).enabled is False
    page.get_by_role("button", name="Enable environment").click()
    expect(page.get_by_text("The product environment is enabled.")).to_be_visible()
    assert sdk.product_environments.get(sub_account_id=env.id).enabled is True


def test_create_without_a_cloud_name_picks_one(admin_page, sdk):
    before = set(envs_by_cloud(sdk))
    admin_page.goto("/console/environments")
    name = f"Picked {uid(6)}"
    admin_page.get_by_label("Name", exact=True).fill(name)
    admin_page.get_by_role("button", name="Create product environment").click()
    expect(admin_page.get_by_text("The product environment is created.")).to_be_visible()
    created = [e for c, e in envs_by_cloud(sdk).items() if c not in before]
    assert [e.name for e in created] == [name]


@pytest.mark.parametrize("cloud, name, field, words", [
    ("Bad Cloud!", "Bad cloud env", "cloud_name", "Cloud name must start with a lowercase letter"),
    (None, "Duplicate cloud env", "cloud_name", "already taken"),
    ("", "   ", "name", "Name must not be empty"),
])
def test_bad_input_on_create_is_told_next_to_the_field(admin_page, sdk, cloud, name, field, words):
    existing = envs_by_cloud(sdk)
    if cloud is None:
        cloud = next(iter(existing))  # a cloud name that is taken
    admin_page.goto("/console/environments")
    admin_page.get_by_label("Cloud name").fill(cloud)
    admin_page.get_by_label("Name", exact=True).fill(name)
    with admin_page.expect_response(lambda r: r.url.endswith("/console/environments") and r.request.method == "POST") as answer:
        admin_page.get_by_role("button", name="Create product environment").click()
    assert 400 <= answer.value.status < 500
    expect(field_error(admin_page, field)).to_contain_text(words)
    expect(admin_page.locator(f"#{field}")).to_have_attribute("aria-invalid", "true")
    assert admin_page.get_by_label("Name", exact=True).input_value() == name  # what was typed stays
    assert len(envs_by_cloud(sdk)) == len(existing)


def test_bad_input_on_rename_writes_nothing(admin_page, sdk):
    env = new_env(sdk)
    admin_page.goto(f"/console/environments/{env.id}")
    admin_page.get_by_label("Name", exact=True).fill("  ")
    with admin_page.expect_response(lambda r: r.url.endswith("/rename")) as answer:
        admin_page.get_by_role("button", name="Rename").click()
    assert answer.value.status == 400
    expect(field_error(admin_page, "name")).to_contain_text("Name must not be empty")
    assert sdk.product_environments.get(sub_account_id=env.id).name == env.name
    r = form_post(admin_page, f"/console/environments/{env.id}/status", {"enabled": "maybe"})
    assert r.status == 400
    assert sdk.product_environments.get(sub_account_id=env.id).enabled is True


def test_posts_without_the_csrf_token_are_refused(admin_page, sdk, raw, perm):
    env = new_env(sdk)
    count = len(envs_by_cloud(sdk))
    key = env.api_access_keys[0].key
    admin_page.goto("/console/environments")
    for path, fields in [
        ("/console/environments", {"cloud_name": unique_cloud_name("csrf"), "name": "Forged"}),
        (f"/console/environments/{env.id}/rename", {"name": "Forged"}),
        (f"/console/environments/{env.id}/status", {"enabled": "false"}),
        (f"/console/environments/{env.id}/keys", {"key_name": "forged"}),
        (f"/console/environments/{env.id}/keys/{key}/rename", {"key_name": "forged"}),
        (f"/console/environments/{env.id}/keys/{key}/status", {"enabled": "false"}),
        (f"/console/environments/{env.id}/keys/{key}/webhooks", {}),
        (f"/console/environments/{env.id}/keys/{key}/roles", {f"role:{PE_MASTER}": "on"}),
        (f"/console/environments/{env.id}/keys/{key}/delete", {}),
    ]:
        r = form_post(admin_page, path, fields, csrf=False)
        assert r.status == 403, (path, r.status)
    assert len(envs_by_cloud(sdk)) == count
    after = sdk.product_environments.get(sub_account_id=env.id)
    assert (after.name, after.enabled) == (env.name, True)
    keys = keys_of(raw, env.id)
    assert list(keys) == [key] and keys[key]["enabled"] is True and keys[key]["name"] == "Root"
    assert keys[key]["dedicated_for"] == [] and key_roles(perm, key) == set()


def test_an_unknown_environment_is_not_found(admin_page):
    r = admin_page.goto("/console/environments/no-such-env")
    assert r.status == 404


# ---- API keys ----------------------------------------------------------------------------------------

def test_generate_a_key_shows_its_secret_once(admin_page, sdk, raw):
    env = new_env(sdk)
    page = admin_page
    page.goto(f"/console/environments/{env.id}")
    page.get_by_label("Key name").fill("ci deploy")
    page.get_by_role("button", name="Generate API key").click()
    expect(page.get_by_role("heading", name="API key generated")).to_be_visible()
    api_key = page.locator("#api-key").inner_text().strip()
    secret = page.locator("#api-secret").inner_text().strip()
    keys = keys_of(raw, env.id)
    assert keys[api_key]["name"] == "ci deploy" and keys[api_key]["api_secret"] == secret and keys[api_key]["enabled"] is True
    # Never again: the environment page lists the key but not its secret.
    page.get_by_role("link", name="Done").click()
    expect(page.get_by_text(api_key)).to_be_visible()
    assert secret not in page.content()
    # A key without a name is fine too.
    page.get_by_role("button", name="Generate API key").click()
    other = page.locator("#api-key").inner_text().strip()
    assert other in keys_of(raw, env.id) and keys_of(raw, env.id)[other].get("name") in (None, "")


def test_rename_disable_enable_and_dedicate_a_key(admin_page, sdk, raw):
    env = new_env(sdk)
    first = env.api_access_keys[0].key
    second = sdk.access_keys.generate(sub_account_id=env.id, access_key_request={"name": "second", "enabled": True}).api_key
    page = admin_page
    page.goto(f"/console/environments/{env.id}")

    page.get_by_label("Actions for second").click()
    page.get_by_role("link", name="Rename").click()
    page.get_by_label("Key name").fill("second renamed")
    page.get_by_role("button", name="Save name").click()
    expect(page.get_by_text("The API key is renamed.")).to_be_visible()
    assert keys_of(raw, env.id)[second]["name"] == "second renamed"

    page.get_by_label("Actions for second renamed").click()
    page.get_by_role("button", name="Disable", exact=True).click()
    expect(page.get_by_text("The API key is disabled.")).to_be_visible()
    assert keys_of(raw, env.id)[second]["enabled"] is False
    page.get_by_label("Actions for second renamed").click()
    page.get_by_role("button", name="Enable", exact=True).click()
    expect(page.get_by_text("The API key is enabled.")).to_be_visible()
    assert keys_of(raw, env.id)[second]["enabled"] is True

    page.get_by_label("Actions for second renamed").click()
    page.get_by_role("button", name="Dedicate to webhooks").click()
    expect(page.get_by_text("now signs the environment's webhook notifications")).to_be_visible()
    keys = keys_of(raw, env.id)
    assert keys[second]["dedicated_for"] == ["webhooks"] and keys[first]["dedicated_for"] == []
    # The mark moves: one key per environment holds it.
    page.get_by_label(re.compile(f"Actions for ({first}|Root)")).click()
    page.get_by_role("button", name="Dedicate to webhooks").click()
    keys = keys_of(raw, env.id)
    assert keys[first]["dedicated_for"] == ["webhooks"] and keys[second]["dedicated_for"] == []


def test_bad_key_names_are_told_next_to_the_field(admin_page, sdk, raw):
    env = new_env(sdk)
    sdk.access_keys.generate(sub_account_id=env.id, access_key_request={"name": "taken", "enabled": True})
    other = sdk.access_keys.generate(sub_account_id=env.id, access_key_request={"name": "other", "enabled": True}).api_key
    before = keys_of(raw, env.id)
    admin_page.goto(f"/console/environments/{env.id}")
    admin_page.get_by_label("Key name").fill("taken")
    with admin_page.expect_response(lambda r: r.url.endswith("/keys")) as answer:
        admin_page.get_by_role("button", name="Generate API key").click()
    assert answer.value.status == 409
    expect(field_error(admin_page, "key_name")).to_contain_text("already exists")
    admin_page.goto(f"/console/environments/{env.id}/keys/{other}/rename")
    admin_page.get_by_label("Key name").fill(" ")
    with admin_page.expect_response(lambda r: r.url.endswith("/rename")) as answer:
        admin_page.get_by_role("button", name="Save name").click()
    assert answer.value.status == 400
    expect(field_error(admin_page, "key_name")).to_contain_text("Key name must not be empty")
    assert keys_of(raw, env.id) == before


def test_assign_roles_to_a_key(admin_page, sdk, perm):
    env = new_env(sdk)
    key = env.api_access_keys[0].key
    page = admin_page
    page.goto(f"/console/environments/{env.id}")
    page.get_by_label(re.compile(f"Actions for ({key}|Root)")).click()
    page.get_by_role("link", name="Assign roles").click()
    # Only global product-environment roles are offered.
    expect(page.get_by_label("Technical Admin")).to_be_visible()
    expect(page.get_by_label("Media Library User")).to_be_visible()
    assert page.get_by_label("Billing").count() == 1  # the prodenv Billing role, not the account one too
    page.get_by_label("Technical Admin").check()
    page.get_by_label("Reports").check()
    page.get_by_role("button", name="Save roles").click()
    expect(page.get_by_text("The API key's roles are saved.")).to_be_visible()
    assert key_roles(perm, key) == {(PE_TECH, env.id), (PE_REPORTS, env.id)}
    expect(page.locator("td .chip", has_text="Technical Admin")).to_be_visible()
    # The form shows what the key holds; unticking removes it.
    page.goto(f"/console/environments/{env.id}/keys/{key}/roles")
    expect(page.get_by_label("Technical Admin")).to_be_checked()
    page.get_by_label("Reports").uncheck()
    page.get_by_role("button", name="Save roles").click()
    assert key_roles(perm, key) == {(PE_TECH, env.id)}


@pytest.mark.parametrize("role, words", [
    ("cld::role::prodenv::no_such_role", "does not exist"),
    (ACC_ADMIN, "account-level role has no effect"),
])
def test_bad_roles_on_a_key_are_refused_next_to_the_roles(admin_page, sdk, perm, role, words):
    env = new_env(sdk)
    key = env.api_access_keys[0].key
    admin_page.goto(f"/console/environments/{env.id}/keys/{key}/roles")
    r = form_post(admin_page, f"/console/environments/{env.id}/keys/{key}/roles", {f"role:{role}": "on", f"role:{PE_TECH}": "on"})
    assert r.status == 400, r.status
    assert words in r.text() and 'id="roles-error"' in r.text()
    assert key_roles(perm, key) == set()


def test_delete_a_key_after_confirmation(admin_page, sdk, raw, perm):
    env = new_env(sdk)
    doomed = sdk.access_keys.generate(sub_account_id=env.id, access_key_request={"name": "doomed", "enabled": True}).api_key
    perm.ok_assign("apiKey", doomed, [{"id": PE_TECH, "scope_id": env.id}])
    assert doomed in [h.id for h in sdk.roles.list_principals(request={"role_id": PE_TECH}).data]
    page = admin_page
    page.goto(f"/console/environments/{env.id}")
    page.get_by_label("Actions for doomed").click()
    page.get_by_role("link", name="Delete").click()
    expect(page.get_by_role("heading", name="Delete API key doomed?")).to_be_visible()
    assert doomed in keys_of(raw, env.id)  # the confirmation page wrote nothing
    page.get_by_role("button", name="Delete API key").click()
    expect(page.get_by_text("The API key is deleted.")).to_be_visible()
    assert doomed not in keys_of(raw, env.id)
    # Its roles went with it.
    assert doomed not in [h.id for h in sdk.roles.list_principals(request={"role_id": PE_TECH}).data]


# ---- who may do what ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def reports_person(chromium, console_server, sdk, inbox):
    main = sdk.product_environments.list().sub_accounts[0]
    return make_person(chromium, console_server, sdk, inbox, "reports", tag="envreports", sub_account_ids=[main.id]), main


def test_a_reports_user_sees_its_environments_but_no_keys_and_cannot_change_anything(chromium, console_server, sdk, raw,
                                                                                    reports_person):
    address, main = reports_person
    count = len(envs_by_cloud(sdk))
    keys_before = keys_of(raw, main.id)
    key = next(iter(keys_before))
    with signed_in_page(chromium, console_server, address) as page:
        page.get_by_role("navigation", name="Console").get_by_role("link", name="Product environments").click()
        expect(page.get_by_role("link", name=main.name)).to_be_visible()
        assert page.get_by_role("button", name="Create product environment").count() == 0
        page.get_by_role("link", name=main.name).click()
        expect(page.get_by_text("Your roles do not include viewing the API keys")).to_be_visible()
        assert key not in page.content()
        assert page.get_by_role("button", name="Rename").count() == 0
        # Forged posts with a valid token are refused too.
        for path, fields in [
            ("/console/environments", {"cloud_name": unique_cloud_name("rep"), "name": "Reports env"}),
            (f"/console/environments/{main.id}/status", {"enabled": "false"}),
            (f"/console/environments/{main.id}/keys", {"key_name": "reports key"}),
            (f"/console/environments/{main.id}/keys/{key}/status", {"enabled": "false"}),
            (f"/console/environments/{main.id}/keys/{key}/roles", {f"role:{PE_MASTER}": "on"}),
            (f"/console/environments/{main.id}/keys/{key}/delete", {}),
        ]:
            assert form_post(page, path, fields).status == 403, path
        assert page.goto(f"/console/environments/{main.id}/keys/{key}/roles").status == 403
    assert len(envs_by_cloud(sdk)) == count and keys_of(raw, main.id) == keys_before
    assert sdk.product_environments.get(sub_account_id=main.id).enabled is True


def test_a_technical_admin_of_one_environment_manages_its_keys_only(chromium, console_server, sdk, inbox, raw, perm):
    mine, other = new_env(sdk, name=f"Tech Mine {uid(4)}"), new_env(sdk, name=f"Tech Other {uid(4)}")
    address = make_person(chromium, console_server, sdk, inbox, "technical_admin", tag="envtech", sub_account_ids=[mine.id])
    other_key = other.api_access_keys[0].key
    with signed_in_page(chromium, console_server, address) as page:
        page.goto("/console/environments")
        expect(page.get_by_role("link", name=mine.name)).to_be_visible()
        assert page.get_by_role("link", name=other.name).count() == 0
        assert page.goto(f"/console/environments/{other.id}").status == 404
        page.goto(f"/console/environments/{mine.id}")
        page.get_by_label("Key name").fill("tech key")
        page.get_by_role("button", name="Generate API key").click()
        api_key = page.locator("#api-key").inner_text().strip()
        assert keys_of(raw, mine.id)[api_key]["name"] == "tech key"
        # The technical admin gives what it holds, never Master Admin.
        page.goto(f"/console/environments/{mine.id}/keys/{api_key}/roles")
        page.get_by_label("Master Admin").check()
        page.get_by_role("button", name="Save roles").click()
        expect(page.locator("p.error")).to_be_visible()
        assert key_roles(perm, api_key) == set()
        page.get_by_label("Master Admin").uncheck()
        page.get_by_label("Technical Admin").check()
        page.get_by_role("button", name="Save roles").click()
        assert key_roles(perm, api_key) == {(PE_TECH, mine.id)}
        # Keys of another environment and the environments themselves stay out of reach.
        assert form_post(page, f"/console/environments/{other.id}/keys", {"key_name": "x"}).status == 403
        assert form_post(page, f"/console/environments/{other.id}/keys/{other_key}/delete", {}).status == 403
        assert form_post(page, f"/console/environments/{mine.id}/status", {"enabled": "false"}).status == 403
        assert form_post(page, f"/console/environments/{mine.id}/rename", {"name": "Tech renamed"}).status == 403
    assert list(keys_of(raw, other.id)) == [other_key]
    assert sdk.product_environments.get(sub_account_id=mine.id).enabled is True
