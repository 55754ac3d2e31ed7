"""The IdP harness itself, with no gatehouse server: what it publishes, and that what it signs verifies with
two independent verifiers, Debian's `xmlsec1 --verify` and a pysaml2 service provider (Saml2Client) that
sends the AuthnRequest and parses the answer. So a refusal by Gatehouse in the other tests is Gatehouse's
judgement of a response that a real SP library accepts (or, for the crafted ones, of exactly the flaw
the test put in)."""

from __future__ import annotations

import html
import re
import urllib.parse

import httpx
import pytest
from lxml import etree
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.client import Saml2Client
from saml2.config import SPConfig
from saml2.metadata import entity_descriptor

from idp import (ASSERTION_NODE, DIGEST_SHA1, IDP_KEY, NS, RESPONSE_NODE, RSA_SHA1, WRONG_KEY, XMLSEC1, IdP, Person,
                 b64, xmlsec_verify)

SP_BASE = "http://127.0.0.1:9"
ACCOUNT = "selftest0000000000000000"
SP_ID = f"{SP_BASE}/saml/{ACCOUNT}/metadata"
ACS = f"{SP_BASE}/saml/{ACCOUNT}/acs"


@pytest.fixture(scope="module")
def lone_idp():
    provider = IdP().start()
    provider.sp_base_url = SP_BASE
    try:
        yield provider
    finally:
        provider.stop()


@pytest.fixture(scope="module")
def sp(lone_idp):
    """A pysaml2 SP trusting the harness, whose metadata the harness trusts."""
    conf = SPConfig()
    conf.load({
        "entityid": SP_ID,
        "service": {"sp": {
            "endpoints": {"assertion_consumer_service": [(ACS, BINDING_HTTP_POST)]},
            "want_response_signed": False, "want_assertions_signed": False,
            "allow_unsolicited": True, "allow_unknown_attributes": True,
        }},
        "metadata": {"inline": [lone_idp.metadata_xml()]},
        "xmlsec_binary": XMLSEC1,
    })
    lone_idp.trust_sp_xml(SP_ID, str(entity_descriptor(conf)))
    return Saml2Client(config=conf)


def sp_request(sp, idp: IdP, relay: str = "relay-1"):
    """The SP's redirect to the IdP: (request id, the IdP's answer page)."""
    rid, info = sp.prepare_for_authenticate(entityid=idp.entity_id, relay_state=relay, binding=BINDING_HTTP_REDIRECT)
    location = dict(info["headers"])["Location"]
    assert location.startswith(idp.sso_url + "?"), location
    return rid, httpx.get(location, timeout=30)


def form_fields(page: str) -> tuple[str, dict]:
    action = html.unescape(re.search(r'<form method="post" action="([^"]+)"', page).group(1))
    fields = {m.group(1): html.unescape(m.group(2)) for m in re.finditer(r'name="(\w+)" value="([^"]*)"', page)}
    return action, fields


def decoded(fields: dict) -> str:
    import base64
    return base64.b64decode(fields["SAMLResponse"]).decode()


def test_metadata_names_entity_sso_and_signing_certificate(lone_idp):
    r = httpx.get(lone_idp.base_url + "/metadata", timeout=30)
    assert r.status_code == 200
    root = etree.fromstring(r.content)
    assert root.get("entityID") == lone_idp.entity_id
    sso = root.findall(".//md:IDPSSODescriptor/md:SingleSignOnService", NS)
    assert [(s.get("Binding"), s.get("Location")) for s in sso] == [(BINDING_HTTP_REDIRECT, lone_idp.sso_url)]
    certs = [c.text.strip().replace("\n", "") for c in root.findall(".//md:KeyDescriptor//ds:X509Certificate", NS)]
    assert IDP_KEY.cert_b64 in certs


