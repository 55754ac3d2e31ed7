"""A real SAML 2.0 identity provider for the tests: pysaml2's `Server` (signing through Debian's xmlsec1)
behind a small threaded WSGI server on 127.0.0.1.

The test says who signs in next (`IdP.next_login`); the IdP then answers the service provider's
AuthnRequest (HTTP-Redirect binding, parsed by pysaml2 against the SP metadata it fetched from the
server) with an auto-submitting HTML form that POSTs a signed SAMLResponse and the RelayState to the ACS,
as Okta or Keycloak do. `/idp-initiated?account=…` posts an unsolicited response. `IdP.response` returns a
response as XML for tests that craft attacks: `edit` changes the document before it is signed, and the
caller may change it after (signature wrapping, DTDs).

Attributes are written by us, by the exact `Name` the test gives (pysaml2's converters would rename
`givenName` to an OID), with the URI name format for names that are URIs, as Entra ID sends them.
"""

from __future__ import annotations

import base64
import copy
import html
import re
import subprocess
import tempfile
import threading
import urllib.parse
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import httpx
from lxml import etree
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT, saml
from saml2.config import IdPConfig
from saml2.metadata import entity_descriptor
from saml2.s_utils import decode_base64_and_inflate
from saml2.saml import NAMEID_FORMAT_EMAILADDRESS
from saml2.server import Server
from saml2.sigver import pre_signature_part

KEYS = Path(__file__).resolve().parent / "keys"
XMLSEC1 = "/usr/bin/xmlsec1"

NS = {
    "samlp": "urn:oasis:names:tc:SAML:2.0:protocol",
    "saml": "urn:oasis:names:tc:SAML:2.0:assertion",
    "ds": "http://www.w3.org/2000/09/xmldsig#",
    "md": "urn:oasis:names:tc:SAML:2.0:metadata",
}
ASSERTION_NODE = "urn:oasis:names:tc:SAML:2.0:assertion:Assertion"
RESPONSE_NODE = "urn:oasis:names:tc:SAML:2.0:protocol:Response"

RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
RSA_SHA1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1"
DIGEST_SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"
DIGEST_SHA1 = "http://www.w3.org/2000/09/xmldsig#sha1"

ATTRNAME_UNSPECIFIED = "urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified"
ATTRNAME_URI = "urn:oasis:names:tc:SAML:2.0:attrname-format:uri"

AUTHN = {"class_ref": saml.AUTHN_PASSWORD_PROTECTED, "authn_auth": "gatehouse-test-idp"}


@dataclass(frozen=True)
class KeyPair:
    key_file: Path
    cert_file: Path

    @property
    def cert_b64(self) -> str:
        """The certificate's base64 DER, as metadata and KeyInfo carry it."""
        pem = self.cert_file.read_text()
        return "".join(pem.split("-----")[2].split())


IDP_KEY = KeyPair(KEYS / "idp.key", KEYS / "idp.crt")
WRONG_KEY = KeyPair(KEYS / "wrong.key", KEYS / "wrong.crt")


@dataclass
class Person:
    """Who signs in at the IdP: the NameID and the attributes (name → values, in order)."""

    name_id: str
    attributes: dict[str, list[str]] = field(default_factory=dict)
    name_id_format: str | None = NAMEID_FORMAT_EMAILADDRESS


@dataclass
class Login:
    """One queued sign-in: the person and how the IdP answers (what it signs, with which algorithms)."""

    person: Person
    sign_assertion: bool = True
    sign_response: bool = False
    sign_alg: str = RSA_SHA256
    digest_alg: str = DIGEST_SHA256


@dataclass
class AuthnRequestSeen:
    """An AuthnRequest the IdP parsed: its id, the SP, where to answer and the RelayState."""

    id: str
    sp_entity_id: str
    acs_url: str
    relay_state: str | None
    xml: str


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


def saml_time(t: datetime) -> str:
    return t.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def b64(xml: str | bytes) -> str:
    data = xml.encode() if isinstance(xml, str) else xml
    return base64.b64encode(data).decode()


