"""Account Security's SAML section in headless Chromium (`/console/security`): a Master Admin trusts the IdP
from its pasted metadata or from its entity id, SSO URL and certificates (two during a rotation), turns SAML
login, IdP-initiated logins and enforcement on; the page, `gatehouse saml show` and real logins through the
IdP agree. Bad metadata and certificates are told next to their field (400) and change nothing; an Admin, even
one whose roles include account security, is refused, and so is a post without the CSRF token. Every change
is audited as `account.saml.update` with its actor and what changed.

The `site` fixture puts the settings back (`gatehouse saml configure` with the suite's flags) before each test."""

from __future__ import annotations

import base64
import copy
import re
from datetime import datetime, timedelta, timezone

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from lxml import etree
from playwright.sync_api import expect

from console_support import admin, form_post, make_person, path_of, sign_in, signed_in_page
from idp import IDP_KEY, NS, WRONG_KEY, Person
from saml_support import SESSION_COOKIE, assert_signed_in, unique_email
from support import uid

ACTION = "account.saml.update"
SAVE = "Save single sign-on"
SAVED = "Single sign-on settings saved."
SECURITY_POLICY = "cld::policy::global::account_security::manage"
MASTER_TAG = "sso-master"
# An IdP the account trusted before: another issuer, SSO URL and key, so the pasted metadata visibly replaces it.
OLD_ENTITY_ID = "https://old-idp.example.com/saml/metadata"
OLD_SSO_URL = "https://old-idp.example.com/saml/sso"
DTD_METADATA = ("<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>"
                "<md:EntityDescriptor xmlns:md='urn:oasis:names:tc:SAML:2.0:metadata' entityID='&e;'/>")
GARBAGE_PEM = "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGUgYXQgYWxs!!\n-----END CERTIFICATE-----\n"
# Good base64 of something that is not DER.
NOT_A_CERTIFICATE = "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGUgYXQgYWxs\n-----END CERTIFICATE-----\n"
# Echoed in the error message: it must stay text.
INJECTED_URL = "javascript:alert(1)//<b id=injected>x</b>"
SECOND = "Second signing certificate"
POST_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"


def pem_fingerprint(keys) -> str:
    """SHA-256 of the PEM certificate's DER as the Console shows it: colon-separated uppercase hex (computed by
    `cryptography` from the PEM file, independently of the server)."""
    cert = x509.load_pem_x509_certificate(keys.cert_file.read_bytes())
    return ":".join(f"{b:02X}" for b in cert.fingerprint(hashes.SHA256()))


def session_cookies(context) -> list[dict]:
    return [c for c in context.cookies() if c["name"] == SESSION_COOKIE and c["value"]]


def edited_metadata(site, edit) -> str:
    """The IdP's metadata XML with `edit(root)` applied."""
    root = etree.fromstring(site.idp.metadata_xml().encode())
    edit(root)
    return etree.tostring(root, encoding="unicode")


def old_idp_metadata(site) -> str:
    def edit(root):
        root.set("entityID", OLD_ENTITY_ID)
        for sso in root.iter(f"{{{NS['md']}}}SingleSignOnService"):
            sso.set("Location", OLD_SSO_URL)
        for cert in root.iter(f"{{{NS['ds']}}}X509Certificate"):
            cert.text = WRONG_KEY.cert_b64
    return edited_metadata(site, edit)


def metadata_without_certificate(site) -> str:
    def edit(root):
        for descriptor in list(root.iter(f"{{{NS['md']}}}KeyDescriptor")):
            descriptor.getparent().remove(descriptor)
    xml = edited_metadata(site, edit)
    assert "X509Certificate" not in xml
    return xml


def with_certificates(site, certificates: list[str]) -> str:
    """The IdP's metadata with one signing KeyDescriptor per certificate."""
    def edit(root):
        descriptor = root.find("md:IDPSSODescriptor/md:KeyDescriptor", NS)
        for cert in reversed(certificates[1:]):
            more = copy.deepcopy(descriptor)
            more.find(".//ds:X509Certificate", NS).text = cert
            descriptor.addnext(more)
        descriptor.find(".//ds:X509Certificate", NS).text = certificates[0]
    return edited_metadata(site, edit)