@pytest.mark.parametrize("sign_assertion,sign_response", [(True, False), (False, True), (True, True)])
def test_sp_initiated_answer_verifies_with_xmlsec1_and_pysaml2(lone_idp, sp, sign_assertion, sign_response):
    person = Person("alice@example.com", {
        "firstName": ["Alice"], "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname": ["Liddell"],
        "CloudinaryRole": ["cloud-a::cld::role::prodenv::ml_user", "ACCOUNT::cld::role::account::billing"]})
    lone_idp.next_login(person, sign_assertion=sign_assertion, sign_response=sign_response)
    rid, page = sp_request(sp, lone_idp, relay="relay-xyz")
    assert page.status_code == 200, page.text
    assert 'onload="document.forms[0].submit()"' in page.text
    action, fields = form_fields(page.text)
    assert action == ACS and fields["RelayState"] == "relay-xyz"
    xml = decoded(fields)
    root = etree.fromstring(xml.encode())
    assert root.get("InResponseTo") == rid and root.get("Destination") == ACS
    assertion = root.find("saml:Assertion", NS)
    assert assertion.find(".//saml:SubjectConfirmationData", NS).get("Recipient") == ACS
    assert assertion.find(".//saml:Audience", NS).text == SP_ID
    signed = {el.getparent().tag.split("}")[1] for el in root.iter(f"{{{NS['ds']}}}Signature")}
    assert signed == ({"Assertion"} if sign_assertion else set()) | ({"Response"} if sign_response else set())
    for node, wanted in ((ASSERTION_NODE, sign_assertion), (RESPONSE_NODE, sign_response)):
        if wanted:
            assert xmlsec_verify(xml, node).returncode == 0
            assert xmlsec_verify(xml, node, WRONG_KEY.cert_file).returncode != 0
    for sm in root.iter(f"{{{NS['ds']}}}SignatureMethod"):
        assert sm.get("Algorithm").endswith("rsa-sha256")
    for dm in root.iter(f"{{{NS['ds']}}}DigestMethod"):
        assert dm.get("Algorithm").endswith("sha256")
    parsed = sp.parse_authn_request_response(fields["SAMLResponse"], BINDING_HTTP_POST, {rid: "/"})
    assert parsed.name_id.text == "alice@example.com"
    names = [a.get("Name") for a in assertion.iter(f"{{{NS['saml']}}}Attribute")]
    assert names == ["firstName", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname", "CloudinaryRole"]
    values = [v.text for v in assertion.iter(f"{{{NS['saml']}}}AttributeValue")]
    assert values[-2:] == ["cloud-a::cld::role::prodenv::ml_user", "ACCOUNT::cld::role::account::billing"]


def test_nobody_queued_is_a_refusal_page(lone_idp, sp):
    lone_idp.queue.clear()
    _, page = sp_request(sp, lone_idp)
    assert page.status_code == 403 and "nobody is queued" in page.text


def test_idp_initiated_posts_an_unsolicited_response(lone_idp, sp):
    lone_idp.next_login(Person("bob@example.com", {"email": ["bob@example.com"]}))
    page = httpx.get(f"{lone_idp.base_url}/idp-initiated", params={"account": ACCOUNT, "RelayState": "/console"},
                     timeout=30)
    assert page.status_code == 200, page.text
    action, fields = form_fields(page.text)
    assert action == ACS and fields["RelayState"] == "/console"
    xml = decoded(fields)
    assert "InResponseTo" not in xml
    assert xmlsec_verify(xml, ASSERTION_NODE).returncode == 0
    parsed = sp.parse_authn_request_response(fields["SAMLResponse"], BINDING_HTTP_POST, {})
    assert parsed.name_id.text == "bob@example.com"


def test_crafted_variants_are_what_they_claim(lone_idp):
    p = Person("carol@example.com")
    wrong = lone_idp.response(p, acs_url=ACS, audience=SP_ID, keys=WRONG_KEY)
    assert xmlsec_verify(wrong, ASSERTION_NODE).returncode != 0
    assert xmlsec_verify(wrong, ASSERTION_NODE, WRONG_KEY.cert_file).returncode == 0
    sha1 = lone_idp.response(p, acs_url=ACS, audience=SP_ID, sign_alg=RSA_SHA1, digest_alg=DIGEST_SHA1)
    assert xmlsec_verify(sha1, ASSERTION_NODE).returncode == 0
    assert "xmldsig#rsa-sha1" in sha1 and "xmldsig#sha1" in sha1
    unsigned = lone_idp.response(p, acs_url=ACS, audience=SP_ID, sign_assertion=False)
    assert "Signature" not in unsigned

    def expire(root):
        for el in root.iter():
            if el.get("NotOnOrAfter"):
                el.set("NotOnOrAfter", "2001-01-01T00:00:00Z")
    expired = lone_idp.response(p, acs_url=ACS, audience=SP_ID, edit=expire)
    assert xmlsec_verify(expired, ASSERTION_NODE).returncode == 0 and 'NotOnOrAfter="2001-01-01T00:00:00Z"' in expired


def test_comment_inside_name_id_is_covered_by_the_signature(lone_idp):
    """Exclusive c14n drops comments, so the signature stays valid; a parser that reads only the first text
    node sees `victim@x.com`, the whole text is `victim@x.com.evil.com`."""
    def split_name_id(root):
        nid = root.find(".//saml:NameID", NS)
        nid.text = "victim@x.com"
        comment = etree.Comment("")
        comment.tail = ".evil.com"
        nid.append(comment)
    xml = lone_idp.response(Person("placeholder@example.com"), acs_url=ACS, audience=SP_ID, edit=split_name_id)
    assert "victim@x.com<!---->.evil.com" in xml
    assert xmlsec_verify(xml, ASSERTION_NODE).returncode == 0
    nid = etree.fromstring(xml.encode()).find(".//saml:NameID", NS)
    assert nid.text == "victim@x.com" and "".join(nid.itertext()) == "victim@x.com.evil.com"


def test_b64_round_trip():
    import base64
    assert base64.b64decode(b64("<x/>")) == b"<x/>"
    assert urllib.parse.quote(b64("é")) is not None
