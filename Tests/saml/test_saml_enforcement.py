"""Enforced SAML in headless Chromium: password sign-in refused for everyone but Master Admins, the sign-in
page linking to SSO (and that link signing in), 2FA never asked after a SAML login, invitations for new
SAML users only when the account asks for them, and no password reset for users who have no password."""

from __future__ import annotations

import re
import time

import pyotp
from playwright.sync_api import expect

from console_support import admin, enter_code, make_person, sign_in
from idp import Person
from saml_support import SESSION_COOKIE, assert_signed_in, unique_email


def path_of(page) -> str:
    return re.sub(r"^https?://[^/]+", "", page.url)


def session_cookies(context) -> list[dict]:
    return [c for c in context.cookies() if c["name"] == SESSION_COOKIE and c["value"]]


def sso_link(page, site):
    return page.locator(f"a[href$='/saml/{site.account_id}/login']")


def test_enforced_refuses_password_sign_in_and_links_to_sso(site, chromium, inbox):
    address = make_person(chromium, site.srv, site.sdk, inbox, "admin", tag="enforced")
    site.configure("--enforce")
    context = chromium.new_context(base_url=site.base)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto("/console/login")
        expect(page.get_by_role("link", name="Sign in with SSO").first).to_be_visible()
        answers = []
        page.on("response", lambda r: answers.append(r.status) if r.url.endswith("/console/login") and
                r.request.method == "POST" else None)
        sign_in(page, address)
        assert answers == [403], answers
        assert path_of(page).startswith("/console/login"), page.url
        assert not session_cookies(context)
        expect(page.get_by_text(re.compile("single sign-on", re.I)).first).to_be_visible()
        # The link on the refusal page is the way in.
        site.idp.next_login(Person(address))
        sso_link(page, site).first.click()
        page.wait_for_url("**/console")
        assert page.get_by_text(f"Signed in as {address}").count() == 1
        assert session_cookies(context)
    finally:
        context.close()


def test_sign_in_with_sso_page_finds_the_account_by_email(site, chromium):
    """The page finds the account through the person's user; an unknown email learns nothing."""
    site.configure("--enforce")
    email = unique_email("ssopage")
    site.sdk.users.create(request={"name": "Sso Page", "email": email, "role": "technical_admin"})
    context = chromium.new_context(base_url=site.base)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto("/console/login")
        page.get_by_role("link", name="Sign in with SSO").first.click()
        assert path_of(page) == "/console/sso"
        site.idp.next_login(Person(email))
        page.get_by_label("Email", exact=True).fill(email)
        blocked = []
        page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
        page.get_by_role("button", name="Continue").click()
        try:
            page.wait_for_url("**/console")
        except Exception:
            # The form's redirect chain ends at the IdP (another origin): a CSP form-action of 'self' on
            # this page makes Chromium block the whole submission.
            raise AssertionError(f"the SSO form did not reach the IdP; CSP reports: {blocked}")
        assert page.get_by_text(f"Signed in as {email}").count() == 1
        context.clear_cookies()
        page.goto("/console/sso")
        page.get_by_label("Email", exact=True).fill(unique_email("nobody"))
        page.get_by_role("button", name="Continue").click()
        assert path_of(page) == "/console/sso"
        expect(page.get_by_text("Single sign-on is not set up for that email")).to_be_visible()
    finally:
        context.close()


def test_enforced_keeps_password_sign_in_for_master_admins(site, chromium, inbox):
    address = make_person(chromium, site.srv, site.sdk, inbox, "master_admin", tag="enforced-master")
    site.configure("--enforce")
    context = chromium.new_context(base_url=site.base)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        sign_in(page, address)
        assert path_of(page) == "/console", page.url
        assert session_cookies(context)
    finally:
        context.close()


def test_not_enforced_password_sign_in_still_works(site, chromium, inbox):
    address = make_person(chromium, site.srv, site.sdk, inbox, "technical_admin", tag="notenforced")
    context = chromium.new_context(base_url=site.base)
    page = context.new_page()
    try:
        sign_in(page, address)
        assert path_of(page) == "/console", page.url
    finally:
        context.close()