def new_certificate_b64() -> str:
    """A fresh self-signed RSA-2048 certificate (base64 DER), different from the suite's keys."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "third-idp-key.example.com")])
    now = datetime.now(timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=30)).sign(key, hashes.SHA256()))
    return base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode()


def trust_old_idp(site, saml_tmp) -> None:
    """As the operator: the old IdP trusted, SAML login off (the state a first Console visit finds)."""
    path = saml_tmp / f"old-idp-{uid(8)}.xml"
    path.write_text(old_idp_metadata(site))
    admin(site.srv, "saml", "configure", "--idp-metadata", str(path), "--no-idp-initiated", "--no-enforce")
    site.disable()
    shown = site.show_fields()
    assert shown["saml"] == ["off"] and shown["idp_entity_id"] == [OLD_ENTITY_ID], shown


def open_security(page):
    page.get_by_role("navigation", name="Console").get_by_role("link", name="Account Security").click()
    assert path_of(page) == "/console/security", page.url
    expect(page.get_by_role("heading", name="SAML single sign-on")).to_be_visible()


def save(page):
    """Clicks Save single sign-on; the response to the form's POST."""
    # The navigation ends on the page the form leads to (after a redirect, if any), so the URL is settled.
    with page.expect_navigation():
        with page.expect_response(lambda r: r.url.endswith("/console/security/saml") and r.request.method == "POST") as info:
            page.get_by_role("button", name=SAVE).click()
    return info.value


def events_since(site, since: int) -> list[dict]:
    return [e for e in site.events(ACTION) if e["sequence"] > since]


def user_id(site, address: str) -> str:
    user = site.user(address)
    assert user is not None, address
    return user["id"]


@pytest.fixture(scope="module")
def master(chromium, shared_site, inbox) -> str:
    """A Master Admin with a password (Master Admins are invited however SAML is set)."""
    return make_person(chromium, shared_site.srv, shared_site.sdk, inbox, "master_admin", tag=MASTER_TAG)


# ---- 1. pasted metadata ------------------------------------------------------------------------------


def test_master_admin_pastes_metadata_and_turns_saml_on(site, chromium, master, saml_tmp):
    trust_old_idp(site, saml_tmp)
    fingerprint = pem_fingerprint(IDP_KEY)
    with signed_in_page(chromium, site.srv, master) as page:
        open_security(page)
        expect(page.locator("#saml-state")).to_contain_text("SAML login is off")
        # What to give the IdP, as the server publishes it.
        expect(page.locator("#sp-entity-id")).to_have_text(site.entity_id)
        expect(page.locator("#sp-acs-url")).to_have_text(site.acs_url)
        expect(page.locator("#sp-login-url")).to_have_text(site.login_url)
        expect(page.locator(f"a[href='{site.metadata_url}']")).to_have_count(1)
        # The old IdP is shown until replaced.
        expect(page.locator("#idp-entity-id")).to_have_text(OLD_ENTITY_ID)
        expect(page.locator(".fingerprint")).to_have_text([pem_fingerprint(WRONG_KEY)])
        expect(page.get_by_label("SAML login", exact=True)).not_to_be_checked()

        page.get_by_label("IdP metadata XML").fill(site.idp.metadata_xml())
        page.get_by_label("SAML login", exact=True).check()
        page.get_by_label("Accept IdP-initiated logins", exact=False).check()
        response = save(page)
        assert response.status == 303, (response.status, response.text()[:500])
        assert path_of(page) == "/console/security?notice=saml-saved", page.url
        expect(page.get_by_role("status")).to_have_text(SAVED)
        expect(page.locator("#saml-state")).to_have_text("SAML login is on.")
        expect(page.locator("#idp-entity-id")).to_have_text(site.idp.entity_id)
        expect(page.locator("#idp-sso-url")).to_have_text(site.idp.sso_url)
        expect(page.locator(".fingerprint")).to_have_text([fingerprint])
        expect(page.get_by_label("SAML login", exact=True)).to_be_checked()
        expect(page.get_by_label("Accept IdP-initiated logins", exact=False)).to_be_checked()
        expect(page.get_by_label("Enforce SAML login", exact=False)).not_to_be_checked()
        expect(page.get_by_label("Send new users an invitation email", exact=False)).to_be_checked()

    shown = site.show_fields()
    assert shown["saml"] == ["on"], shown
    assert (shown["enforced"], shown["idp_initiated"], shown["invite_new_users"]) == (["no"], ["yes"], ["yes"]), shown
    assert shown["idp_entity_id"] == [site.idp.entity_id] and shown["idp_sso_url"] == [site.idp.sso_url], shown
    assert shown["idp_certificate_sha256"] == [fingerprint], shown

    # A real SP-initiated login through the IdP, in a browser of its own…
    context = chromium.new_context(base_url=site.base)
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        email = unique_email("console-sp")
        site.idp.next_login(Person(email))
        page.goto(site.login_url)
        page.wait_for_url("**/console")
        assert page.get_by_text(f"Signed in as {email}").count() == 1
        assert session_cookies(context)
        # …and one started at the IdP, which the form allowed.
        context.clear_cookies()
        email = unique_email("console-idp")
        site.idp.next_login(Person(email))
        page.goto(f"{site.idp.base_url}/idp-initiated?account={site.account_id}")
        page.wait_for_url("**/console")
        assert page.get_by_text(f"Signed in as {email}").count() == 1
    finally:
        context.close()


