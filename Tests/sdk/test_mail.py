"""Mail that really goes out: the invitation a new user gets, through a real SMTP server (aiosmtpd) that is
down when the user is created and comes up later, and through the outbox directory when no SMTP server is
configured. Each test runs its own server (own data directory, own mail settings)."""

from __future__ import annotations

import email
import email.policy
import re
import stat
import time
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from support import ServerProcess, _servers, free_port, gatehouse_bin, make_new_sdk, new_user, start_server, uid, unique_email

DELIVERY_TIMEOUT = 70.0  # the retry backoff is capped at 60 s
QUIET_PERIOD = 5.0  # after the first copy, how long we watch for a second one


class Inbox:
    """aiosmtpd handler keeping every message it accepts."""

    def __init__(self):
        self.messages: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((list(envelope.rcpt_tos), bytes(envelope.content)))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [email.message_from_bytes(content, policy=email.policy.default)
                for rcpts, content in self.messages if address in rcpts]


def smtp_server(port: int, inbox: Inbox, **kwargs) -> Controller:
    controller = Controller(inbox, hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    return controller


def wait_for(predicate, timeout: float, what: str, server=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    log = f"\n--- server log ---\n{server.log()[-4000:]}" if server else ""
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}{log}")


def first_link(text: str) -> str | None:
    match = re.search(r"https?://[^\s<>\"')\]]+", text)
    return match.group(0) if match else None


def assert_invitation(msg: email.message.EmailMessage, address: str) -> None:
    """The shape every Gatehouse mail has: headers, multipart/alternative, a text part whose first URL is
    the action link, an HTML part."""
    assert msg["To"] == address
    assert msg["From"] and msg["Subject"] and msg["Date"] and msg["Message-ID"]
    assert msg["MIME-Version"] == "1.0"
    assert msg.get_content_type() == "multipart/alternative", msg.get_content_type()
    parts = list(msg.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
    text, html = parts[0].get_content(), parts[1].get_content()
    link = first_link(text)
    assert link and "/console/invitation/" in link, text
    assert link in html, html


@pytest.fixture
def sdk_for():
    def make(server):
        server.set_seats(10, 0)
        return make_new_sdk(server.base_url)
    return make


def test_invitation_waits_for_a_smtp_server_that_is_down_and_arrives_once(tmp_root, sdk_for):
    port = free_port()  # nothing listens here yet
    server = start_server(tmp_root, f"mail-smtp-{uid(4)}", env={"GATEHOUSE_SMTP_URL": f"smtp://127.0.0.1:{port}",
                                                              "GATEHOUSE_MAIL_FROM": "Gatehouse Tests <noreply@gatehouse.test>"})
    try:
        address = unique_email("invitee")
        user = new_user(sdk_for(server), email=address)
        assert user.id  # the API call succeeded although no mail could go out
        wait_for(lambda: "not delivered" in server.log(), 15, "a failed delivery attempt in the log", server)

        inbox = Inbox()
        controller = smtp_server(port, inbox)
        try:
            msgs = wait_for(lambda: inbox.to(address), DELIVERY_TIMEOUT, f"the invitation to {address}", server)
            time.sleep(QUIET_PERIOD)
            msgs = inbox.to(address)
            assert len(msgs) == 1, f"delivered {len(msgs)} times"
            msg = msgs[0]
            assert_invitation(msg, address)
            assert msg["From"] == "Gatehouse Tests <noreply@gatehouse.test>"
            assert msg["Message-ID"].endswith("@gatehouse.test>")
        finally:
            controller.stop()
    finally:
        server.stop()


def test_two_servers_on_one_database_send_each_message_once(tmp_root, sdk_for):
    """Each worker claims a message in a write transaction before sending it, so the other never sends it too."""
    inbox = Inbox()
    port = free_port()
    controller = smtp_server(port, inbox)
    env = {"GATEHOUSE_SMTP_URL": f"smtp://127.0.0.1:{port}", "GATEHOUSE_LOG_LEVEL": "info"}
    name = f"mail-pair-{uid(4)}"
    first = start_server(tmp_root, name, env=env)
    second = ServerProcess(binary=gatehouse_bin(), data_dir=first.data_dir, port=free_port(),
                           log_path=tmp_root / f"{name}-second.log", env=dict(env), database_url=first.database_url)
    _servers.append(second)
    second.start()
    try:
        sdk = sdk_for(first)
        first.set_seats(40, 0)
        addresses = [unique_email("pair") for _ in range(20)]
        for address in addresses:  # spread over a few polls, so both workers find mail due
            new_user(sdk, email=address)
            time.sleep(0.25)
        wait_for(lambda: all(inbox.to(a) for a in addresses), 30, "all 20 invitations", first)
        time.sleep(QUIET_PERIOD)
        counts = {a: len(inbox.to(a)) for a in addresses}
        assert set(counts.values()) == {1}, counts
        # Which worker sent what varies from run to run; shown with -s.
        print(f"delivered by the first server: {first.log().count(' delivered')}, "
              f"by the second: {second.log().count(' delivered')}")
    finally:
        second.stop()
        first.stop()
        controller.stop()


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_smtp_credentials_are_used_and_never_logged(tmp_root, sdk_for):
    port = free_port()
    secret = f"pw-{uid(12)}"
    logins: list[tuple[str, bytes, bytes]] = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        assert isinstance(auth_data, LoginPassword)
        logins.append((mechanism, auth_data.login, auth_data.password))
        return AuthResult(success=auth_data.login == b"mailer" and auth_data.password == secret.encode())

    inbox = Inbox()
    # Plain-text AUTH is allowed by Gatehouse only to this machine itself (no STARTTLS offered here).
    controller = smtp_server(port, inbox, authenticator=authenticator, auth_require_tls=False, auth_required=True)
    server = start_server(tmp_root, f"mail-auth-{uid(4)}",
                          env={"GATEHOUSE_SMTP_URL": f"smtp://mailer:{secret}@127.0.0.1:{port}"})
    try:
        address = unique_email("authed")
        new_user(sdk_for(server), email=address)
        msgs = wait_for(lambda: inbox.to(address), 30, f"the invitation to {address}", server)
        assert_invitation(msgs[0], address)
        assert logins and logins[0][0] == "PLAIN"
        assert secret not in server.log()
    finally:
        server.stop()
        controller.stop()


def test_without_smtp_the_mail_lands_in_the_outbox(tmp_root, sdk_for):
    server = start_server(tmp_root, f"mail-outbox-{uid(4)}")
    try:
        address = unique_email("outboxed")
        new_user(sdk_for(server), email=address)
        outbox = Path(server.data_dir) / "outbox"

        def mine():
            files = sorted(outbox.glob("*.eml")) if outbox.is_dir() else []
            return [f for f in files if address in f.read_text(errors="replace")]

        files = wait_for(mine, 15, f"an .eml for {address} in {outbox}", server)
        assert len(files) == 1
        path = files[0]
        assert re.fullmatch(r"\d{8}T\d{6}\.\d{3}Z-\d+\.eml", path.name), path.name
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        raw = path.read_bytes()
        assert b"\r\n" in raw and not re.search(rb"[^\r]\n", raw), "lines must end in CRLF"
        assert all(len(line) <= 998 for line in raw.split(b"\r\n"))
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        assert_invitation(msg, address)
        assert msg["From"] == "Gatehouse <gatehouse@localhost>"
        link = first_link(list(msg.iter_parts())[0].get_content())
        wait_for(lambda: f"link: {link}" in server.log(), 5, "the outbox link in the log", server)
    finally:
        server.stop()