def test_two_factor_is_not_asked_after_saml_login(site, chromium, inbox):
    address = make_person(chromium, site.srv, site.sdk, inbox, "admin", tag="twofactor")
    context = chromium.new_context(base_url=site.base)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        # Enroll 2FA from My Profile, as a person does.
        sign_in(page, address)
        assert path_of(page) == "/console"
        page.get_by_role("link", name="My Profile").first.click()
        page.get_by_role("button", name="Set up two-factor authentication").click()
        secret = page.locator("#secret").inner_text().strip()
        totp = pyotp.TOTP(secret)
        enter_code(page, totp.now())
        expect(page.locator("#recovery-codes code").first).to_be_visible()
        user = site.sdk.users.list(request={"emails": [address]}).users[0]
        assert site.sdk.users.get(user_id=user.id).two_factor is not None
        page.get_by_role("button", name="Sign out", exact=True).click()
        # The password still asks for the code…
        sign_in(page, address)
        assert path_of(page) == "/console/login/verify", page.url
        context.clear_cookies()
        # …SAML goes straight to the Console.
        site.idp.next_login(Person(address))
        page.goto(site.login_url)
        page.wait_for_url("**/console")
        assert path_of(page) == "/console"
        assert page.get_by_text(f"Signed in as {address}").count() == 1
    finally:
        context.close()


def test_account_wide_two_factor_requirement_is_not_asked_after_saml_login(site, chromium, inbox):
    """With the account requiring 2FA, a password user is led to set it up; a SAML user goes straight in."""
    password_user = make_person(chromium, site.srv, site.sdk, inbox, "admin", tag="req2fa-password")
    admin(site.srv, "account", "--require-2fa", "on")
    context = chromium.new_context(base_url=site.base)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        sign_in(page, password_user)
        assert path_of(page).startswith("/console/profile"), page.url
        expect(page.get_by_text("Your account requires two-factor authentication")).to_be_visible()
        context.clear_cookies()
        email = unique_email("req2fa-saml")
        site.idp.next_login(Person(email))
        page.goto(site.login_url)
        page.wait_for_url("**/console")
        assert path_of(page) == "/console"
        assert page.get_by_text(f"Signed in as {email}").count() == 1
        page.goto("/console/users")
        assert path_of(page) == "/console/users", page.url
    finally:
        context.close()
        admin(site.srv, "account", "--require-2fa", "off")


def test_invitations_follow_the_setting(site, inbox):
    """A user made through the Provisioning API is mailed an invitation to set a password only when SAML
    is not enforced and the account asks for invitations; a Master Admin always is (they keep a password).
    A user made by SAML itself is signed in already and is not mailed."""
    def made(role: str, tag: str) -> str:
        address = unique_email(tag)
        site.sdk.users.create(request={"name": f"{tag.title()} Person", "email": address, "role": role})
        return address

    invited = made("admin", "invited")
    inbox.wait_link(invited, "invitation")
    jit = unique_email("jit")
    with site.client() as client:
        assert_signed_in(site, client, site.sp_login(client, Person(jit)), jit)

    site.configure("--no-invite-new-users")
    quiet = made("admin", "quiet")
    master = made("master_admin", "quiet-master")
    inbox.wait_link(master, "invitation")

    site.configure("--invite-new-users", "--enforce")
    enforced = made("technical_admin", "enforced-quiet")
    enforced_master = made("master_admin", "enforced-master")
    inbox.wait_link(enforced_master, "invitation")
    time.sleep(2.0)  # the mails that must not come had as long as the ones that came
    assert inbox.to(quiet) == [] and inbox.to(enforced) == [] and inbox.to(jit) == []
    for address in (quiet, enforced):
        user = site.user(address)
        assert user is not None and "password" not in user["providers"], user


def test_no_password_reset_for_a_user_without_a_password(site, page, inbox, chromium):
    # The control: a user with a password is mailed a reset link from the same form.
    with_password = make_person(chromium, site.srv, site.sdk, inbox, "technical_admin", tag="haspassword")
    page.goto("/console/forgot")
    page.get_by_label("Email", exact=True).fill(with_password)
    page.get_by_role("button", name="Send reset link").click()
    inbox.wait_link(with_password, "reset")

    email = unique_email("nopassword")
    with site.client() as client:
        assert_signed_in(site, client, site.sp_login(client, Person(email)), email)
    assert "password" not in site.user(email)["providers"]
    page.goto("/console/forgot")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_role("button", name="Send reset link").click()
    page.wait_for_load_state()
    time.sleep(2.0)
    assert [m for m in inbox.to(email) if "/console/reset/" in m.get_body(preferencelist=("plain",)).get_content()] == []
