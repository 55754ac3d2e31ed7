"""Each attack on the ACS, sent for real: every one is refused with an HTML page, no session cookie, no user
created (neither the attacker's email nor the one in the genuine signed part), and an
`auth.sign_in.failure` event naming the reason. Each starts from a genuine SP-initiated AuthnRequest, so
the only flaw in the response is the one the test puts there.

And the one that must be accepted the right way: a comment inside the NameID
(`victim@x.com<!---->.evil.com`) is part of the signed text, and the user is `victim@x.com.evil.com`."""

from __future__ import annotations

import copy
import re
import uuid

import pytest
from lxml import etree
from signxml import CanonicalizationMethod, DigestAlgorithm, SignatureMethod, XMLSigner, methods

from idp import DIGEST_SHA1, IDP_KEY, NS, RSA_SHA1, WRONG_KEY, Person, b64
from saml_support import assert_refused, assert_signed_in, has_session_cookie, unique_email

SAML = NS["saml"]
SAMLP = NS["samlp"]
DS = NS["ds"]
XENC = "http://www.w3.org/2001/04/xmlenc#"

# Signature wrapping may be caught at several points (two assertions, the consumed element unsigned, a
# signature that no longer verifies, a structure that is not a SAML response); each is a refusal.
WRAPPING_REASONS = ("assertion_count", "signature_invalid", "unsigned", "malformed")


def new_id() -> str:
    return "id-" + uuid.uuid4().hex


def q(ns: str, name: str) -> str:
    return f"{{{ns}}}{name}"


class Attempt:
    """One attack: a genuine AuthnRequest, the crafted response, the ACS's answer and the checks."""

    def __init__(self, site):
        self.site = site
        self.client = site.client()
        self.seen = site.begin_login(self.client)
        self.email = unique_email("attacked")
        self.evil = unique_email("evil")
        self.users_before = site.user_count()
        self.since = site.newest_sequence()

    def xml(self, **how) -> str:
        return self.site.response_for(self.seen, Person(self.email), **how)

    def post(self, xml: str | None = None, *, encoded: str | None = None):
        return self.site.post_acs(self.client, xml, self.seen.relay_state, encoded=encoded)

    def refused(self, resp, reason, **kw):
        try:
            return assert_refused(self.site, resp, reason, since=self.since, emails=(self.email, self.evil),
                                  users_before=self.users_before, **kw)
        finally:
            self.client.close()


@pytest.fixture
def attempt(site):
    return Attempt(site)


def evil_copy(assertion: etree._Element, email: str, keep_id: bool = False) -> etree._Element:
    """The attacker's assertion: the genuine one with its signature removed and the NameID changed."""
    evil = copy.deepcopy(assertion)
    for sig in evil.findall(q(DS, "Signature")):
        evil.remove(sig)
    if not keep_id:
        evil.set("ID", new_id())
    evil.find(f"{q(SAML, 'Subject')}/{q(SAML, 'NameID')}").text = email
    return evil


def parse(xml: str) -> etree._Element:
    return etree.fromstring(xml.encode())


def text(root: etree._Element) -> str:
    return etree.tostring(root, encoding="unicode")


# ---- signatures -------------------------------------------------------------------------------

def test_unsigned_response_is_refused(attempt):
    attempt.refused(attempt.post(attempt.xml(sign_assertion=False, sign_response=False)), "unsigned")


@pytest.mark.parametrize("where", ["assertion", "response"])
def test_signed_with_another_key_is_refused(attempt, where):
    xml = attempt.xml(sign_assertion=where == "assertion", sign_response=where == "response", keys=WRONG_KEY)
    attempt.refused(attempt.post(xml), "signature_invalid")


@pytest.mark.parametrize("where", ["assertion", "response"])
def test_sha1_signature_is_refused(attempt, where):
    xml = attempt.xml(sign_assertion=where == "assertion", sign_response=where == "response",
                      sign_alg=RSA_SHA1, digest_alg=DIGEST_SHA1)
    attempt.refused(attempt.post(xml), "weak_algorithm")


def test_sha256_signature_over_sha1_digest_is_refused(attempt):
    xml = attempt.xml(digest_alg=DIGEST_SHA1)
    attempt.refused(attempt.post(xml), "weak_algorithm")


