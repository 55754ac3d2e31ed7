"""SAML sign-in end to end: the SP's metadata, SP-initiated login in headless Chromium (Console login →
IdP → auto-posted response → ACS → signed-in Console page), IdP-initiated login when the account allows it
and its refusal when not, just-in-time users (email from the NameID or the `email`/`mail` attributes, names
from the usual attributes and their URI forms, `providers` showing saml), each signature placement, and the
`gatehouse saml` commands."""

from __future__ import annotations

import re
import urllib.parse

import httpx
import pytest
from lxml import etree

from idp import IDP_KEY, WRONG_KEY, Person
from saml_support import (EMAIL_FORMAT, PERSISTENT_FORMAT, SESSION_COOKIE, SUCCESS, assert_refused, assert_signed_in,
                          cert_fingerprint, details, plain_hex, unique_email)

MD = "urn:oasis:names:tc:SAML:2.0:metadata"
POST = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
CLAIMS = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims"


def path_of(page) -> str:
    return re.sub(r"^https?://[^/]+", "", page.url)


def assert_name(user: dict, first: str, last: str) -> None:
    """The full name is the first and last name; split names are checked where the record has them."""
    assert user["name"] == f"{first} {last}", user
    if user.get("first_name") is not None:
        assert user["first_name"] == first and user["last_name"] == last, user


def session_cookies(context) -> list[dict]:
    return [c for c in context.cookies() if c["name"] == SESSION_COOKIE and c["value"]]


def test_metadata_names_entity_id_and_acs(site):
    r = httpx.get(site.metadata_url, timeout=30)
    assert r.status_code == 200, r.text
    assert "xml" in r.headers.get("content-type", ""), r.headers
    root = etree.fromstring(r.content)
    assert root.tag == f"{{{MD}}}EntityDescriptor" and root.get("entityID") == site.entity_id
    sp = root.find(f"{{{MD}}}SPSSODescriptor")
    assert sp is not None
    acs = [(a.get("Binding"), a.get("Location")) for a in sp.findall(f"{{{MD}}}AssertionConsumerService")]
    assert (POST, site.acs_url) in acs, acs
    formats = [f.text.strip() for f in sp.findall(f"{{{MD}}}NameIDFormat")]
    assert EMAIL_FORMAT in formats, formats


def test_login_redirects_to_the_idp_with_an_authn_request(site):
    with site.client() as client:
        seen = site.begin_login(client)
    assert seen.sp_entity_id == site.entity_id
    assert seen.acs_url == site.acs_url
    assert seen.relay_state, "a RelayState tracks the request in the store"
    req = etree.fromstring(seen.xml.encode())
    assert req.get("ID") == seen.id and req.get("Destination") == site.idp.sso_url


def test_sp_initiated_login_in_chromium_creates_an_active_saml_user(site, page):
    email = unique_email("browser")
    site.idp.next_login(Person(email, {"firstName": ["Ada"], "lastName": ["Lovelace"]}))
    before = site.newest_sequence()
    page.goto(site.login_url)
    page.wait_for_url("**/console")
    assert path_of(page) == "/console"
    assert page.get_by_text(f"Signed in as {email}").count() == 1
    assert session_cookies(page.context), page.context.cookies()
    assert site.idp.pending() == 0

    user = site.user(email)
    assert user is not None, "no user was provisioned"
    assert user["status"] == "active" and user.get("pending") is not True, user
    assert "saml" in user["providers"], user
    assert "password" not in user["providers"], user
    assert_name(user, "Ada", "Lovelace")
    events = [e for e in site.events(SUCCESS) if e["sequence"] > before and e["target"]["id"] == user["id"]]
    assert len(events) == 1, events
    assert details(events[0]).get("method") == "saml" or events[0]["actor"].get("authentication") == "saml", events


@pytest.mark.parametrize("sign_assertion,sign_response", [(True, False), (False, True), (True, True)],
                         ids=["assertion-signed", "response-signed", "both-signed"])
def test_each_signature_placement_signs_in(site, sign_assertion, sign_response):
    email = unique_email("placement")
    with site.client() as client:
        resp = site.sp_login(client, Person(email), sign_assertion=sign_assertion, sign_response=sign_response)
        assert_signed_in(site, client, resp, email)


def test_idp_initiated_login_in_chromium_when_on(site, page):
    site.configure("--idp-initiated")
    email = unique_email("idpinit")
    site.idp.next_login(Person(email, {"givenName": ["Grace"], "surname": ["Hopper"]}))
    page.goto(f"{site.idp.base_url}/idp-initiated?account={site.account_id}")
    page.wait_for_url("**/console")
    assert path_of(page) == "/console"
    assert page.get_by_text(f"Signed in as {email}").count() == 1
    user = site.user(email)
    assert user and "saml" in user["providers"], user
    assert_name(user, "Grace", "Hopper")


