"""Enforced SAML in headless Chromium: password sign-in refused for everyone but Master Admins, the sign-in
page linking to SSO (and that link signing in), 2FA never asked after a SAML login, invitations for new
SAML users only when the account asks for them, and no password reset for users who have no password."""

from __future__ import annotations

import re
import time

import pyotp
from playwright.sync_api import expect

from console_support import enter_code, make_person, sign_in
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
        expect(sso_link(page, site).first).to_be_visible()
        sign_in(page, address)
        assert path_of(page).startswith("/console/login") or path_of(page).startswith("/saml/"), page.url
        assert not session_cookies(context)
        assert not path_of(page) == "/console"
        expect(page.get_by_text(re.compile("single sign-on|SSO", re.I)).first).to_be_visible()
        # The link on the page is the way in.
        site.idp.next_login(Person(address))
        page.goto("/console/login")
        sso_link(page, site).first.click()
        page.wait_for_url("**/console")
        assert page.get_by_text(f"Signed in as {address}").count() == 1
        assert session_cookies(context)
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


def test_invitation_mail_only_when_asked(site, inbox):
    site.configure("--invite-new-users")
    invited = unique_email("invited")
    with site.client() as client:
        assert_signed_in(site, client, site.sp_login(client, Person(invited)), invited)
    inbox.wait_link(invited, "invitation")

    site.configure("--no-invite-new-users")
    quiet = unique_email("quiet")
    with site.client() as client:
        assert_signed_in(site, client, site.sp_login(client, Person(quiet)), quiet)
    time.sleep(2.0)
    assert inbox.to(quiet) == []


def test_no_password_reset_for_a_user_without_a_password(site, page, inbox):
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