def test_hmac_keyed_with_the_public_certificate_is_refused(attempt):
    """Key confusion: an HMAC 'signature' whose key is the IdP's public certificate (signxml crafts it)."""
    root = parse(attempt.xml(sign_assertion=False))
    assertion = root.find(q(SAML, "Assertion"))
    signer = XMLSigner(method=methods.enveloped, signature_algorithm=SignatureMethod.HMAC_SHA256,
                       digest_algorithm=DigestAlgorithm.SHA256,
                       c14n_algorithm=CanonicalizationMethod.EXCLUSIVE_XML_CANONICALIZATION_1_0)
    signed = signer.sign(assertion, key=IDP_KEY.cert_file.read_bytes(), reference_uri=assertion.get("ID"))
    sig = signed.find(q(DS, "Signature"))
    signed.remove(sig)
    signed.insert(1, sig)  # after the Issuer, where SAML puts it
    root.replace(assertion, signed)
    attempt.refused(attempt.post(text(root)), ("weak_algorithm", "signature_invalid"))


def test_tampered_after_signing_is_refused(attempt):
    root = parse(attempt.xml())
    root.find(f".//{q(SAML, 'NameID')}").text = attempt.evil
    attempt.refused(attempt.post(text(root)), "signature_invalid")


def test_issuer_of_another_idp_is_refused(attempt, site):
    def other_issuer(root):
        for issuer in root.iter(q(SAML, "Issuer")):
            issuer.text = "https://other-idp.example/metadata"
    attempt.refused(attempt.post(attempt.xml(edit=other_issuer, sign_response=True)), "issuer_mismatch")


def test_encrypted_assertion_is_refused_with_a_clear_reason(attempt, site):
    def encrypt(root):
        assertion = root.find(q(SAML, "Assertion"))
        enc = etree.Element(q(SAML, "EncryptedAssertion"))
        data = etree.SubElement(enc, q(XENC, "EncryptedData"), nsmap={"xenc": XENC},
                                Type="http://www.w3.org/2001/04/xmlenc#Element")
        etree.SubElement(data, q(XENC, "EncryptionMethod"), Algorithm="http://www.w3.org/2009/xmlenc11#aes256-gcm")
        cipher = etree.SubElement(etree.SubElement(data, q(XENC, "CipherData")), q(XENC, "CipherValue"))
        cipher.text = b64(b"\x00" * 64)
        root.replace(assertion, enc)
    xml = site.idp.response(Person(attempt.email), acs_url=attempt.seen.acs_url, audience=attempt.seen.sp_entity_id,
                            in_response_to=attempt.seen.id, sign_assertion=False, sign_response=True, edit=encrypt)
    attempt.refused(attempt.post(xml), "encrypted_unsupported")


# ---- conditions -------------------------------------------------------------------------------

def set_times(not_before: str | None = None, not_on_or_after: str | None = None):
    def edit(root):
        for el in root.iter():
            if not_on_or_after and el.get("NotOnOrAfter"):
                el.set("NotOnOrAfter", not_on_or_after)
            if not_before and el.get("NotBefore"):
                el.set("NotBefore", not_before)
    return edit


def test_expired_assertion_is_refused(attempt):
    xml = attempt.xml(edit=set_times(not_before="2020-01-01T00:00:00Z", not_on_or_after="2020-01-01T00:05:00Z"))
    attempt.refused(attempt.post(xml), "expired")


def test_assertion_expired_ten_minutes_ago_is_refused(attempt):
    from datetime import timedelta

    from idp import now_utc, saml_time
    xml = attempt.xml(edit=set_times(not_on_or_after=saml_time(now_utc() - timedelta(minutes=10))))
    attempt.refused(attempt.post(xml), "expired")


def test_not_yet_valid_assertion_is_refused(attempt):
    from datetime import timedelta

    from idp import now_utc, saml_time
    xml = attempt.xml(edit=set_times(not_before=saml_time(now_utc() + timedelta(minutes=30)),
                                     not_on_or_after=saml_time(now_utc() + timedelta(minutes=60))))
    attempt.refused(attempt.post(xml), "not_yet_valid")


def test_wrong_audience_is_refused(attempt, site):
    xml = site.idp.response(Person(attempt.email), acs_url=attempt.seen.acs_url,
                            audience="https://another-sp.example/saml/metadata", in_response_to=attempt.seen.id)
    attempt.refused(attempt.post(xml), "audience_mismatch")


def test_audience_of_another_account_is_refused(attempt, site):
    other = site.entity_id.replace(site.account_id, "f" * len(site.account_id))
    xml = site.idp.response(Person(attempt.email), acs_url=attempt.seen.acs_url, audience=other,
                            in_response_to=attempt.seen.id)
    attempt.refused(attempt.post(xml), "audience_mismatch")


def test_wrong_recipient_is_refused(attempt):
    def recipient(root):
        for scd in root.iter(q(SAML, "SubjectConfirmationData")):
            scd.set("Recipient", "https://another-sp.example/acs")
    attempt.refused(attempt.post(attempt.xml(edit=recipient)), "recipient_mismatch")


