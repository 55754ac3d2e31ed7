"""The lifecycle across doors: a user created by SCIM gets the Provisioning API's invitation mail (caught by a real
SMTP server) unless SAML is enforced; suspending by SCIM ends the user's Console session and refuses sign-in
until restored; deleting by SCIM ends it for good and frees the seat; every change is in the audit log with
the SCIM token as actor (type `scim`).

Sessions are opened over plain HTTP, as a browser without JavaScript would: the invitation link's form, then
the sign-in form, each with the CSRF token its page carries."""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

import httpx
import pytest

from scim_support import Scim, create_token, gatehouse, start_scim_server, ok, primary_email, scim_error, uid, unique_email, user_body
from support import HTTP_TIMEOUT

PASSWORD = "a long and unusual passphrase"
SESSION_COOKIE = "gatehouse_session"


# ---- the Console over HTTP ------------------------------------------------------------------------

def form_csrf(html: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    assert m, f"no csrf field in:\n{html[:1500]}"
    return m.group(1)


def browser(base: str) -> httpx.Client:
    return httpx.Client(base_url=base, timeout=HTTP_TIMEOUT, follow_redirects=False)


def accept_invitation(base: str, link: str, name: str = "Scim Person") -> None:
    path = urllib.parse.urlparse(link).path
    with browser(base) as c:
        page = c.get(path)
        assert page.status_code == 200, (page.status_code, page.text[:800])
        r = c.post(path, data={"csrf": form_csrf(page.text), "name": name, "password": PASSWORD,
                               "confirm_password": PASSWORD})
        assert r.status_code == 303 and "password-set" in r.headers.get("location", ""), (r.status_code, r.text[:800])


def sign_in(base: str, email: str) -> tuple[httpx.Client, httpx.Response]:
    """A fresh cookie jar that posted the sign-in form; the answer is 303 to /console when it worked."""
    c = browser(base)
    page = c.get("/console/login")
    assert page.status_code == 200, (page.status_code, page.text[:800])
    r = c.post("/console/login", data={"csrf": form_csrf(page.text), "email": email, "password": PASSWORD})
    return c, r


def signed_in(c: httpx.Client) -> bool:
    home = c.get("/console")
    if home.status_code == 200:
        return True
    assert home.status_code in (302, 303), (home.status_code, home.text[:500])
    assert urllib.parse.urlparse(home.headers["location"]).path == "/console/login", home.headers["location"]
    return False


def open_session(scim: Scim, inbox, base: str) -> tuple[dict, httpx.Client]:
    """A SCIM-created user who followed the invitation and signed in."""
    user = scim.create_user()
    email = primary_email(user)
    accept_invitation(base, inbox.wait_link(email, "invitation"))
    c, r = sign_in(base, email)
    assert r.status_code == 303 and urllib.parse.urlparse(r.headers["location"]).path == "/console", \
        (r.status_code, r.text[:800])
    assert signed_in(c)
    return user, c


# ---- invitation -----------------------------------------------------------------------------------

def test_a_scim_user_gets_the_invitation(scim, inbox, stored):
    user = scim.create_user()
    email = primary_email(user)
    link = inbox.wait_link(email, "invitation")
    assert "/console/invitation/" in link
    assert stored.user(user["id"])["status"] == "pending"
    accept_invitation(scim.root, link)
    assert stored.user(user["id"])["status"] == "active"


IDP_METADATA = """<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.scim-suite.test/metadata">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>{cert}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>
    </md:KeyDescriptor>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.scim-suite.test/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>
"""


def test_no_invitation_when_saml_is_enforced(scim_tmp, inbox):
    """On a server whose account enforces SAML, a SCIM user is created without a password invitation."""
    srv = start_scim_server(scim_tmp, f"enforced-{uid(4)}", inbox, user_limit=50, additional=0)
    try:
        pem = (Path(__file__).resolve().parent.parent / "saml" / "keys" / "idp.crt").read_text()
        cert = "".join(line for line in pem.splitlines() if line and "CERTIFICATE" not in line)
        metadata = srv.data_dir.parent / f"idp-{uid(4)}.xml"
        metadata.write_text(IDP_METADATA.format(cert=cert))
        gatehouse(srv, "saml", "configure", "--idp-metadata", str(metadata), "--enforce", "--invite-new-users")
        client = Scim(srv.base_url, create_token(srv).secret)
        try:
            invited_control = unique_email("control")
            enforced = client.create_user()
            email = primary_email(enforced)
            # A later mail to another address proves the mail queue ran past this user.
            gatehouse(srv, "saml", "configure", "--idp-metadata", str(metadata), "--no-enforce")
            ok(client.post("Users", user_body(email=invited_control)), 201)
            inbox.wait_link(invited_control, "invitation")
            assert inbox.to(email) == [], "a user created under enforced SAML got a password invitation"
        finally:
            client.close()
    finally:
        srv.stop()


# ---- sessions -------------------------------------------------------------------------------------

def test_suspend_ends_the_session_and_restore_allows_sign_in_again(scim, inbox, stored):
    user, session = open_session(scim, inbox, scim.root)
    email = primary_email(user)
    try:
        ok(scim.patch(f"Users/{user['id']}", [{"op": "replace", "value": {"active": False}}]))
        assert stored.user(user["id"])["enabled"] is False
        assert not signed_in(session), "the suspended user's session still opens the Console"
        again, r = sign_in(scim.root, email)
        again.close()
        assert r.status_code != 303 or urllib.parse.urlparse(r.headers["location"]).path != "/console", \
            "a suspended user signed in"
        # Reversible: active again, the same password works.
        ok(scim.patch(f"Users/{user['id']}", [{"op": "replace", "path": "active", "value": True}]))
        back, r = sign_in(scim.root, email)
        try:
            assert r.status_code == 303 and urllib.parse.urlparse(r.headers["location"]).path == "/console", r.text[:500]
            assert signed_in(back)
        finally:
            back.close()
    finally:
        session.close()


def test_delete_ends_the_session_for_good(scim, inbox, stored):
    user, session = open_session(scim, inbox, scim.root)
    try:
        ok(scim.delete(f"Users/{user['id']}"), 204)
        assert stored.user(user["id"])["status"] == "inactive"
        assert not signed_in(session)
        c, r = sign_in(scim.root, primary_email(user))
        c.close()
        assert r.status_code != 303 or urllib.parse.urlparse(r.headers["location"]).path != "/console"
    finally:
        session.close()


def test_delete_frees_a_seat(server, scim, stored):
    from support import SESSION_ADDITIONAL_USERS, SESSION_USER_LIMIT
    used, _ = stored.seats()
    server.set_seats(used + 1, 0)
    try:
        last = scim.create_user()
        assert stored.seats()[0] == used + 1
        overflow = user_body()
        scim_error(scim.post("Users", overflow), (400, 403, 409, 422))
        ok(scim.delete(f"Users/{last['id']}"), 204)
        assert stored.seats()[0] == used
        ok(scim.post("Users", overflow), 201)
        # Suspension keeps the seat taken.
        suspended = stored.users_by_email(primary_email(overflow))[0]
        ok(scim.patch(f"Users/{suspended['id']}", [{"op": "replace", "path": "active", "value": False}]))
        assert stored.seats()[0] == used + 1
        scim_error(scim.post("Users", user_body()), (400, 403, 409, 422))
    finally:
        server.set_seats(SESSION_USER_LIMIT, SESSION_ADDITIONAL_USERS)


# ---- audit ----------------------------------------------------------------------------------------

def assert_scim_actor(event: dict, token) -> None:
    actor = event["actor"]
    assert actor["type"] == "scim", event
    assert actor["id"] == token.id, (actor, token)
    assert event["outcome"] == "success", event
    assert event["client_ip"] == "127.0.0.1", event


def test_every_change_is_audited_with_the_token_as_actor(scim, token, stored):
    since = stored.newest_sequence()
    user = scim.create_user()
    uid_ = user["id"]
    ok(scim.patch(f"Users/{uid_}", [{"op": "replace", "path": "displayName", "value": "Audited Name"}]))
    ok(scim.patch(f"Users/{uid_}", [{"op": "replace", "path": "active", "value": False}]))
    group = scim.create_group(members=[uid_])
    ok(scim.patch(f"Groups/{group['id']}", [{"op": "remove", "path": f'members[value eq "{uid_}"]'}]))
    ok(scim.delete(f"Groups/{group['id']}"), 204)
    ok(scim.delete(f"Users/{uid_}"), 204)

    new = [e for e in stored.events() if e["sequence"] > since]
    on_user = [e for e in new if e["target"]["id"] == uid_]
    on_group = [e for e in new if e["target"]["id"] == group["id"]]
    actions = {e["action"] for e in on_user}
    assert {"user.create", "user.delete"} <= actions, actions
    assert any(e["action"].startswith("user.") and e["action"] not in ("user.create", "user.delete") for e in on_user), actions
    created = next(e for e in on_user if e["action"] == "user.create")
    assert created["after"]["email"] == primary_email(user), created
    disabled = [e for e in on_user if (e.get("after") or {}).get("enabled") is False]
    assert disabled, f"no event records the suspension: {on_user}"
    assert {"group.create", "group.delete"} <= {e["action"] for e in on_group}, on_group
    assert any("member" in e["action"] for e in on_group), on_group
    for event in on_user + on_group:
        assert_scim_actor(event, token)
    # A read writes nothing.
    newest = stored.newest_sequence()
    scim.list("Users", count=5)
    assert stored.newest_sequence() == newest


def test_a_refused_write_is_not_audited_as_a_change(scim, stored):
    since = stored.newest_sequence()
    scim_error(scim.post("Users", user_body(shoeSize="44")), 400)
    new = [e for e in stored.events() if e["sequence"] > since and e["outcome"] == "success"]
    assert new == [], new


def test_token_creation_and_revocation_are_audited(server, stored):
    """The operator's `scim token create|revoke` are audited as the provisioning key they are, with its role."""
    since = stored.newest_sequence()
    t = create_token(server)
    from scim_support import revoke_token
    revoke_token(server, t.name)
    new = [e for e in stored.events() if e["sequence"] > since]
    actions = [e["action"] for e in new]
    assert "provisioning_key.create" in actions and "provisioning_key.revoke" in actions, actions
    created = next(e for e in new if e["action"] == "provisioning_key.create")
    assert created["target"]["id"] == t.id and created["target"].get("name") == t.name, created
    assert any(e["action"] == "role.assign" and (e.get("after") or {}).get("role_id") == "gatehouse::role::account::user_provisioning"
               for e in new), new
    assert all(e["actor"]["type"] == "cli" for e in new), new
    assert t.secret not in str(new) and t.secret.split(".", 1)[-1] not in str(new)