def test_idp_initiated_login_in_chromium_refused_when_off(site, page):
    email = unique_email("idpoff")
    users_before = site.user_count()
    since = site.newest_sequence()
    site.idp.next_login(Person(email))
    answers = []
    page.on("response", lambda r: answers.append(r) if r.url.startswith(site.acs_url) else None)
    page.goto(f"{site.idp.base_url}/idp-initiated?account={site.account_id}")
    page.wait_for_url(f"**/saml/{site.account_id}/acs")
    assert path_of(page).startswith(f"/saml/{site.account_id}/acs"), page.url
    assert answers and answers[-1].status == 403, [a.status for a in answers]
    assert not session_cookies(page.context)
    assert site.user(email) is None and site.user_count() == users_before
    # The same response over HTTP names the reason in the audit log.
    assert any(details(e).get("reason") == "idp_initiated_off" for e in site.events("auth.sign_in.failure")
               if e["sequence"] > since)
    acs, xml = site.idp.unsolicited(site.account_id, Person(email))
    assert acs == site.acs_url
    since = site.newest_sequence()
    with site.client() as client:
        resp = site.post_acs(client, xml)
    assert_refused(site, resp, "idp_initiated_off", since=since, emails=(email,), users_before=users_before)


def test_response_to_a_request_never_made_is_refused(site):
    email = unique_email("unknownreq")
    since = site.newest_sequence()
    with site.client() as client:
        seen = site.begin_login(client)
        xml = site.idp.response(Person(email), acs_url=site.acs_url, audience=site.entity_id,
                                in_response_to="id-never-sent-" + seen.id[-8:])
        resp = site.post_acs(client, xml, seen.relay_state)
    assert_refused(site, resp, "unknown_request", since=since, emails=(email,))


def test_saml_disabled_refuses_and_configure_turns_it_back_on(site):
    email = unique_email("disabled")
    with site.client() as client:
        seen = site.begin_login(client)
        xml = site.response_for(seen, Person(email))
        site.disable()
        assert site.show_fields()["saml"] == ["off"]
        since = site.newest_sequence()
        resp = site.post_acs(client, xml, seen.relay_state)
    assert_refused(site, resp, "saml_disabled", since=since, emails=(email,))
    site.configure()
    shown = site.show_fields()
    assert shown["saml"] == ["on"] and shown["idp_entity_id"] == [site.idp.entity_id], shown
    assert shown["idp_sso_url"] == [site.idp.sso_url], shown
    email2 = unique_email("reenabled")
    with site.client() as client:
        assert_signed_in(site, client, site.sp_login(client, Person(email2)), email2)


def test_show_reports_the_flags_and_what_to_give_the_idp(site):
    shown = site.show_fields()
    assert (shown["enforced"], shown["idp_initiated"], shown["invite_new_users"]) == (["no"], ["no"], ["yes"]), shown
    site.configure("--enforce", "--idp-initiated", "--no-invite-new-users")
    shown = site.show_fields()
    assert (shown["enforced"], shown["idp_initiated"], shown["invite_new_users"]) == (["yes"], ["yes"], ["no"]), shown
    site.configure("--no-enforce")  # flags not given keep their value
    shown = site.show_fields()
    assert (shown["enforced"], shown["idp_initiated"], shown["invite_new_users"]) == (["no"], ["yes"], ["no"]), shown
    assert shown["sp_entity_id"] == [site.entity_id] and shown["sp_acs_url"] == [site.acs_url], shown
    assert shown["sp_metadata_url"] == [site.metadata_url] and shown["sp_login_url"] == [site.login_url], shown
    assert [plain_hex(f) for f in shown["idp_certificate_sha256"]] == [cert_fingerprint(IDP_KEY.cert_b64)]


@pytest.mark.parametrize("attributes,first,last", [
    ({"firstName": ["Ada"], "lastName": ["Byron"]}, "Ada", "Byron"),
    ({"givenName": ["Alan"], "surname": ["Turing"]}, "Alan", "Turing"),
    ({f"{CLAIMS}/givenname": ["Barbara"], f"{CLAIMS}/surname": ["Liskov"]}, "Barbara", "Liskov"),
    ({"urn:oid:2.5.4.42": ["Edsger"], "urn:oid:2.5.4.4": ["Dijkstra"]}, "Edsger", "Dijkstra"),
], ids=["firstName-lastName", "givenName-surname", "claims-uris", "oids"])
def test_names_from_the_usual_attributes(site, attributes, first, last):
    email = unique_email("names")
    with site.client() as client:
        assert_signed_in(site, client, site.sp_login(client, Person(email, attributes)), email)
    user = site.user(email)
    assert_name(user, first, last)