def post_form(action: str, saml_response_b64: str, relay_state: str | None) -> str:
    """The auto-submitting page of the HTTP-POST binding."""
    relay = (f'<input type="hidden" name="RelayState" value="{html.escape(relay_state, quote=True)}"/>'
             if relay_state is not None else "")
    return ("<!DOCTYPE html><html><head><title>Signing in</title></head>"
            '<body onload="document.forms[0].submit()">'
            f'<form method="post" action="{html.escape(action, quote=True)}">'
            f'<input type="hidden" name="SAMLResponse" value="{saml_response_b64}"/>{relay}'
            '<noscript><button type="submit">Continue</button></noscript></form></body></html>')


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class IdP:
    """The identity provider. `start()` binds a free port; `base_url` is known from then on."""

    def __init__(self, keys: KeyPair = IDP_KEY):
        self.keys = keys
        self.lock = threading.Lock()
        self.queue: list[Login] = []
        self.requests: list[AuthnRequestSeen] = []
        self.sp_base_url: str | None = None
        self.httpd = None
        self.thread = None
        self.server: Server | None = None
        self._known_sps: set[str] = set()
        self._tmp = tempfile.TemporaryDirectory(prefix="gatehouse-idp-")

    # ---- lifecycle ------------------------------------------------------------------------------

    def start(self) -> "IdP":
        self.httpd = make_server("127.0.0.1", 0, self._app, server_class=_ThreadingWSGIServer,
                                 handler_class=_QuietHandler)
        self.port = self.httpd.server_address[1]
        self.server = Server(config=self._config())
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="saml-idp", daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        if self.httpd is not None:
            self.httpd.shutdown()
            self.httpd.server_close()
        self._tmp.cleanup()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def entity_id(self) -> str:
        return f"{self.base_url}/metadata"

    @property
    def sso_url(self) -> str:
        return f"{self.base_url}/sso/redirect"

    def _config(self) -> IdPConfig:
        conf = IdPConfig()
        conf.load({
            "entityid": self.entity_id,
            "service": {"idp": {
                "name": "Gatehouse test IdP",
                "endpoints": {"single_sign_on_service": [(self.sso_url, BINDING_HTTP_REDIRECT)]},
                "name_id_format": [NAMEID_FORMAT_EMAILADDRESS],
                "want_authn_requests_signed": False,
                "policy": {"default": {"lifetime": {"minutes": 10}, "attribute_restrictions": None}},
            }},
            "key_file": str(self.keys.key_file),
            "cert_file": str(self.keys.cert_file),
            "xmlsec_binary": XMLSEC1,
            "metadata": {},
            "delete_tmpfiles": True,
        })
        return conf

    # ---- what the IdP publishes -----------------------------------------------------------------

    def metadata_xml(self, extra_keys: tuple[KeyPair, ...] = ()) -> str:
        """pysaml2's metadata; `extra_keys` add signing certificates (a rotation publishes two)."""
        xml = str(entity_descriptor(self.server.config))
        if not extra_keys:
            return xml
        root = etree.fromstring(xml.encode())
        descriptor = root.find("md:IDPSSODescriptor/md:KeyDescriptor", NS)
        for keys in extra_keys:
            more = copy.deepcopy(descriptor)
            more.find(".//ds:X509Certificate", NS).text = keys.cert_b64
            descriptor.addnext(more)
        return etree.tostring(root, encoding="unicode")

    def metadata_file(self, directory: Path | None = None, extra_keys: tuple[KeyPair, ...] = ()) -> Path:
        """The metadata written to a file, for `gatehouse saml configure --idp-metadata FILE`."""
        path = Path(directory or self._tmp.name) / f"idp-metadata-{uuid.uuid4().hex[:8]}.xml"
        path.write_text(self.metadata_xml(extra_keys))
        return path

    # ---- the test's side ------------------------------------------------------------------------

    def next_login(self, person: Person, **how) -> Login:
        """Queues who signs in at the next AuthnRequest (or IdP-initiated entry); `how` are `Login` fields."""
        login = Login(person=person, **how)
        with self.lock:
            self.queue.append(login)
        return login

    def pending(self) -> int:
        with self.lock:
            return len(self.queue)

    def _take(self) -> Login | None:
        with self.lock:
            return self.queue.pop(0) if self.queue else None

    def trust_sp(self, sp_entity_id: str) -> None:
        """Loads the SP's metadata, fetched from its entity id (Gatehouse's is the metadata URL)."""
        if sp_entity_id in self._known_sps:
            return
        r = httpx.get(sp_entity_id, timeout=30.0)
        if r.status_code != 200:
            raise RuntimeError(f"SP metadata at {sp_entity_id}: {r.status_code} {r.text[:300]}")
        self.server.metadata.load("inline", r.text)
        self._known_sps.add(sp_entity_id)

    def trust_sp_xml(self, sp_entity_id: str, xml: str) -> None:
        """Loads SP metadata given as text (the harness's self-test, with no server)."""
        self.server.metadata.load("inline", xml)
        self._known_sps.add(sp_entity_id)

    def forget_sps(self) -> None:
        """Drops cached SP metadata (after the SP changed it)."""
        self.server = Server(config=self._config())
        self._known_sps.clear()

    def sp_acs(self, sp_entity_id: str) -> str:
        self.trust_sp(sp_entity_id)
        acs = self.server.metadata.assertion_consumer_service(sp_entity_id, BINDING_HTTP_POST)
        if not acs:
            raise RuntimeError(f"no HTTP-POST ACS in the metadata of {sp_entity_id}")
        return acs[0]["location"]

    def parse_authn_request(self, saml_request: str, relay_state: str | None) -> AuthnRequestSeen:
        """Parses a redirect-binding AuthnRequest with pysaml2 (the SP's metadata fetched first)."""
        xml = decode_base64_and_inflate(saml_request).decode()
        issuer = re.search(r"<(?:\w+:)?Issuer[^>]*>\s*([^<\s]+)\s*<", xml)
        if issuer is None:
            raise ValueError(f"AuthnRequest without an Issuer: {xml[:500]}")
        self.trust_sp(html.unescape(issuer.group(1)))
        req = self.server.parse_authn_request(saml_request, BINDING_HTTP_REDIRECT)
        args = self.server.response_args(req.message, [BINDING_HTTP_POST])
        seen = AuthnRequestSeen(id=req.message.id, sp_entity_id=args["sp_entity_id"],
                                acs_url=args["destination"], relay_state=relay_state, xml=xml)
        with self.lock:
            self.requests.append(seen)
        return seen

    # ---- responses ------------------------------------------------------------------------------

    def response(self, person: Person, *, acs_url: str, audience: str, in_response_to: str | None = None,
                 sign_assertion: bool = True, sign_response: bool = False, keys: KeyPair | None = None,
                 sign_alg: str = RSA_SHA256, digest_alg: str = DIGEST_SHA256, edit=None) -> str:
        """A SAML Response as XML text. pysaml2 builds it (Subject, Conditions, AuthnStatement), we add
        the attributes by their exact names, `edit(root)` may change the lxml tree, and then the assertion
        and/or the response are signed by xmlsec1 through pysaml2's security context (the assertion first,
        so a response signature covers the signed assertion)."""
        keys = keys or self.keys
        # pysaml2 answers only SPs it knows; a crafted audience is written in afterwards.
        known = audience if audience in self._known_sps else next(iter(self._known_sps), None)
        if known is None:
            raise RuntimeError("the IdP knows no SP yet: trust_sp() first")
        resp = self.server.create_authn_response(
            identity={}, in_response_to=in_response_to, destination=acs_url, sp_entity_id=known,
            name_id=saml.NameID(format=person.name_id_format, text=person.name_id) if person.name_id_format
            else saml.NameID(text=person.name_id),
            authn=AUTHN, sign_response=False, sign_assertion=False)
        root = etree.fromstring(str(resp).encode())
        assertion = root.find("saml:Assertion", NS)
        for empty in assertion.findall("saml:AttributeStatement", NS):
            assertion.remove(empty)
        if person.attributes:
            assertion.append(attribute_statement(person.attributes))
        for aud in assertion.iter(f"{{{NS['saml']}}}Audience"):
            aud.text = audience
        if in_response_to is None:
            # Unsolicited: pysaml2 writes InResponseTo="None"-less elements already; make sure.
            for el in root.iter():
                el.attrib.pop("InResponseTo", None)
        if edit is not None:
            edit(root)
        xml = etree.tostring(root, encoding="unicode")
        if sign_assertion:
            for a in etree.fromstring(xml.encode()).findall("saml:Assertion", NS):
                xml = self.sign(xml, ASSERTION_NODE, a.get("ID"), keys, sign_alg, digest_alg)
        if sign_response:
            xml = self.sign(xml, RESPONSE_NODE, root.get("ID"), keys, sign_alg, digest_alg)
        return xml

    def sign(self, xml: str, node_name: str, node_id: str, keys: KeyPair | None = None,
             sign_alg: str = RSA_SHA256, digest_alg: str = DIGEST_SHA256) -> str:
        """Inserts an enveloped-signature template (exclusive c14n) after the element's Issuer and has
        xmlsec1 sign it, with the certificate in KeyInfo as IdPs send it."""
        keys = keys or self.keys
        root = etree.fromstring(xml.encode())
        target = next(el for el in root.iter() if el.get("ID") == node_id)
        template = etree.fromstring(str(pre_signature_part(
            node_id, public_key=keys.cert_b64, sign_alg=sign_alg, digest_alg=digest_alg)).encode())
        issuer = target.find("saml:Issuer", NS)
        target.insert(list(target).index(issuer) + 1 if issuer is not None else 0, template)
        text = etree.tostring(root, encoding="unicode")
        return self.server.sec.sign_statement(text, node_name, key_file=str(keys.key_file), node_id=node_id)

    def login_response(self, login: Login, *, acs_url: str, audience: str, in_response_to: str | None) -> str:
        return self.response(login.person, acs_url=acs_url, audience=audience, in_response_to=in_response_to,
                             sign_assertion=login.sign_assertion, sign_response=login.sign_response,
                             sign_alg=login.sign_alg, digest_alg=login.digest_alg)

    def sp_entity_id(self, account_id: str) -> str:
        if not self.sp_base_url:
            raise RuntimeError("sp_base_url is not set")
        return f"{self.sp_base_url}/saml/{account_id}/metadata"

    def unsolicited(self, account_id: str, person: Person, **how) -> tuple[str, str]:
        """An IdP-initiated response to the account's ACS: (acs_url, XML)."""
        audience = self.sp_entity_id(account_id)
        acs = self.sp_acs(audience)
        return acs, self.response(person, acs_url=acs, audience=audience, in_response_to=None, **how)

    # ---- HTTP -----------------------------------------------------------------------------------

    def _app(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        query = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        try:
            if path == "/metadata":
                return _reply(start_response, "200 OK", self.metadata_xml(), "application/samlmetadata+xml")
            if path == "/sso/redirect":
                return self._sso(start_response, query)
            if path == "/idp-initiated":
                return self._idp_initiated(start_response, query)
            return _reply(start_response, "404 Not Found", "not found")
        except Exception as e:  # the page shows the IdP's own failure, so a test failure names it
            return _reply(start_response, "500 Internal Server Error", f"IdP error: {type(e).__name__}: {e}")

    def _sso(self, start_response, query):
        if "SAMLRequest" not in query:
            return _reply(start_response, "400 Bad Request", "no SAMLRequest")
        relay = query.get("RelayState", [None])[0]
        seen = self.parse_authn_request(query["SAMLRequest"][0], relay)
        login = self._take()
        if login is None:
            return _reply(start_response, "403 Forbidden", "IdP: nobody is queued to sign in")
        xml = self.login_response(login, acs_url=seen.acs_url, audience=seen.sp_entity_id, in_response_to=seen.id)
        return _reply(start_response, "200 OK", post_form(seen.acs_url, b64(xml), relay), "text/html; charset=utf-8")

    def _idp_initiated(self, start_response, query):
        account = query.get("account", [""])[0]
        relay = query.get("RelayState", [None])[0]
        login = self._take()
        if login is None:
            return _reply(start_response, "403 Forbidden", "IdP: nobody is queued to sign in")
        audience = self.sp_entity_id(account)
        acs = self.sp_acs(audience)
        xml = self.login_response(login, acs_url=acs, audience=audience, in_response_to=None)
        return _reply(start_response, "200 OK", post_form(acs, b64(xml), relay), "text/html; charset=utf-8")


def _reply(start_response, status: str, body: str, ctype: str = "text/plain; charset=utf-8"):
    data = body.encode()
    start_response(status, [("Content-Type", ctype), ("Content-Length", str(len(data))), ("Cache-Control", "no-store")])
    return [data]


def attribute_statement(attributes: dict[str, list[str]]) -> etree._Element:
    """`<saml:AttributeStatement>` with each attribute by its exact name (URI names in the URI format)."""
    stmt = etree.Element(f"{{{NS['saml']}}}AttributeStatement", nsmap={"saml": NS["saml"]})
    for name, values in attributes.items():
        fmt = ATTRNAME_URI if re.match(r"^(https?|urn):", name) else ATTRNAME_UNSPECIFIED
        attr = etree.SubElement(stmt, f"{{{NS['saml']}}}Attribute", Name=name, NameFormat=fmt)
        for v in ([values] if isinstance(values, str) else values):
            val = etree.SubElement(attr, f"{{{NS['saml']}}}AttributeValue",
                                   nsmap={"xs": "http://www.w3.org/2001/XMLSchema",
                                          "xsi": "http://www.w3.org/2001/XMLSchema-instance"})
            val.set("{http://www.w3.org/2001/XMLSchema-instance}type", "xs:string")
            val.text = v
    return stmt


def xmlsec_verify(xml: str, node_name: str, cert_file: Path = IDP_KEY.cert_file) -> subprocess.CompletedProcess:
    """`xmlsec1 --verify` of the signature that is a child of the (first) element named `node_name`
    (`urn:…:Assertion` or `urn:…:Response`): an independent oracle for what the harness signs."""
    local = node_name.rsplit(":", 1)[1]
    with tempfile.NamedTemporaryFile("w", suffix=".xml", delete=False) as f:
        f.write(xml)
        path = f.name
    try:
        return subprocess.run([XMLSEC1, "--verify", "--pubkey-cert-pem", str(cert_file),
                               "--id-attr:ID", ASSERTION_NODE, "--id-attr:ID", RESPONSE_NODE,
                               "--node-xpath", f"(//*[local-name()='{local}']/*[local-name()='Signature'])[1]",
                               path], capture_output=True, text=True, timeout=30)
    finally:
        Path(path).unlink(missing_ok=True)
