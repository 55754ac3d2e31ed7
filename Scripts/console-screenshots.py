"""Takes the README's Console screenshots (docs/console-users.png, docs/console-roles.png,
docs/console-audit.png): starts a fresh `gatehouse serve` on a temporary data directory, fills it with a small
demo team through the official Provisioning SDK and the Permissions API, signs in as the Master Admin in
headless Debian chromium, makes a few changes in the Console (so the Audit log shows a person beside the
API's key) and photographs the Users, Role Management and Audit log pages.

    swift build --product gatehouse && Scripts/console-venv.sh && .venv/bin/python Scripts/console-screenshots.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "Tests" / "sdk"))
sys.path.insert(0, str(REPO / "Tests" / "console"))

from playwright.sync_api import sync_playwright  # noqa: E402

from console_support import CHROMIUM, sign_in  # noqa: E402
from support import PermRaw, ServerProcess, free_port, gatehouse_bin, make_new_sdk  # noqa: E402

OWNER = "ada@example.com"
PASSWORD = "a long and unusual passphrase"
TEAM = [
    ("Grace Hopper", "grace@example.com", "admin"),
    ("Alan Turing", "alan@example.com", "technical_admin"),
    ("Katherine Johnson", "katherine@example.com", "media_library_user"),
    ("Edsger Dijkstra", "edsger@example.com", "reports"),
    ("Margaret Hamilton", "margaret@example.com", "billing"),
]


def populate(base: str) -> None:
    sdk = make_new_sdk(base)
    perms = PermRaw(base)
    design = sdk.user_groups.create(request={"name": "Design"})
    marketing = sdk.user_groups.create(request={"name": "Marketing"})
    for name, address, role in TEAM:
        user = sdk.users.create(request={"name": name, "email": address, "role": role})
        if role in ("media_library_user", "technical_admin"):
            sdk.user_groups.add_user(group_id=design.id, user_id=user.id)
        if role == "media_library_user":
            sdk.user_groups.add_user(group_id=marketing.id, user_id=user.id)
    response = perms.post("roles", json={
        "name": "Platform operator", "description": "Manages users, groups and product environments, without media access.",
        "permission_type": "global", "scope_type": "account",
        "system_policy_ids": ["cld::policy::global::users_and_groups::manage",
                              "cld::policy::global::product_environments::manage"],
    })
    assert response.status_code == 201, response.text


def shoot(page, path: str, file: Path) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, f"{path} answered {response and response.status}"
    page.screenshot(path=str(file))
    print(f"wrote docs/{file.name}")


def console_changes(page) -> None:
    """An invitation and a rename made in the Console, as the Master Admin."""
    page.goto("/console/users/invite")
    page.get_by_label("Email 1", exact=True).fill("barbara@example.com")
    page.get_by_label("Name 1", exact=True).fill("Barbara Liskov")
    page.get_by_label("Permission level").select_option("account")
    page.get_by_label("Admin (Account)", exact=True).check()
    page.get_by_role("button", name="Invite").click()
    page.get_by_text("The invitation is sent.").wait_for()
    page.goto("/console/users?search=Hamilton")
    page.locator("#users-table tbody tr").first.locator("details.menu > summary").click()
    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Name", exact=True).fill("Margaret H. Hamilton")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("The user is saved.").wait_for()


def main() -> int:
    out = REPO / "docs"
    out.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gatehouse-shots-") as tmp:
        port = free_port()
        srv = ServerProcess(binary=gatehouse_bin(), data_dir=Path(tmp) / "data", port=port, log_path=Path(tmp) / "server.log", env={
            "GATEHOUSE_ADMIN_EMAIL": OWNER, "GATEHOUSE_ADMIN_PASSWORD": PASSWORD, "GATEHOUSE_BCRYPT_COST": "4",
            "GATEHOUSE_PUBLIC_URL": f"http://127.0.0.1:{port}",
        })
        srv.data_dir.mkdir()
        srv.start()
        try:
            populate(srv.base_url)
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True)
                page = browser.new_context(base_url=srv.base_url, viewport={"width": 1360, "height": 760}).new_page()
                sign_in(page, OWNER, PASSWORD)
                shoot(page, "/console/users", out / "console-users.png")
                shoot(page, "/console/roles", out / "console-roles.png")
                # After the pictures of the team, so those stay as they were.
                console_changes(page)
                shoot(page, "/console/audit", out / "console-audit.png")
                browser.close()
        finally:
            srv.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