# ---- 2. entity id, SSO URL and certificates ----------------------------------------------------------


def test_three_fields_with_a_second_certificate_for_rotation(site, chromium, master):
    assert site.show_fields()["idp_certificate_sha256"] == [pem_fingerprint(IDP_KEY)]
    with signed_in_page(chromium, site.srv, master) as page:
        open_security(page)
        expect(page.get_by_label("SAML login", exact=True)).to_be_checked()
        page.get_by_label("Entity ID (issuer)").fill(site.idp.entity_id)
        page.get_by_label("Single sign-on URL (HTTP-Redirect)").fill(site.idp.sso_url)
        page.get_by_label("Signing certificate (PEM)", exact=True).fill(IDP_KEY.cert_file.read_text())
        page.get_by_label(SECOND).fill(WRONG_KEY.cert_file.read_text())
        response = save(page)
        assert response.status == 303, (response.status, response.text()[:500])
        expect(page.get_by_role("status")).to_have_text(SAVED)
        expect(page.locator("#saml-state")).to_have_text("SAML login is on.")
        expect(page.locator("#idp-entity-id")).to_have_text(site.idp.entity_id)
        expect(page.locator("#idp-sso-url")).to_have_text(site.idp.sso_url)
        expect(page.locator(".fingerprint")).to_have_text([pem_fingerprint(IDP_KEY), pem_fingerprint(WRONG_KEY)])
    shown = site.show_fields()
    assert shown["idp_certificate_sha256"] == [pem_fingerprint(IDP_KEY), pem_fingerprint(WRONG_KEY)], shown
    assert shown["idp_entity_id"] == [site.idp.entity_id] and shown["idp_sso_url"] == [site.idp.sso_url], shown
    # Both keys sign in, as during the IdP's rotation.
    for keys in (None, WRONG_KEY):
        email = unique_email("console-rotation")
        with site.client() as client:
            assert_signed_in(site, client, site.sp_login(client, Person(email), keys=keys), email)


# ---- 3. bad input ------------------------------------------------------------------------------------


def three_fields(site, **overrides) -> dict:
    fields = {"Entity ID (issuer)": site.idp.entity_id, "Single sign-on URL (HTTP-Redirect)": site.idp.sso_url,
              "Signing certificate (PEM)": IDP_KEY.cert_file.read_text()}
    fields.update(overrides)
    return fields


def sso_locations(location: str):
    def edit(root):
        for sso in root.iter(f"{{{NS['md']}}}SingleSignOnService"):
            sso.set("Location", location)
    return edit


def sso_bindings(binding: str):
    def edit(root):
        for sso in root.iter(f"{{{NS['md']}}}SingleSignOnService"):
            sso.set("Binding", binding)
    return edit


