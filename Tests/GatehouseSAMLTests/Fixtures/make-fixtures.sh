#!/usr/bin/env bash
# Makes the signed SAML fixtures of GatehouseSAMLTests with xmlsec1, an implementation independent of
# ours, and checks each one it calls valid with `xmlsec1 --verify` as the oracle. Attack variants are
# built here too: those that need a valid signature over altered content are altered *before* signing.
# Keys and certificates are throwaway test material (kept when present so the fixtures stay stable).
# Times are fixed: the tests verify "at" 2026-01-15T10:01:00Z.
set -euo pipefail
cd "$(dirname "$0")"
command -v xmlsec1 >/dev/null || { echo "xmlsec1 missing: run Scripts/system-packages.sh" >&2; exit 1; }

for name in idp attacker; do
    if [ ! -f "$name-key.pem" ]; then
        openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 36500 -keyout "$name-key.pem" \
            -out "$name-cert.pem" -subj "/CN=$name.example.test" 2>/dev/null
    fi
done
if [ ! -f idp-ec-key.pem ]; then
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -sha256 -days 36500 \
        -keyout idp-ec-key.pem -out idp-ec-cert.pem -subj "/CN=idp-ec.example.test" 2>/dev/null
fi
if [ ! -f ed25519-cert.pem ]; then
    # Only its certificate is kept: a key type SAML signing certificates must not have.
    openssl req -x509 -newkey ed25519 -nodes -days 36500 -keyout /dev/null \
        -out ed25519-cert.pem -subj "/CN=ed25519.example.test" 2>/dev/null
fi
if [ ! -f rsa1024-cert.pem ]; then
    # Too short a key: refused with a message that says why.
    openssl req -x509 -newkey rsa:1024 -nodes -sha256 -days 36500 -keyout /dev/null \
        -out rsa1024-cert.pem -subj "/CN=rsa1024.example.test" 2>/dev/null
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ids=(--id-attr:ID urn:oasis:names:tc:SAML:2.0:assertion:Assertion
     --id-attr:ID urn:oasis:names:tc:SAML:2.0:protocol:Response)