def test_display_name_gives_the_name(site):
    email = unique_email("display")
    with site.client() as client:
        assert_signed_in(site, client, site.sp_login(client, Person(email, {"displayName": ["Katherine Johnson"]})), email)
    assert site.user(email)["name"] == "Katherine Johnson"


@pytest.mark.parametrize("attr", ["email", "mail", f"{CLAIMS}/emailaddress"])
def test_email_from_an_attribute_when_the_name_id_is_opaque(site, attr):
    email = unique_email("attrmail")
    person = Person("opaque-" + email.split("@")[0], {attr: [email]}, name_id_format=PERSISTENT_FORMAT)
    with site.client() as client:
        assert_signed_in(site, client, site.sp_login(client, person), email)
    assert site.user(email) is not None


def test_returning_user_is_the_same_user_and_an_invited_user_gains_saml(site):
    email = unique_email("again")
    with site.client() as client:
        assert_signed_in(site, client, site.sp_login(client, Person(email)), email)
    first = site.user(email)
    with site.client() as client:
        assert_signed_in(site, client, site.sp_login(client, Person(email.upper())), email)
    again = site.user(email)
    assert again["id"] == first["id"]
    # A user made through the Provisioning API signs in by SAML as itself.
    made = unique_email("made")
    u = site.sdk.users.create(request={"name": "Made Here", "email": made, "role": "technical_admin"})
    with site.client() as client:
        assert_signed_in(site, client, site.sp_login(client, Person(made)), made)
    rec = site.user(made)
    assert rec["id"] == u.id and "saml" in rec["providers"] and rec["status"] == "active", rec


def test_relay_state_is_not_an_open_redirect(site):
    email = unique_email("relay")
    with site.client() as client:
        seen = site.begin_login(client)
        resp = site.post_acs(client, site.response_for(seen, Person(email)), "https://evil.example/steal")
        assert resp.status_code in (303, 403), resp.status_code
        if resp.status_code == 303:
            loc = urllib.parse.urlparse(resp.headers["location"])
            assert loc.netloc in ("", urllib.parse.urlparse(site.base).netloc), resp.headers["location"]


def test_two_signing_certificates_during_a_rotation(site):
    """With the IdP's metadata listing the old and the new certificate, both sign in; with the old one
    alone again, the new key is refused."""
    site.configure(extra_keys=(WRONG_KEY,))
    shown = [plain_hex(f) for f in site.show_fields()["idp_certificate_sha256"]]
    assert shown == [cert_fingerprint(IDP_KEY.cert_b64), cert_fingerprint(WRONG_KEY.cert_b64)], shown
    for keys in (None, WRONG_KEY):
        email = unique_email("rotation")
        with site.client() as client:
            assert_signed_in(site, client, site.sp_login(client, Person(email), keys=keys), email)
    site.configure()
    email = unique_email("rotated-out")
    since = site.newest_sequence()
    with site.client() as client:
        resp = site.sp_login(client, Person(email), keys=WRONG_KEY)
    assert_refused(site, resp, "signature_invalid", since=since, emails=(email,))


@pytest.mark.parametrize("content", ["", "<not-metadata/>", "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e SYSTEM "
                                     "'file:///etc/passwd'>]><x>&e;</x>", "not xml at all"],
                         ids=["empty", "other-xml", "dtd", "not-xml"])
def test_configure_refuses_bad_metadata_and_keeps_the_settings(site, saml_tmp, content):
    import subprocess
    before = site.show()
    bad = saml_tmp / f"bad-{abs(hash(content))}.xml"
    bad.write_text(content)
    res = subprocess.run([site.srv.binary, "saml", "configure", "--idp-metadata", str(bad), "--data-dir",
                          str(site.srv.data_dir)], capture_output=True, text=True, timeout=60, env=site_env(site))
    assert res.returncode != 0, res.stdout
    assert res.stderr.strip() or res.stdout.strip()
    assert "root:" not in res.stdout + res.stderr
    assert site.show() == before
    email = unique_email("afterbad")
    with site.client() as client:
        assert_signed_in(site, client, site.sp_login(client, Person(email)), email)


def site_env(site) -> dict:
    import os
    env = dict(os.environ)
    env.update(site.srv.env)
    return env