def key_use(use: str):
    def edit(root):
        for descriptor in root.iter(f"{{{NS['md']}}}KeyDescriptor"):
            descriptor.set("use", use)
    return edit


# case → (the field told, words of its message, the form's fields by label)
BAD_INPUTS = [
    pytest.param("idp_metadata", "could not be parsed", lambda site: {"IdP metadata XML": "this is not XML at all <<<"},
                 id="not-xml"),
    pytest.param("idp_metadata", "DOCTYPE", lambda site: {"IdP metadata XML": DTD_METADATA}, id="doctype"),
    pytest.param("idp_metadata", "no signing certificate",
                 lambda site: {"IdP metadata XML": metadata_without_certificate(site)}, id="no-certificate"),
    pytest.param("idp_metadata", "no signing certificate",
                 lambda site: {"IdP metadata XML": edited_metadata(site, key_use("encryption"))}, id="encryption-key-only"),
    pytest.param("idp_metadata", "HTTP-Redirect",
                 lambda site: {"IdP metadata XML": edited_metadata(site, sso_bindings(POST_BINDING))}, id="post-binding-only"),
    pytest.param("idp_metadata", "http(s) URL",
                 lambda site: {"IdP metadata XML": edited_metadata(site, sso_locations("ftp://idp.example.com/sso"))},
                 id="metadata-sso-url-not-http"),
    pytest.param("idp_metadata", "two during a rotation", lambda site: {"IdP metadata XML": with_certificates(
        site, [IDP_KEY.cert_b64, WRONG_KEY.cert_b64, new_certificate_b64()])},
                 id="metadata-three-certificates"),
    pytest.param("idp_certificate", "neither PEM nor base64",
                 lambda site: three_fields(site, **{"Signing certificate (PEM)": GARBAGE_PEM}), id="garbage-certificate"),
    pytest.param("idp_certificate", "X.509",
                 lambda site: three_fields(site, **{"Signing certificate (PEM)": NOT_A_CERTIFICATE}), id="base64-not-a-certificate"),
    pytest.param("idp_certificate_2", "neither PEM nor base64",
                 lambda site: three_fields(site, **{SECOND: GARBAGE_PEM}), id="garbage-second-certificate"),
    pytest.param("idp_certificate_2", "neither PEM nor base64",
                 lambda site: three_fields(site, **{"Signing certificate (PEM)": "", SECOND: GARBAGE_PEM}),
                 id="garbage-second-certificate-alone"),
    pytest.param("idp_certificate", "Give one signing certificate",
                 lambda site: three_fields(site, **{"Signing certificate (PEM)": ""}), id="no-certificate-given"),
    pytest.param("idp_sso_url", "http(s) URL",
                 lambda site: three_fields(site, **{"Single sign-on URL (HTTP-Redirect)": INJECTED_URL}), id="sso-url-not-http"),
    pytest.param("idp_entity_id", "required", lambda site: three_fields(site, **{"Entity ID (issuer)": ""}), id="no-entity-id"),
]