# sign IN OUT KEYNAME: signs the first Signature template in document order.
sign() { xmlsec1 --sign "${ids[@]}" --privkey-pem "$3-key.pem,$3-cert.pem" --output "$2" "$1"; }
# oracle FILE KEYNAME [NODE-XPATH]: the independent check that a fixture we call valid is valid.
oracle() {
    local extra=()
    [ $# -ge 3 ] && extra=(--node-xpath "$3")
    xmlsec1 --verify "${ids[@]}" --enabled-key-data x509 --pubkey-cert-pem "$2-cert.pem" "${extra[@]}" "$1" \
        >/dev/null 2>&1 || { echo "oracle refused $1" >&2; exit 1; }
}

python3 - "$work" <<'PY'
import sys, os
work = sys.argv[1]
IDP = "https://idp.example.test/metadata"
SP = "https://gatehouse.example.test/saml/acct-1/metadata"
ACS = "https://gatehouse.example.test/saml/acct-1/acs"
SHA = {
    "sha256": ("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", "http://www.w3.org/2001/04/xmlenc#sha256"),
    "sha512": ("http://www.w3.org/2001/04/xmldsig-more#rsa-sha512", "http://www.w3.org/2001/04/xmlenc#sha512"),
    "sha1": ("http://www.w3.org/2000/09/xmldsig#rsa-sha1", "http://www.w3.org/2000/09/xmldsig#sha1"),
    "sha1digest": ("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", "http://www.w3.org/2000/09/xmldsig#sha1"),
    "ecdsa": ("http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256", "http://www.w3.org/2001/04/xmlenc#sha256"),
}

def sig(ref, alg="sha256", c14n="http://www.w3.org/2001/10/xml-exc-c14n#"):
    s, d = SHA[alg]
    # PrefixList="xs": the attribute values' xsi:type="xs:string" needs the xs declaration, which sits on
    # the Response, outside the signed Assertion; a verifier ignoring the list computes another digest.
    return f'''<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="{c14n}"/><ds:SignatureMethod Algorithm="{s}"/><ds:Reference URI="#{ref}"><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/><ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"><ec:InclusiveNamespaces xmlns:ec="http://www.w3.org/2001/10/xml-exc-c14n#" PrefixList="xs"/></ds:Transform></ds:Transforms><ds:DigestMethod Algorithm="{d}"/><ds:DigestValue></ds:DigestValue></ds:Reference></ds:SignedInfo><ds:SignatureValue></ds:SignatureValue><ds:KeyInfo><ds:X509Data></ds:X509Data></ds:KeyInfo></ds:Signature>'''

def assertion(aid="_a1", signed="sha256", nameid="alice@example.com", recipient=ACS, scd_not_after="2026-01-15T10:05:00Z",
              issuer=IDP, audience=SP, in_response_to="_req-1"):
    s = sig(aid, signed) if signed else ""
    return f'''<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="{aid}" Version="2.0" IssueInstant="2026-01-15T10:00:00Z">
    <saml:Issuer>{issuer}</saml:Issuer>{s}
    <saml:Subject>
      <saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">{nameid}</saml:NameID>
      <saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
        <saml:SubjectConfirmationData{f' InResponseTo="{in_response_to}"' if in_response_to else ""} NotOnOrAfter="{scd_not_after}" Recipient="{recipient}"/>
      </saml:SubjectConfirmation>
    </saml:Subject>
    <saml:Conditions NotBefore="2026-01-15T09:55:00Z" NotOnOrAfter="2026-01-15T10:05:00Z">
      <saml:AudienceRestriction><saml:Audience>{audience}</saml:Audience></saml:AudienceRestriction>
    </saml:Conditions>
    <saml:AuthnStatement AuthnInstant="2026-01-15T10:00:00Z" SessionIndex="_s1">
      <saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext>
    </saml:AuthnStatement>
    <saml:AttributeStatement>
      <saml:Attribute Name="email"><saml:AttributeValue xsi:type="xs:string">alice@example.com</saml:AttributeValue></saml:Attribute>
      <saml:Attribute Name="firstName"><saml:AttributeValue xsi:type="xs:string">Alice</saml:AttributeValue></saml:Attribute>
      <saml:Attribute Name="CloudinaryRole"><saml:AttributeValue xsi:type="xs:string">*::admin</saml:AttributeValue><saml:AttributeValue xsi:type="xs:string">prod<!-- split -->env::media_library_user</saml:AttributeValue></saml:Attribute>
      <saml:Attribute Name="http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri"><saml:AttributeValue xsi:type="xs:string">Liddell</saml:AttributeValue></saml:Attribute>
    </saml:AttributeStatement>
  </saml:Assertion>'''

def response(body, rid="_r1", signed=None, destination=ACS, status=None, issuer=IDP, in_response_to="_req-1"):
    s = sig(rid, signed) if signed else ""
    dest = f' Destination="{destination}"' if destination else ""
    return f'''<?xml version="1.0" encoding="UTF-8"?>
<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="{rid}" Version="2.0" IssueInstant="2026-01-15T10:00:00Z"{dest}{f' InResponseTo="{in_response_to}"' if in_response_to else ""}>
  <saml:Issuer>{issuer}</saml:Issuer>{s}
  {status or '<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>'}
  {body}
</samlp:Response>
'''

def write(name, text):
    with open(os.path.join(work, name), "w") as f:
        f.write(text)

write("assertion-signed.tmpl", response(assertion()))
write("inclusive-c14n.tmpl", response(assertion()).replace("http://www.w3.org/2001/10/xml-exc-c14n#\"/>", "http://www.w3.org/TR/2001/REC-xml-c14n-20010315\"/>", 1))
# Signed over the whole document (URI=""), a form SAML profiles do not use and we refuse.
write("whole-document.tmpl", response(assertion(signed=None), signed="sha256").replace('URI="#_r1"', 'URI=""', 1))
# Unsolicited (IdP-initiated): no InResponseTo anywhere; and a signed Response whose InResponseTo is only
# on the Response.
write("unsolicited.tmpl", response(assertion(in_response_to=None), in_response_to=None))
write("response-signed-irt.tmpl", response(assertion(signed=None, in_response_to=None), signed="sha256"))
write("assertion-sha512.tmpl", response(assertion(signed="sha512")))
write("assertion-sha1.tmpl", response(assertion(signed="sha1")))
write("assertion-sha1-digest.tmpl", response(assertion(signed="sha1digest")))
write("assertion-ecdsa.tmpl", response(assertion(signed="ecdsa")))
write("response-signed.tmpl", response(assertion(signed=None), signed="sha256"))
write("both-inner.tmpl", response(assertion()))
write("comment-nameid.tmpl", response(assertion(nameid="victim@x.com<!---->.evil.com")))
write("wrong-recipient.tmpl", response(assertion(recipient="https://evil.example.test/acs")))
write("wrong-destination.tmpl", response(assertion(), destination="https://evil.example.test/acs"))
write("scd-early.tmpl", response(assertion(scd_not_after="2026-01-15T10:02:00Z")))
write("unsigned.xml", response(assertion(signed=None)))
write("status-failure.xml", response("", status='<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Requester"><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:AuthnFailed"/></samlp:StatusCode><samlp:StatusMessage>User canceled</samlp:StatusMessage></samlp:Status>'))
write("encrypted.xml", response('<saml:EncryptedAssertion><xenc:EncryptedData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#"><xenc:CipherData><xenc:CipherValue>AAAA</xenc:CipherValue></xenc:CipherData></xenc:EncryptedData></saml:EncryptedAssertion>'))
write("evil-assertion.part", assertion(aid="_evil", signed=None, nameid="mallory@evil.test"))
write("evil-assertion-same-id.part", assertion(aid="_a1", signed=None, nameid="mallory@evil.test"))
PY

for t in unsolicited assertion-signed inclusive-c14n assertion-sha512 assertion-sha1 assertion-sha1-digest comment-nameid wrong-recipient wrong-destination scd-early; do
    sign "$work/$t.tmpl" "$t.xml" idp
done
sign "$work/assertion-ecdsa.tmpl" assertion-ecdsa.xml idp-ec
sign "$work/response-signed.tmpl" response-signed.xml idp
sign "$work/whole-document.tmpl" whole-document.xml idp
sign "$work/response-signed-irt.tmpl" response-signed-irt.xml idp
sign "$work/assertion-signed.tmpl" wrong-key.xml attacker
cp "$work/unsigned.xml" "$work/status-failure.xml" "$work/encrypted.xml" .

# Both signed: the Assertion first, then the Response (whose digest covers the Assertion's signature).
sign "$work/both-inner.tmpl" "$work/both-inner.xml" idp
python3 - "$work" <<'PY'
import sys, re
work = sys.argv[1]
src = open(f"{work}/both-inner.xml").read()
tmpl = open(f"{work}/response-signed.tmpl").read()
response_sig = re.search(r'(<ds:Signature .*?</ds:Signature>)', tmpl, re.S).group(1)
out = src.replace("<saml:Issuer>https://idp.example.test/metadata</saml:Issuer>",
                  "<saml:Issuer>https://idp.example.test/metadata</saml:Issuer>" + response_sig, 1)
open(f"{work}/both.tmpl", "w").write(out)
PY
sign "$work/both.tmpl" both-signed.xml idp

oracle assertion-signed.xml idp
oracle assertion-sha512.xml idp
oracle assertion-ecdsa.xml idp-ec
oracle response-signed.xml idp
oracle both-signed.xml idp "/*/*[local-name()='Signature']"
oracle both-signed.xml idp "//*[local-name()='Assertion']/*[local-name()='Signature']"
oracle comment-nameid.xml idp
oracle wrong-recipient.xml idp
oracle wrong-destination.xml idp
oracle scd-early.xml idp
oracle inclusive-c14n.xml idp
oracle whole-document.xml idp
oracle unsolicited.xml idp
oracle response-signed-irt.xml idp

# Attacks on a valid signed document, made after signing (no key needed by the attacker).
python3 - "$work" <<'PY'
import sys, re
work = sys.argv[1]
signed = open("assertion-signed.xml").read()
rsigned = open("response-signed.xml").read()
evil = open(f"{work}/evil-assertion.part").read()
evil_same = open(f"{work}/evil-assertion-same-id.part").read()
m = re.search(r'<saml:Assertion .*?</saml:Assertion>', signed, re.S)
original = m.group(0)
def save(name, text):
    assert text != signed and text != rsigned, name
    open(name, "w").write(text)

# The signed content altered: the digest no longer matches.
save("tampered.xml", signed.replace("alice@example.com</saml:NameID>", "mallory@evil.test</saml:NameID>", 1))
# A second, unsigned assertion beside the signed one (before it, where a naive "first" lookup looks).
save("wrap-sibling.xml", signed.replace(original, evil + "\n  " + original, 1))
# The signed assertion moved into the Response's Extensions, an evil one with the same ID in its place.
save("wrap-extensions-same-id.xml", re.sub(r'<samlp:Status>', lambda _: "<samlp:Extensions>" + original + "</samlp:Extensions><samlp:Status>",
                                           signed.replace(original, evil_same, 1), count=1))
# The signed assertion moved alone into Extensions (no assertion where one belongs).
save("wrap-extensions-only.xml", re.sub(r'<samlp:Status>', lambda _: "<samlp:Extensions>" + original + "</samlp:Extensions><samlp:Status>", signed.replace(original, "", 1), count=1))
# The signed assertion hidden in a ds:Object of the evil assertion's own (bogus) signature.
bogus = '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:Object>' + original + '</ds:Object></ds:Signature>'
save("wrap-object.xml", signed.replace(original, evil.replace("<saml:Subject>", bogus + "<saml:Subject>", 1), 1))
# The assertion's signature moved up to the Response (its Reference still names the assertion).
sigm = re.search(r'<ds:Signature .*?</ds:Signature>', original, re.S).group(0)
moved = signed.replace(sigm, "", 1).replace("</saml:Issuer>", "</saml:Issuer>" + sigm, 1)
save("moved-signature.xml", moved)
# The signed ID reused by another element, so "the element with that ID" is ambiguous.
save("duplicate-id.xml", signed.replace("<samlp:Status>", '<samlp:Extensions><x:Note xmlns:x="urn:x" ID="_a1">decoy</x:Note></samlp:Extensions><samlp:Status>', 1))
# Both signed, the Response altered outside the (still valid) assertion: both signatures must verify.
both = open("both-signed.xml").read()
save("both-response-tampered.xml", both.replace('IssueInstant="2026-01-15T10:00:00Z" Destination', 'IssueInstant="2026-01-15T10:00:01Z" Destination', 1))
# An unsolicited assertion passed off as the answer to the attacker's own request (unsigned Response).
unsolicited = open("unsolicited.xml").read()
save("unsolicited-irt-added.xml", unsolicited.replace('Destination="', 'InResponseTo="_attacker-req" Destination="', 1))
# A signed Response whose assertion was swapped for another after signing.
save("response-signed-swapped.xml", rsigned.replace("alice@example.com</saml:NameID>", "mallory@evil.test</saml:NameID>", 1))
PY

# Identity provider metadata as Keycloak/Okta publish it: a signing and an encryption key, both bindings.
cert_body() { sed -e '/-----/d' "$1" | tr -d '\n'; }
idp_cert=$(cert_body idp-cert.pem)
attacker_cert=$(sed -e '/-----/d' attacker-cert.pem)
cat > idp-metadata.xml <<XML
<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="https://idp.example.test/metadata">
  <md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>$idp_cert</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:KeyDescriptor use="encryption"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>
$attacker_cert
</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://idp.example.test/sso/post"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.test/sso/redirect"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>
XML
cat > idp-metadata-entities.xml <<XML
<?xml version="1.0" encoding="UTF-8"?>
<EntitiesDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" Name="federation">
  <EntityDescriptor entityID="https://idp2.example.test/">
    <IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
      <KeyDescriptor><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data><X509Certificate>$idp_cert</X509Certificate></X509Data></KeyInfo></KeyDescriptor>
      <KeyDescriptor use="signing"><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data><X509Certificate>
$attacker_cert
      </X509Certificate></X509Data></KeyInfo></KeyDescriptor>
      <SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp2.example.test/sso?tenant=1"/>
    </IDPSSODescriptor>
  </EntityDescriptor>
  <EntityDescriptor entityID="https://other.example.test/"/>
</EntitiesDescriptor>
XML
echo "fixtures written to $(pwd)"