def test_wrong_destination_is_refused(attempt):
    def destination(root):
        root.set("Destination", "https://another-sp.example/acs")
    attempt.refused(attempt.post(attempt.xml(edit=destination, sign_response=True)),
                    ("recipient_mismatch", "destination_mismatch"))


# ---- replay -----------------------------------------------------------------------------------

def test_same_response_twice_is_refused_the_second_time(site):
    email = unique_email("replay")
    with site.client() as client:
        seen = site.begin_login(client)
        xml = site.response_for(seen, Person(email))
        assert_signed_in(site, client, site.post_acs(client, xml, seen.relay_state), email)
    users_before = site.user_count()
    since = site.newest_sequence()
    with site.client() as thief:
        resp = site.post_acs(thief, xml, seen.relay_state)
    # The request it answers is used up too; either check may be the one that stops it.
    assert_refused(site, resp, ("replayed", "unknown_request"), since=since, users_before=users_before)


def test_unsolicited_response_twice_is_refused_as_a_replay(site):
    site.configure("--idp-initiated")
    email = unique_email("replay-idp")
    acs, xml = site.idp.unsolicited(site.account_id, Person(email))
    with site.client() as client:
        assert_signed_in(site, client, site.post_acs(client, xml), email)
    since = site.newest_sequence()
    users_before = site.user_count()
    with site.client() as thief:
        resp = site.post_acs(thief, xml)
    assert_refused(site, resp, "replayed", since=since, users_before=users_before)


# ---- signature wrapping -----------------------------------------------------------------------

def test_second_unsigned_assertion_after_the_signed_one_is_refused(attempt):
    root = parse(attempt.xml())
    signed = root.find(q(SAML, "Assertion"))
    root.append(evil_copy(signed, attempt.evil))
    attempt.refused(attempt.post(text(root)), WRAPPING_REASONS)


def test_second_unsigned_assertion_before_the_signed_one_is_refused(attempt):
    root = parse(attempt.xml())
    signed = root.find(q(SAML, "Assertion"))
    signed.addprevious(evil_copy(signed, attempt.evil))
    attempt.refused(attempt.post(text(root)), WRAPPING_REASONS)


def test_signed_assertion_hidden_in_extensions_is_refused(attempt):
    """XSW: the genuine signed assertion moved into samlp:Extensions, an unsigned one in its place."""
    root = parse(attempt.xml())
    signed = root.find(q(SAML, "Assertion"))
    evil = evil_copy(signed, attempt.evil)
    root.replace(signed, evil)
    ext = etree.Element(q(SAMLP, "Extensions"))
    ext.append(signed)
    root.find(q(SAML, "Issuer")).addnext(ext)
    attempt.refused(attempt.post(text(root)), WRAPPING_REASONS)


def test_evil_assertion_with_the_signed_id_is_refused(attempt):
    """XSW: the attacker's assertion carries the genuine ID; the genuine one hides inside it (Advice)."""
    root = parse(attempt.xml())
    signed = root.find(q(SAML, "Assertion"))
    evil = evil_copy(signed, attempt.evil, keep_id=True)
    root.replace(signed, evil)
    advice = etree.Element(q(SAML, "Advice"))
    advice.append(signed)
    evil.find(q(SAML, "Conditions")).addnext(advice)
    attempt.refused(attempt.post(text(root)), WRAPPING_REASONS)


def hide(root: etree._Element, sig: etree._Element, genuine: etree._Element, where: str) -> None:
    """Puts the genuine signed element where a careless verifier still finds it: in the Response's
    samlp:Extensions (the reference then verifies under the XML-DSig rules too) or in the moved signature's
    ds:Object (verifies only for an enveloped transform that drops child signatures, not ancestors)."""
    if where == "extensions":
        ext = etree.Element(q(SAMLP, "Extensions"))
        ext.append(genuine)
        root.find(q(SAML, "Issuer")).addnext(ext)
    else:
        etree.SubElement(sig, q(DS, "Object")).append(genuine)


@pytest.mark.parametrize("where", ["extensions", "object"])
def test_moved_signature_is_refused(attempt, where):
    """XSW: the genuine signature moved into the attacker's assertion (its reference still names the
    genuine assertion, which now has no signature of its own and hides elsewhere)."""
    root = parse(attempt.xml())
    signed = root.find(q(SAML, "Assertion"))
    evil = evil_copy(signed, attempt.evil)
    root.replace(signed, evil)
    sig = signed.find(q(DS, "Signature"))
    signed.remove(sig)  # the enveloped digest never covered it
    evil.find(q(SAML, "Issuer")).addnext(sig)
    hide(root, sig, signed, where)
    attempt.refused(attempt.post(text(root)), WRAPPING_REASONS)