def field_errors(page) -> dict[str, str]:
    """Each field error on the page by the field whose label it follows."""
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('p.field-error')].map(
        e => [e.previousElementSibling && e.previousElementSibling.getAttribute('for'), e.textContent.trim()]))""")


@pytest.mark.parametrize("field,words,fields", BAD_INPUTS)
def test_bad_identity_provider_is_told_next_to_the_field_and_saves_nothing(site, chromium, master, field, words, fields):
    before = site.show()
    since = site.newest_sequence()
    with signed_in_page(chromium, site.srv, master) as page:
        open_security(page)
        for label, value in fields(site).items():
            page.get_by_label(label, exact=label != SECOND).fill(value)
        # The flags change too, so a partial save would show.
        page.get_by_label("Enforce SAML login", exact=False).check()
        page.get_by_label("Accept IdP-initiated logins", exact=False).check()
        response = save(page)
        assert response.status == 400, (response.status, response.headers)
        assert path_of(page) == "/console/security/saml", page.url
        expect(page.get_by_role("alert")).to_contain_text("nothing was changed")
        # The message sits right under the field's label; no other field has one.
        errors = field_errors(page)
        assert list(errors) == [field] and words in errors[field], (field, words, errors)
        if field == "idp_metadata":
            expect(page.locator("#idp_metadata-error")).to_contain_text(words)
        assert "root:" not in page.content()  # the DTD's entity was never resolved
        expect(page.locator("#injected")).to_have_count(0)  # the echoed URL stays text
        expect(page.locator("#saml-state")).to_have_text("SAML login is on.")
    assert site.show() == before
    assert events_since(site, since) == []
    email = unique_email("after-bad")
    with site.client() as client:
        assert_signed_in(site, client, site.sp_login(client, Person(email)), email)


# ---- 4. who may save -------------------------------------------------------------------------------


def hostile_fields(site) -> dict:
    """What a refused post would change: off, enforced, another IdP."""
    return {"saml_enforced": "on", "idp_initiated": "on", "idp_metadata": old_idp_metadata(site)}


def test_admin_is_refused_and_nothing_changes(site, chromium, inbox):
    address = make_person(chromium, site.srv, site.sdk, inbox, "admin", tag="sso-admin")
    before = site.show()
    since = site.newest_sequence()
    with signed_in_page(chromium, site.srv, address) as page:
        expect(page.get_by_role("link", name="Account Security")).to_have_count(0)
        assert page.goto("/console/security").status == 403
        page.goto("/console/profile")
        r = form_post(page, "/console/security/saml", hostile_fields(site))
        assert r.status == 403, (r.status, r.text()[:500])
        assert "nothing was changed" in r.text()
    assert site.show() == before
    assert events_since(site, since) == []


def test_account_security_role_without_master_admin_is_refused(site, chromium, inbox):
    """Account security (account update) opens the form, but whoever configures the IdP decides who it may
    make Master Admin, so only a holder of account Master Admin saves it."""
    address = make_person(chromium, site.srv, site.sdk, inbox, "admin", tag="sso-security")
    r = site.perm.post("roles", json={"name": f"SSO security {uid(6)}", "scope_type": "account",
                                      "permission_type": "global", "system_policy_ids": [SECURITY_POLICY]})
    assert r.status_code in (200, 201), (r.status_code, r.text)
    site.perm.ok_assign("user", user_id(site, address), [{"id": r.json()["data"]["id"]}])
    before = site.show()
    since = site.newest_sequence()
    with signed_in_page(chromium, site.srv, address) as page:
        open_security(page)
        page.get_by_label("IdP metadata XML").fill(old_idp_metadata(site))
        page.get_by_label("Enforce SAML login", exact=False).check()
        response = save(page)
        assert response.status == 403, (response.status, response.text()[:800])
        expect(page.get_by_role("alert")).to_contain_text("Only a holder of account Master Admin")
        expect(page.locator("#idp-entity-id")).to_have_text(site.idp.entity_id)
        expect(page.locator("#saml-state")).to_have_text("SAML login is on.")
    assert site.show() == before
    assert [e for e in events_since(site, since) if e["outcome"] == "success"] == []


def test_post_without_csrf_token_is_refused(site, chromium, master):
    before = site.show()
    since = site.newest_sequence()
    with signed_in_page(chromium, site.srv, master) as page:
        page.goto("/console/security")
        r = form_post(page, "/console/security/saml", hostile_fields(site), csrf=False)
        assert r.status == 403, (r.status, r.text()[:500])
        assert "security token" in r.text()
    assert site.show() == before
    assert events_since(site, since) == []


# ---- 5. enforcement ----------------------------------------------------------------------------------


def test_enforce_from_the_console_refuses_password_sign_in_with_the_sso_link(site, chromium, inbox, master):
    address = make_person(chromium, site.srv, site.sdk, inbox, "admin", tag="sso-enforced")
    with signed_in_page(chromium, site.srv, master) as page:
        open_security(page)
        page.get_by_label("Enforce SAML login", exact=False).check()
        assert save(page).status == 303
        expect(page.get_by_role("status")).to_have_text(SAVED)
        expect(page.locator("#saml-state")).to_contain_text("enforced")
        expect(page.get_by_label("Enforce SAML login", exact=False)).to_be_checked()
    shown = site.show_fields()
    assert shown["enforced"] == ["yes"], shown
    # Empty IdP fields keep the IdP.
    assert shown["idp_entity_id"] == [site.idp.entity_id], shown
    assert shown["idp_certificate_sha256"] == [pem_fingerprint(IDP_KEY)], shown

    context = chromium.new_context(base_url=site.base)
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        answers = []
        page.on("response", lambda r: answers.append(r.status) if r.url.endswith("/console/login")
                and r.request.method == "POST" else None)
        sign_in(page, address)
        assert answers == [403], answers
        assert path_of(page).startswith("/console/login"), page.url
        assert not session_cookies(context)
        link = page.locator(f"a[href$='/saml/{site.account_id}/login']").first
        expect(link).to_be_visible()
        site.idp.next_login(Person(address))
        link.click()
        page.wait_for_url("**/console")
        assert page.get_by_text(f"Signed in as {address}").count() == 1
    finally:
        context.close()
    # The Master Admin keeps the password.
    with signed_in_page(chromium, site.srv, master) as page:
        assert path_of(page) == "/console"


def test_turning_saml_off_from_the_console_keeps_the_idp_and_reopens_password_sign_in(site, chromium, inbox, master):
    """Off, an enforce box left checked enforces nothing: everyone signs in with a password again, and the
    IdP stays trusted for when it is turned back on."""
    address = make_person(chromium, site.srv, site.sdk, inbox, "admin", tag="sso-off")
    with signed_in_page(chromium, site.srv, master) as page:
        open_security(page)
        page.get_by_label("SAML login", exact=True).uncheck()
        page.get_by_label("Enforce SAML login", exact=False).check()
        assert save(page).status == 303
        expect(page.get_by_role("status")).to_have_text(SAVED)
        expect(page.locator("#saml-state")).to_have_text("SAML login is off.")
        expect(page.locator("#idp-entity-id")).to_have_text(site.idp.entity_id)
        expect(page.get_by_label("SAML login", exact=True)).not_to_be_checked()
    shown = site.show_fields()
    assert shown["saml"] == ["off"] and shown["idp_entity_id"] == [site.idp.entity_id], shown
    with site.client() as client:
        r = client.get(site.login_url)
    assert r.status_code == 404 and "location" not in r.headers, (r.status_code, r.headers)
    with signed_in_page(chromium, site.srv, address) as page:
        assert path_of(page) == "/console"

    # Back on from the Console alone (the IdP kept): enforced now, and the SSO login works again.
    with signed_in_page(chromium, site.srv, master) as page:
        open_security(page)
        page.get_by_label("SAML login", exact=True).check()
        assert save(page).status == 303
        expect(page.locator("#saml-state")).to_contain_text("SAML login is on and enforced")
    with site.client() as client:
        assert_signed_in(site, client, site.sp_login(client, Person(address)), address)


def padded_metadata(site, text: str) -> str:
    """The IdP's metadata with a comment of `text` in its IDPSSODescriptor."""
    return edited_metadata(site, lambda root: root.find("md:IDPSSODescriptor", NS).append(etree.Comment(text)))


