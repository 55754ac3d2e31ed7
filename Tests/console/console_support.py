"""Helpers of the Console browser tests: the mail catcher, server start, and the forms people fill in."""

from __future__ import annotations

import email
import email.policy
import contextlib
import re
import threading
import time
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from support import ServerProcess, free_port, gatehouse_bin, uid

CHROMIUM = "/usr/lib/chromium/chromium"


@contextlib.contextmanager
def chromium_browser():
    """Debian's headless chromium through Playwright, for a session fixture (never a Playwright download)."""
    from playwright.sync_api import sync_playwright
    if not Path(CHROMIUM).exists():
        pytest.exit(f"{CHROMIUM} is missing: run Scripts/console-venv.sh (installs Debian's chromium)", returncode=2)
    pw = sync_playwright().start()
    browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True)
    try:
        yield browser
    finally:
        browser.close()
        pw.stop()


MAIL_TIMEOUT = 30.0
PASSWORD = "a long and unusual passphrase"


class Inbox:
    """A real SMTP server (aiosmtpd) on a free port, keeping every message it accepts."""

    def __init__(self):
        self.port = free_port()
        self.messages: list[tuple[list[str], bytes]] = []
        self.lock = threading.Lock()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    def start(self):
        self.controller.start()

    def stop(self):
        self.controller.stop()

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), bytes(envelope.content)))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[email.message.EmailMessage]:
        with self.lock:
            raw = [content for rcpts, content in self.messages if address in rcpts]
        return [email.message_from_bytes(content, policy=email.policy.default) for content in raw]

    def wait_link(self, address: str, kind: str, count: int = 1, timeout: float = MAIL_TIMEOUT) -> str:
        """The action link of the `count`-th mail to `address` whose link is of `kind` (invitation, reset)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            links = [link for link in (first_link(m) for m in self.to(address)) if link and f"/console/{kind}/" in link]
            if len(links) >= count:
                return links[count - 1]
            time.sleep(0.2)
        raise AssertionError(f"no {kind} mail #{count} to {address} within {timeout:.0f}s")


def first_link(msg: email.message.EmailMessage) -> str | None:
    text = msg.get_body(preferencelist=("plain",))
    match = re.search(r"https?://\S+", text.get_content() if text else "")
    return match.group(0) if match else None


console_servers: list[ServerProcess] = []


def start_console_server(tmp_root: Path, name: str, inbox: Inbox, env: dict | None = None) -> ServerProcess:
    data_dir = tmp_root / name
    data_dir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    settings = {
        "GATEHOUSE_SMTP_URL": inbox.url,
        "GATEHOUSE_BCRYPT_COST": "4",
        "GATEHOUSE_PUBLIC_URL": f"http://127.0.0.1:{port}",
        # Bad-input tests sign in wrongly on purpose, all from one address.
        "GATEHOUSE_LOCKOUT_ADDRESS_FAILURES": "10000",
    }
    settings.update(env or {})
    srv = ServerProcess(binary=gatehouse_bin(), data_dir=data_dir, port=port, log_path=tmp_root / f"{name}.log", env=settings)
    console_servers.append(srv)  # its log is printed with any failure (conftest.py's terminal summary)
    return srv.start()


def unique_email(tag: str) -> str:
    return f"{tag}-{uid(10)}@example.com"


# The forms, as a person fills them in (labels and button texts are the Console's contract).

def set_password(page, link: str, password: str = PASSWORD, name: str | None = None):
    page.goto(link)
    if name is not None:
        page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Confirm password", exact=True).fill(password)
    page.get_by_role("button", name="Set password").click()


def sign_in(page, address: str, password: str = PASSWORD):
    page.goto("/console/login")
    page.get_by_label("Email", exact=True).fill(address)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def enter_code(page, code: str):
    page.get_by_label("Authentication code").fill(code)
    page.get_by_role("button", name="Verify").click()


def path_of(page) -> str:
    return re.sub(r"^https?://[^/]+", "", page.url)


def admin(srv: ServerProcess, *args: str) -> str:
    """Runs a `gatehouse` admin command on the server's data directory with the server's settings (the
    command mails links too, so it needs the same GATEHOUSE_PUBLIC_URL and GATEHOUSE_SMTP_URL)."""
    import os
    import subprocess
    env = dict(os.environ)
    env.update(srv.env)
    cmd = [srv.binary, *args, "--data-dir", str(srv.data_dir)]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=60, env=env)
    assert res.returncode == 0, f"{cmd} failed ({res.returncode}):\n{res.stdout}\n{res.stderr}"
    return res.stdout


def make_person(chromium, srv: ServerProcess, sdk, inbox: Inbox, role: str, tag: str = "person", **extra) -> str:
    """A user created through the Provisioning API with `role` (a legacy role name), who followed the
    invitation and set `PASSWORD`; returns the email. `extra` goes to the create call (sub_account_ids…)."""
    address = unique_email(tag)
    sdk.users.create(request={"name": f"{tag.title()} Person", "email": address, "role": role, **extra})
    link = inbox.wait_link(address, "invitation")
    context = chromium.new_context(base_url=srv.base_url)
    try:
        set_password(context.new_page(), link)
    finally:
        context.close()
    return address


@contextlib.contextmanager
def signed_in_page(chromium, srv: ServerProcess, address: str, password: str = PASSWORD):
    """A fresh browser context signed in as `address`, on the Console's home page."""
    with browser_page(chromium, srv.base_url) as pg:
        sign_in(pg, address, password)
        assert path_of(pg) == "/console", f"sign-in of {address} ended on {pg.url}"
        yield pg


def form_post(page, path: str, fields: dict, csrf: bool = True):
    """Posts a form from the signed-in browser as a forged page would (its cookies, our own fields); with
    `csrf`, the token is taken from the page's Sign out form. Returns the APIResponse."""
    data = dict(fields)
    if csrf:
        data["csrf"] = page.locator("form[action='/console/logout'] input[name=csrf]").first.get_attribute("value")
    return page.request.post(path, form=data, max_redirects=0)


@contextlib.contextmanager
def running_inbox():
    """The SMTP catcher, started for a session fixture and stopped after it."""
    box = Inbox()
    box.start()
    try:
        yield box
    finally:
        box.stop()


@contextlib.contextmanager
def browser_page(chromium, base_url: str):
    """A fresh browser context on the server, with the suites' timeout, closed afterwards."""
    context = chromium.new_context(base_url=base_url)
    context.set_default_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        context.close()
