"""The people flow of issue 11 end to end, in headless Chromium against the real server and a real SMTP
server: invitation mail → set name and password → sign in → two-factor set-up → sign out → sign in with the
code → force logout → admin reset → forgot password → delete."""

from __future__ import annotations

import re
import time

import pyotp
from playwright.sync_api import expect

from console_support import admin, PASSWORD, enter_code, path_of, set_password, sign_in, unique_email


def status_of(sdk, user_id: str) -> str:
    status = sdk.users.get(user_id=user_id).status
    return getattr(status, "value", status)


def test_the_whole_life_of_a_person(page, sdk, inbox, console_server):
    address = unique_email("flow")
    user = sdk.users.create(request={"name": "Flow Person", "email": address, "role": "admin"})
    assert status_of(sdk, user.id) == "pending"

    # The invitation mail arrives; its link sets the name and the password.
    invitation = inbox.wait_link(address, "invitation")
    set_password(page, invitation, name="Flo Person")
    assert path_of(page).startswith("/console/login")
    expect(page.get_by_text("Your password is set")).to_be_visible()
    assert status_of(sdk, user.id) == "active"

    # Sign in: the Console says who is signed in.
    sign_in(page, address)
    assert path_of(page) == "/console"
    expect(page.get_by_text("Flo Person").first).to_be_visible()

    # Two-factor set-up from My Profile: QR code as SVG, the secret in text, a first code, ten recovery codes.
    page.get_by_role("link", name="My Profile").first.click()
    page.get_by_role("button", name="Set up two-factor authentication").click()
    expect(page.locator("#qr-code svg")).to_be_visible()
    secret = page.locator("#secret").inner_text().strip()
    totp = pyotp.TOTP(secret)
    enter_code(page, "000000" if totp.now() != "000000" else "111111")
    expect(page.get_by_text("not valid")).to_be_visible()
    assert page.locator("#secret").inner_text().strip() == secret  # the same secret, still pending
    enter_code(page, totp.now())
    codes = [c.strip() for c in page.locator("#recovery-codes code").all_inner_texts()]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert sdk.users.get(user_id=user.id).two_factor is not None

    # Sign out, then sign in with the code (the next step's: the enrollment code is used up).
    page.get_by_role("button", name="Sign out", exact=True).click()
    expect(page.get_by_text("You are signed out.")).to_be_visible()
    sign_in(page, address)
    assert path_of(page) == "/console/login/verify"
    code = totp.at(time.time() + 30)
    enter_code(page, code)
    assert path_of(page) == "/console"

    # A code cannot be used twice; a recovery code works once.
    page.get_by_role("button", name="Sign out", exact=True).click()
    sign_in(page, address)
    enter_code(page, code)
    expect(page.get_by_text("That authentication code is not valid")).to_be_visible()
    enter_code(page, codes[0])
    assert path_of(page) == "/console"

    # Force logout: the live session ends on the very next page load.
    admin(console_server, "user", "force-logout", address)
    page.reload()
    assert path_of(page).startswith("/console/login")

    # Admin reset: sessions end, the old password is refused, the status says so, a mail brings a new one.
    sign_in(page, address)
    enter_code(page, codes[1])
    assert path_of(page) == "/console"
    admin(console_server, "user", "reset-password", address)
    page.reload()
    assert path_of(page).startswith("/console/login")
    assert status_of(sdk, user.id) == "password_reset"
    sign_in(page, address)
    expect(page.get_by_text("Wrong email or password.")).to_be_visible()
    reset = inbox.wait_link(address, "reset")
    second = PASSWORD + " two"
    set_password(page, reset, second)
    expect(page.get_by_text("Your password is set")).to_be_visible()
    assert status_of(sdk, user.id) == "active"
    sign_in(page, address, second)
    enter_code(page, codes[2])
    assert path_of(page) == "/console"
    page.goto(reset)  # the link worked once
    expect(page.get_by_text("no longer valid")).to_be_visible()

    # Forgot password, from the sign-in page.
    page.goto("/console")
    page.get_by_role("button", name="Sign out", exact=True).click()
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("Email", exact=True).fill(address)
    page.get_by_role("button", name="Send reset link").click()
    expect(page.get_by_text("a reset link is on its way")).to_be_visible()
    forgot = inbox.wait_link(address, "reset", count=2)
    third = PASSWORD + " three"
    set_password(page, forgot, third)
    sign_in(page, address, second)
    expect(page.get_by_text("Wrong email or password.")).to_be_visible()
    sign_in(page, address, third)
    enter_code(page, codes[3])
    assert path_of(page) == "/console"

    # My Profile: sessions listed with this browser marked; the name and preferences save.
    page.goto("/console/profile")
    expect(page.get_by_text("(this browser)")).to_be_visible()
    page.get_by_label("First name").fill("Florence")
    page.get_by_label("Last name").fill("Person")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()
    expect(page.get_by_label("First name")).to_have_value("Florence")
    assert sdk.users.get(user_id=user.id).name == "Florence Person"

    # Delete through the SDK: the session ends and signing in is refused.
    sdk.users.delete(user_id=user.id)
    page.reload()
    assert path_of(page).startswith("/console/login")
    sign_in(page, address, third)
    expect(page.get_by_text("Wrong email or password.")).to_be_visible()
    assert path_of(page).startswith("/console/login")


def test_sessions_end_from_my_profile(page, chromium, sdk, inbox, console_server):
    address = unique_email("sessions")
    sdk.users.create(request={"name": "Session Person", "email": address, "role": "admin"})
    set_password(page, inbox.wait_link(address, "invitation"), name="Session Person")
    other = chromium.new_context(base_url=console_server.base_url)
    try:
        other_page = other.new_page()
        sign_in(other_page, address)
        assert path_of(other_page) == "/console"
        sign_in(page, address)
        page.goto("/console/profile")
        rows = page.locator("tr", has=page.get_by_role("button", name="End session"))
        expect(rows).to_have_count(2)
        rows.filter(has_not_text="(this browser)").get_by_role("button", name="End session").click()
        expect(page.get_by_text("The session is ended.")).to_be_visible()
        other_page.reload()
        assert path_of(other_page).startswith("/console/login")

        sign_in(other_page, address)
        page.get_by_role("button", name="Sign out everywhere").click()
        assert path_of(page).startswith("/console/login")
        other_page.reload()
        assert path_of(other_page).startswith("/console/login")
    finally:
        other.close()