def test_large_metadata_is_accepted_and_an_oversized_form_is_refused(site, chromium, master):
    """IdPs such as AD FS publish long metadata; the form takes up to 512 KiB, and beyond says so (413)."""
    xml = padded_metadata(site, " AD FS publishes long metadata." * 5_000)
    assert len(xml) > 150_000
    with signed_in_page(chromium, site.srv, master) as page:
        open_security(page)
        page.get_by_label("IdP metadata XML").fill(xml)
        page.get_by_label("Accept IdP-initiated logins", exact=False).check()
        response = save(page)
        assert response.status == 303, response.status
        expect(page.get_by_role("status")).to_have_text(SAVED)
        expect(page.locator(".fingerprint")).to_have_text([pem_fingerprint(IDP_KEY)])
        assert site.show_fields()["idp_initiated"] == ["yes"]

        before = site.show()
        page.goto("/console/security")
        huge = padded_metadata(site, "x" * 600_000)
        r = form_post(page, "/console/security/saml", {"saml_enabled": "on", "idp_metadata": huge})
        assert r.status == 413, (r.status, r.text()[:500])
        assert "512 KiB" in r.text(), r.text()[:1000]
    assert site.show() == before


def test_idp_values_are_shown_as_text(site, chromium, master):
    """The entity id is the IdP's to choose; markup in it is shown, never run, here and in the audit log."""
    entity_id = 'https://idp.example.com/"><img src=x id=xss-entity onerror=alert(1)>'
    with signed_in_page(chromium, site.srv, master) as page:
        open_security(page)
        page.get_by_label("Entity ID (issuer)").fill(entity_id)
        page.get_by_label("Single sign-on URL (HTTP-Redirect)").fill(site.idp.sso_url)
        page.get_by_label("Signing certificate (PEM)", exact=True).fill(IDP_KEY.cert_file.read_text())
        assert save(page).status == 303
        expect(page.locator("#idp-entity-id")).to_have_text(entity_id)
        expect(page.locator("#xss-entity")).to_have_count(0)
        event = site.events(ACTION)[0]
        assert event["after"].get("idp_entity_id") == entity_id, event
        page.goto(f"/console/audit/{event['id']}")
        expect(page.locator("#audit-diff")).to_contain_text(entity_id)
        expect(page.locator("#xss-entity")).to_have_count(0)
    assert site.show_fields()["idp_entity_id"] == [entity_id]


