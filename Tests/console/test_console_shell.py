"""What every Console page shares, checked page by page in headless Chromium: the security headers (a strict
Content-Security-Policy the browser enforces without a single violation, no framing, nosniff), one heading
naming the page, every form field labelled, the menu showing only the areas the signed-in user's roles allow,
and the kebab menus reachable and closable from the keyboard."""

from __future__ import annotations

from playwright.sync_api import expect

from console_support import make_person, signed_in_page

AREAS = {
    "Users": "/console/users",
    "Groups": "/console/groups",
    "Role Management": "/console/roles",
    "Access explorer": "/console/explorer",
    "Product environments": "/console/environments",
    "Account API keys": "/console/account-keys",
    "Account settings": "/console/account",
    "Account Security": "/console/security",
    "My Profile": "/console/profile",
}
PAGES = ["/console", *AREAS.values(), "/console/users/invite", "/console/groups/new", "/console/roles/new?tab=global",
         "/console/roles?tab=folder", "/console/roles?tab=collection", "/console/users/seats"]

# Fields labelled by what they are: every visible input, select and textarea has a <label for>, a wrapping
# label, aria-label or aria-labelledby.
UNLABELLED = """() => [...document.querySelectorAll('input, select, textarea')]
  .filter(e => e.type !== 'hidden' && e.type !== 'submit' && e.type !== 'button' && !e.hidden && e.offsetParent !== null)
  .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby'))
  .map(e => e.outerHTML.slice(0, 120))"""


def menu_entries(page) -> set[str]:
    return {text.strip() for text in page.locator("nav.side a").all_inner_texts()}


def test_every_page_is_strict_labelled_and_titled(admin_page):
    violations: list[str] = []
    admin_page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    for path in PAGES:
        response = admin_page.goto(path)
        assert response is not None and response.status == 200, (path, response and response.status)
        headers = response.headers
        csp = headers["content-security-policy"]
        for directive in ("default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "form-action 'self'"):
            assert directive in csp, (path, csp)
        assert headers["x-frame-options"] == "DENY" and headers["x-content-type-options"] == "nosniff", (path, headers)
        assert admin_page.locator("h1").count() == 1, path
        # The stylesheet applied (so it was allowed): the side menu is laid out by it, not by the browser's defaults.
        assert admin_page.locator("nav.side").evaluate("e => getComputedStyle(e).width") == "224px", path
        assert admin_page.evaluate(UNLABELLED) == [], path
    assert violations == [], violations


def test_the_menu_shows_what_the_roles_allow(admin_page, chromium, console_server, sdk, inbox):
    assert set(AREAS) <= menu_entries(admin_page)
    reports = make_person(chromium, console_server, sdk, inbox, "reports", tag="shellreports")
    with signed_in_page(chromium, console_server, reports) as page:
        entries = menu_entries(page)
        assert {"Users", "Groups", "Role Management", "Access explorer", "Account API keys", "Account Security"}.isdisjoint(entries)
        assert {"Product environments", "My Profile"} <= entries
    admin = make_person(chromium, console_server, sdk, inbox, "admin", tag="shelladmin")
    with signed_in_page(chromium, console_server, admin) as page:
        entries = menu_entries(page)
        assert {"Users", "Groups", "Role Management", "Access explorer"} <= entries
        assert {"Account API keys", "Account Security"}.isdisjoint(entries)


def test_row_menus_work_from_the_keyboard(admin_page):
    admin_page.goto("/console/users")
    summary = admin_page.locator("details.menu > summary").first
    summary.focus()
    admin_page.keyboard.press("Enter")
    menu = admin_page.locator("details.menu").first
    expect(menu).to_have_attribute("open", "")
    expect(menu.get_by_role("link", name="Edit")).to_be_visible()
    admin_page.keyboard.press("Escape")
    expect(menu).not_to_have_attribute("open", "")
    expect(summary).to_be_focused()