@pytest.mark.parametrize("where", ["extensions", "object"])
def test_signed_response_wrapped_in_an_unsigned_one_is_refused(attempt, where):
    """XSW on the response signature: a new outer Response carries the attacker's assertion and the
    genuine signature; the genuine Response (without it) hides inside."""
    genuine = parse(attempt.xml(sign_assertion=False, sign_response=True))
    sig = genuine.find(q(DS, "Signature"))
    genuine.remove(sig)
    outer = copy.deepcopy(genuine)
    outer.set("ID", new_id())
    outer.find(f"{q(SAML, 'Assertion')}/{q(SAML, 'Subject')}/{q(SAML, 'NameID')}").text = attempt.evil
    outer.find(q(SAML, "Issuer")).addnext(sig)
    hide(outer, sig, genuine, where)
    attempt.refused(attempt.post(text(outer)), WRAPPING_REASONS)


def test_signature_referencing_another_element_is_refused(attempt):
    """The assertion's signature is valid but references the Response's ID, not the assertion's."""
    root = parse(attempt.xml(sign_assertion=False))
    assertion = root.find(q(SAML, "Assertion"))
    signer = XMLSigner(method=methods.detached, signature_algorithm=SignatureMethod.RSA_SHA256,
                       digest_algorithm=DigestAlgorithm.SHA256,
                       c14n_algorithm=CanonicalizationMethod.EXCLUSIVE_XML_CANONICALIZATION_1_0)
    status = root.find(q(SAMLP, "Status"))
    status.set("ID", new_id())
    sig = signer.sign(root, key=IDP_KEY.key_file.read_bytes(), cert=IDP_KEY.cert_file.read_text(),
                      reference_uri=status.get("ID"), id_attribute="ID")
    assertion.find(q(SAML, "Issuer")).addnext(sig)
    attempt.refused(attempt.post(text(root)), WRAPPING_REASONS + ("malformed",))


# ---- parser attacks ---------------------------------------------------------------------------

XXE = ('<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n')
LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
          '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
          '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]>\n')


@pytest.mark.parametrize("kind", ["xxe-file", "billion-laughs", "plain-doctype"])
def test_dtd_is_refused(attempt, kind):
    body = re.sub(r"^<\?xml[^>]*\?>\s*", "", attempt.xml())
    if kind == "xxe-file":
        xml = XXE + body.replace(attempt.email, attempt.email + "&xxe;", 1)
    elif kind == "billion-laughs":
        xml = LAUGHS + body.replace(attempt.email, attempt.email + "&f;", 1)
    else:
        xml = '<?xml version="1.0"?>\n<!DOCTYPE Response>\n' + body
    resp = attempt.post(xml)
    attempt.refused(resp, "dtd_refused", statuses=(400, 403))
    assert "root:" not in resp.text


def test_oversize_response_is_refused(attempt, site):
    """A genuine signed response padded to about 3 MB (a long attribute value)."""
    xml = site.idp.response(Person(attempt.email, {"padding": ["x" * 3_000_000]}), acs_url=attempt.seen.acs_url,
                            audience=attempt.seen.sp_entity_id, in_response_to=attempt.seen.id)
    attempt.refused(attempt.post(xml), "too_large", statuses=(400, 413))


@pytest.mark.parametrize("encoded", ["not base64 at all!!", b64("this is not XML"), b64("<a><b></a>"), ""],
                         ids=["not-base64", "not-xml", "broken-xml", "empty"])
def test_malformed_input_is_a_400(attempt, encoded):
    attempt.refused(attempt.post(encoded=encoded), "malformed", statuses=(400,))


def test_other_root_element_is_refused(attempt):
    resp = attempt.post(f'<samlp:LogoutRequest xmlns:samlp="{SAMLP}" ID="x" Version="2.0"/>')
    attempt.refused(resp, "malformed", statuses=(400, 403))


# ---- the NameID is its whole text -------------------------------------------------------------

def test_comment_inside_name_id_does_not_truncate_it(site):
    victim = unique_email("victim").replace("@example.com", "@x.com")
    whole = victim + ".evil.com"
    site.sdk.users.create(request={"name": "Victim", "email": victim, "role": "master_admin"})

    def split(root):
        nid = root.find(f".//{q(SAML, 'NameID')}")
        nid.text = victim
        comment = etree.Comment("")
        comment.tail = ".evil.com"
        nid.append(comment)

    with site.client() as client:
        seen = site.begin_login(client)
        xml = site.response_for(seen, Person("placeholder@example.com"), edit=split)
        assert f"{victim}<!---->.evil.com" in xml
        resp = site.post_acs(client, xml, seen.relay_state)
        assert has_session_cookie(resp), (resp.status_code, resp.text[:500])
        assert_signed_in(site, client, resp, whole)
    assert site.user(whole) is not None
    assert site.user(victim)["last_login"] in (None, ""), site.user(victim)
