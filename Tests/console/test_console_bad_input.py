"""Bad input on every Console form gets the page again with a clear message and the right status: missing
fields, wrong or reused codes, replaced or replayed links, a missing CSRF token, oversize values. Never a 5xx,
never the password echoed. Posts that a browser's own form checks would stop are sent with the page's request
context, which shares the browser's cookies."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from console_support import admin, PASSWORD, path_of, set_password, sign_in, unique_email

SECRET_TYPED = "typed secret 123456789"


def token_of(page) -> str:
    return page.locator("input[name=csrf]").first.get_attribute("value")


def post(page, path: str, fields: dict, csrf: bool = True, max_redirects: int = 0):
    form = dict(fields)
    if csrf:
        form["csrf"] = token_of(page)
    response = page.request.post(path, form=form, max_redirects=max_redirects)
    assert response.status < 500, (path, response.status, response.text()[:500])
    return response


@pytest.fixture
def member(sdk, inbox, page):
    """A signed-up person (name and password set)."""
    address = unique_email("bad")
    user = sdk.users.create(request={"name": "Bad Input", "email": address, "role": "admin"})
    set_password(page, inbox.wait_link(address, "invitation"), name="Bad Input")
    return address, user


def test_sign_in_form(page, member):
    address, _ = member
    page.goto("/console/login")
    r = post(page, "/console/login", {"email": "", "password": ""})
    assert r.status == 400 and "Enter your email and your password." in r.text()
    r = post(page, "/console/login", {"email": address, "password": SECRET_TYPED})
    assert r.status == 401 and "Wrong email or password." in r.text() and SECRET_TYPED not in r.text()
    r = post(page, "/console/login", {"email": address, "password": PASSWORD}, csrf=False)
    assert r.status == 403 and "security token is missing or wrong" in r.text()
    r = post(page, "/console/login", {"email": "x" * 5000, "password": PASSWORD})
    assert r.status == 400 and "longer than 4 KiB" in r.text()
    r = post(page, "/console/login", {"email": "x" * 70_000, "password": PASSWORD})
    assert r.status == 413 and "64 KiB" in r.text()
    # In the browser: a wrong password shows the message on the page, and the email stays filled in.
    sign_in(page, address, SECRET_TYPED)
    expect(page.get_by_text("Wrong email or password.")).to_be_visible()
    expect(page.get_by_label("Email", exact=True)).to_have_value(address)
    assert SECRET_TYPED not in page.content()


def test_verify_step(page, member, console_server):
    address, _ = member
    # Without a pending step the page sends the browser back to sign in.
    page.goto("/console/login/verify")
    assert path_of(page) == "/console/login"
    sign_in(page, address)
    page.goto("/console/profile")
    page.get_by_role("button", name="Set up two-factor authentication").click()
    r = post(page, "/console/profile/two-factor/verify", {"code": ""})
    assert r.status == 400 and "Enter the 6-digit code" in r.text()
    r = post(page, "/console/profile/two-factor/verify", {"code": "12345"}, csrf=False)
    assert r.status == 403
    import pyotp
    totp = pyotp.TOTP(page.locator("#secret").inner_text().strip())
    page.get_by_label("Authentication code").fill(totp.now())
    page.get_by_role("button", name="Verify").click()
    expect(page.locator("#recovery-codes code")).to_have_count(10)
    page.get_by_role("button", name="Sign out", exact=True).click()

    sign_in(page, address)
    assert path_of(page) == "/console/login/verify"
    r = post(page, "/console/login/verify", {"code": ""})
    assert r.status == 400 and "Enter the authentication code" in r.text()
    r = post(page, "/console/login/verify", {"code": "000000"}, csrf=False)
    assert r.status == 403
    r = post(page, "/console/login/verify", {"code": "not a code"})
    assert r.status == 400 and "not valid" in r.text()
    r = post(page, "/console/login/verify", {"code": "9" * 5000})
    assert r.status == 400 and "longer than 4 KiB" in r.text()


def test_invitation_and_reset_links(page, sdk, inbox, console_server):
    address = unique_email("links")
    sdk.users.create(request={"name": "Link Person", "email": address, "role": "admin"})
    first = inbox.wait_link(address, "invitation")
    # Resending the invitation voids the first link.
    admin(console_server, "user", "resend-invite", address)
    second = inbox.wait_link(address, "invitation", count=2)
    page.goto(first)
    expect(page.get_by_text("no longer valid")).to_be_visible()

    page.goto(second)
    path = path_of(page)
    r = post(page, path, {"name": "", "password": "", "confirm_password": ""})
    assert r.status == 400 and "Enter your name, a password" in r.text()
    r = post(page, path, {"name": "Link Person", "password": PASSWORD, "confirm_password": PASSWORD + "x"})
    assert r.status == 400 and "Confirm password does not match the password." in r.text() and PASSWORD not in r.text()
    r = post(page, path, {"name": "Link Person", "password": "short", "confirm_password": "short"})
    assert r.status == 400 and "at least 12 characters" in r.text()
    r = post(page, path, {"name": "Link Person", "password": PASSWORD, "confirm_password": PASSWORD}, csrf=False)
    assert r.status == 403
    r = post(page, path, {"name": "N" * 5000, "password": PASSWORD, "confirm_password": PASSWORD})
    assert r.status == 400
    set_password(page, second, name="Link Person")
    expect(page.get_by_text("Your password is set")).to_be_visible()
    # Replayed: the used link is refused, by GET and by POST.
    page.goto(second)
    expect(page.get_by_text("no longer valid")).to_be_visible()
    page.goto("/console/login")
    r = post(page, path, {"name": "Again", "password": PASSWORD, "confirm_password": PASSWORD})
    assert r.status == 400 and "no longer valid" in r.text()

    for junk in ["/console/invitation/unknown", "/console/reset/unknown", "/console/reset/%3Cscript%3Ealert(1)%3C%2Fscript%3E"]:
        response = page.goto(junk)
        assert response.status == 400
        assert "<script>alert" not in page.content()

    # A reset link: the same checks.
    page.goto("/console/forgot")
    r = post(page, "/console/forgot", {"email": ""})
    assert r.status == 400 and "Enter your email." in r.text()
    r = post(page, "/console/forgot", {"email": address}, csrf=False)
    assert r.status == 403
    unknown = post(page, "/console/forgot", {"email": unique_email("nobody")})
    known = post(page, "/console/forgot", {"email": address})
    assert unknown.status == known.status == 303 and unknown.headers["location"] == known.headers["location"]
    reset = inbox.wait_link(address, "reset")
    page.goto(reset)
    rpath = path_of(page)
    r = post(page, rpath, {"password": PASSWORD, "confirm_password": ""})
    assert r.status == 400
    r = post(page, rpath, {"password": address, "confirm_password": address})
    assert r.status == 400 and "must not be your email address" in r.text()
    set_password(page, reset, PASSWORD + " new")
    page.goto(reset)
    expect(page.get_by_text("no longer valid")).to_be_visible()


def test_profile_forms(page, member):
    address, _ = member
    sign_in(page, address)
    page.goto("/console/profile")
    r = post(page, "/console/profile", {"first_name": "Mallory"}, csrf=False)
    assert r.status == 403 and "security token is missing or wrong" in r.text()
    r = post(page, "/console/profile", {"first_name": "F" * 300, "last_name": ""})
    assert r.status == 400 and "First name" in r.text()
    r = post(page, "/console/profile", {"first_name": "F" * 5000})
    assert r.status == 400
    r = post(page, "/console/profile/password", {"current_password": "", "new_password": ""})
    assert r.status == 400
    r = post(page, "/console/profile/password", {"current_password": SECRET_TYPED, "new_password": PASSWORD + " x"})
    assert r.status == 400 and "Current password is not your current password." in r.text() and SECRET_TYPED not in r.text()
    r = post(page, "/console/profile/password", {"current_password": PASSWORD, "new_password": "short"})
    assert r.status == 400 and "must be at least 12 characters" in r.text()
    r = post(page, "/console/profile/sessions/end", {"session": "no-such-session"})
    assert r.status == 404
    r = post(page, "/console/profile/sessions/end-all", {}, csrf=False)
    assert r.status == 403
    r = post(page, "/console/logout", {}, csrf=False)
    assert r.status == 403
    page.reload()
    expect(page.get_by_label("First name")).not_to_have_value("Mallory")
    # Signed out, the pages and their forms lead to the sign-in page.
    page.get_by_role("button", name="Sign out", exact=True).click()
    for path in ["/console", "/console/profile"]:
        page.goto(path)
        assert path_of(page) == "/console/login"


def test_expired_links_are_refused(chromium, console_tmp, inbox):
    """A server whose links live two seconds: past that, the invitation page says the link is no longer valid."""
    from console_support import start_console_server
    from support import make_new_sdk
    srv = start_console_server(console_tmp, "short-links", inbox, {"GATEHOUSE_INVITATION_TTL": "2s", "GATEHOUSE_RESET_TTL": "2s"})
    context = chromium.new_context(base_url=srv.base_url)
    try:
        srv.set_seats(10, 0)
        address = unique_email("expired")
        make_new_sdk(srv.base_url).users.create(request={"name": "Late Person", "email": address, "role": "admin"})
        link = inbox.wait_link(address, "invitation")
        page = context.new_page()
        page.goto(link)
        expect(page.get_by_label("Confirm password", exact=True)).to_be_visible()
        time.sleep(2.5)
        page.get_by_label("Name", exact=True).fill("Late Person")
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_label("Confirm password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Set password").click()
        expect(page.get_by_text("no longer valid")).to_be_visible()
        response = page.goto(link)
        assert response.status == 400
    finally:
        context.close()
        srv.stop()
