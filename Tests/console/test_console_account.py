"""Account settings (`/console/account`) and Account Security (`/console/security`): seats used against the limit
as the Provisioning API counts them, the plan limit and additional subscriptions, a link to the Users page's
**Change user limit** form for a Master Admin only; the **Require two-factor authentication** toggle, asserted
through `gatehouse account` and the sign-in behaviour; refusals for users without the features, forged posts and
posts without the CSRF token."""

from __future__ import annotations

import pyotp
import pytest
from playwright.sync_api import expect

from console_support import admin, form_post, make_person, path_of, signed_in_page, start_console_server
from support import make_new_sdk, new_env, new_user


def seats(sdk):
    report = sdk.billing_usage.get()
    assert isinstance(report, list) and len(report) == 1, report
    metric = next(m for m in report[0].metric_usage if m.metric == "seats")
    return int(metric.cycles[0].usage), int(metric.limit)


def account_line(srv, key: str) -> str:
    out = admin(srv, "account")
    return next(line.split("=", 1)[1] for line in out.splitlines() if line.startswith(f"{key}="))


def test_seats_match_the_provisioning_api(admin_page, sdk, console_server):
    env = new_env(sdk)
    admin_page.goto("/console/account")
    expect(admin_page.get_by_role("heading", name="Account settings")).to_be_visible()
    used, limit = seats(sdk)
    assert limit == int(account_line(console_server, "seat_limit"))
    expect(admin_page.locator("#seats-used")).to_have_text(str(used))
    expect(admin_page.locator("#seat-limit")).to_have_text(str(limit))
    expect(admin_page.locator("#plan-user-limit")).to_have_text(account_line(console_server, "user_limit"))
    expect(admin_page.locator("#additional-users")).to_have_text(account_line(console_server, "additional_users"))
    meter = admin_page.get_by_label("Seats used")
    expect(meter).to_have_attribute("value", str(used))
    expect(meter).to_have_attribute("max", str(limit))
    # Per product environment: the environment is listed with its users and keys.
    row = admin_page.locator("tr", has_text=env.cloud_name)
    expect(row).to_be_visible()

    # One more user through the API: one more seat on the page.
    new_user(sdk)
    admin_page.reload()
    used_after, _ = seats(sdk)
    assert used_after == used + 1
    expect(admin_page.locator("#seats-used")).to_have_text(str(used_after))

    # The limit is changed on the Users page's form, linked from here for a Master Admin.
    link = admin_page.get_by_role("link", name="Change user limit")
    expect(link).to_have_attribute("href", "/console/users/seats")
    link.click()
    assert path_of(admin_page) == "/console/users/seats"
    expect(admin_page.get_by_label("Additional users")).to_be_visible()


def test_billing_user_sees_settings_without_changing_them(chromium, console_server, sdk, inbox):
    address = make_person(chromium, console_server, sdk, inbox, "billing", tag="acct-billing")
    with signed_in_page(chromium, console_server, address) as page:
        page.get_by_role("navigation", name="Console").get_by_role("link", name="Account settings").click()
        assert path_of(page) == "/console/account"
        expect(page.locator("#seat-limit")).to_have_text(str(seats(sdk)[1]))
        expect(page.get_by_role("link", name="Change user limit")).to_have_count(0)
        # Account Security needs account view: no menu entry, and a 403.
        expect(page.get_by_role("link", name="Account Security")).to_have_count(0)
        assert page.goto("/console/security").status == 403


def test_reports_user_is_refused(chromium, console_server, sdk, inbox):
    address = make_person(chromium, console_server, sdk, inbox, "reports", tag="acct-reports")
    with signed_in_page(chromium, console_server, address) as page:
        expect(page.get_by_role("link", name="Account settings")).to_have_count(0)
        expect(page.get_by_role("link", name="Account Security")).to_have_count(0)
        assert page.goto("/console/account").status == 403
        assert page.goto("/console/security").status == 403
        page.goto("/console/profile")
        r = form_post(page, "/console/security/two-factor", {"require_two_factor": "on"})
        assert r.status == 403, r.text()[:500]
        assert account_line(console_server, "require_2fa") == "off"


# Account Security changes the whole account, so its tests run on a server of their own: no other test's
# users are asked for a second factor meanwhile.

@pytest.fixture(scope="module")
def security_server(console_tmp, inbox):
    srv = start_console_server(console_tmp, "security", inbox)
    try:
        srv.set_seats(20, 0)
        yield srv
    finally:
        srv.stop()


@pytest.fixture(scope="module")
def security_sdk(security_server):
    return make_new_sdk(security_server.base_url)


def test_require_two_factor_toggle(chromium, security_server, security_sdk, inbox):
    srv = security_server
    address = make_person(chromium, srv, security_sdk, inbox, "master_admin", tag="sec-master")
    other = make_person(chromium, srv, security_sdk, inbox, "admin", tag="sec-admin")
    assert account_line(srv, "require_2fa") == "off"
    with signed_in_page(chromium, srv, address) as page:
        page.get_by_role("navigation", name="Console").get_by_role("link", name="Account Security").click()
        expect(page.locator("#two-factor-state")).to_contain_text("not required")
        # Single sign-on has its own section, off until an IdP is trusted (Tests/saml drives it).
        expect(page.locator("#saml-state")).to_contain_text("SAML login is off")
        box = page.get_by_label("Require two-factor authentication")
        expect(box).not_to_be_checked()
        box.check()
        page.get_by_role("button", name="Save", exact=True).click()
        # The Master Admin has no second factor yet: led to set one up before anything else.
        expect(page.get_by_text("Your account requires two-factor authentication")).to_be_visible()
        assert path_of(page).startswith("/console/profile")
        assert account_line(srv, "require_2fa") == "on"
        page.get_by_role("button", name="Set up two-factor authentication").click()
        totp = pyotp.TOTP(page.locator("#secret").inner_text().strip())
        page.get_by_label("Authentication code").fill(totp.now())
        page.get_by_role("button", name="Verify").click()
        page.goto("/console/security")
        expect(page.locator("#two-factor-state")).to_contain_text("required")
        box = page.get_by_label("Require two-factor authentication")
        expect(box).to_be_checked()

        # A post without the CSRF token is refused and changes nothing.
        r = form_post(page, "/console/security/two-factor", {}, csrf=False)
        assert r.status == 403 and "security token" in r.text()
        assert account_line(srv, "require_2fa") == "on"

        box.uncheck()
        page.get_by_role("button", name="Save", exact=True).click()
        expect(page.get_by_text("Two-factor authentication is no longer required.")).to_be_visible()
        expect(page.locator("#two-factor-state")).to_contain_text("not required")
        assert account_line(srv, "require_2fa") == "off"
    # An account Admin (no account features) sees no Account Security and a forged post is refused.
    with signed_in_page(chromium, srv, other) as page:
        expect(page.get_by_role("link", name="Account Security")).to_have_count(0)
        r = form_post(page, "/console/security/two-factor", {"require_two_factor": "on"})
        assert r.status == 403, r.text()[:500]
        assert account_line(srv, "require_2fa") == "off"
