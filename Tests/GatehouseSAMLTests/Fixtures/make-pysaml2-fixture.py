"""Makes pysaml2-response.xml: a Response built by pysaml2 (the IdP of Tests/saml, signing through
xmlsec1), so GatehouseSAML is also checked against the document shape a real Python IdP writes (its
namespace prefixes and declarations), not only against make-fixtures.sh's templates. Times are rewritten
to the fixed ones of the other fixtures before signing; the certificate is copied beside it.

Run with the SAML test venv: Scripts/saml-venv.sh && .venv/bin/python Tests/GatehouseSAMLTests/Fixtures/make-pysaml2-fixture.py
"""

import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent / "saml"))

from idp import IDP_KEY, IdP, Person  # noqa: E402

SP = "https://gatehouse.example.test/saml/acct-1/metadata"
ACS = "https://gatehouse.example.test/saml/acct-1/acs"
SP_METADATA = f"""<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="{SP}">
  <md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="{ACS}" index="0"/>
  </md:SPSSODescriptor>
</md:EntityDescriptor>"""

TIMES = {"IssueInstant": "2026-01-15T10:00:00Z", "AuthnInstant": "2026-01-15T10:00:00Z",
         "NotBefore": "2026-01-15T09:55:00Z", "NotOnOrAfter": "2026-01-15T10:05:00Z",
         "SessionNotOnOrAfter": "2026-01-15T18:00:00Z"}


def fix_times(root):
    for element in root.iter():
        for name, value in TIMES.items():
            if name in element.attrib:
                element.set(name, value)


idp = IdP().start()
try:
    idp.trust_sp_xml(SP, SP_METADATA)
    person = Person("bob@example.com", {"CloudinaryRole": ["*::admin", "ACCOUNT::billing"], "givenName": ["Bob"]})
    xml = idp.response(person, acs_url=ACS, audience=SP, in_response_to="_req-py", sign_assertion=True,
                       sign_response=True, edit=fix_times)
finally:
    idp.stop()
(HERE / "pysaml2-response.xml").write_text(xml)
shutil.copy(IDP_KEY.cert_file, HERE / "pysaml2-idp-cert.pem")
print("wrote pysaml2-response.xml")