# ---- 6. audit ----------------------------------------------------------------------------------------


def test_changes_are_audited_with_actor_and_before_after(site, chromium, master):
    since = site.newest_sequence()
    master_id = user_id(site, master)
    with signed_in_page(chromium, site.srv, master) as page:
        open_security(page)
        page.get_by_label("Accept IdP-initiated logins", exact=False).check()
        page.get_by_label("Signing certificate (PEM)", exact=True).fill(IDP_KEY.cert_file.read_text())
        page.get_by_label(SECOND).fill(WRONG_KEY.cert_file.read_text())
        page.get_by_label("Entity ID (issuer)").fill(site.idp.entity_id)
        page.get_by_label("Single sign-on URL (HTTP-Redirect)").fill(site.idp.sso_url)
        assert save(page).status == 303

        events = events_since(site, since)
        assert len(events) == 1, events
        event = events[0]
        assert event["outcome"] == "success", event
        assert event["actor"]["type"] == "user" and event["actor"]["id"] == master_id, event
        assert event["target"]["type"] == "account" and event["target"]["id"] == site.account_id, event
        # Only what changed, as it was and as it became.
        assert event["before"] == {"idp_initiated": False, "idp_certificates": [pem_fingerprint(IDP_KEY)]}, event
        assert event["after"] == {"idp_initiated": True,
                                  "idp_certificates": [pem_fingerprint(IDP_KEY), pem_fingerprint(WRONG_KEY)]}, event

        # The Console's audit log lists it with the actor, and opens it with the change marked.
        today = datetime.now(timezone.utc).date()
        page.goto("/console/audit")
        page.get_by_label("Action", exact=True).fill(ACTION)
        page.get_by_label("Actor id", exact=True).fill(master_id)
        page.get_by_label("From", exact=True).fill(str(today - timedelta(days=1)))
        page.get_by_role("button", name="Apply").click()
        rows = page.locator("#audit-table tbody tr")
        expect(rows.first).to_contain_text(ACTION)
        expect(rows.first).to_contain_text(f"{MASTER_TAG.title()} Person")
        rows.first.get_by_role("link").click()
        assert path_of(page) == f"/console/audit/{event['id']}", page.url
        expect(page.locator("dl.audit-facts")).to_contain_text(master_id)
        changed = page.locator("#audit-diff tbody tr", has=page.locator("th", has_text="idp_initiated"))
        expect(changed).to_have_class(re.compile(r"\bchanged\b"))

    # The operator's reset (the next test's fixture) is audited too, as the operator.
    since = site.newest_sequence()
    site.configure("--no-idp-initiated")
    events = events_since(site, since)
    assert len(events) == 1 and events[0]["actor"]["id"] != master_id, events
    assert events[0]["after"]["idp_initiated"] is False, events
