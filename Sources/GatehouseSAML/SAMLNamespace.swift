/// The namespace and algorithm URIs GatehouseSAML reads and writes.
enum SAMLNamespace {
    static let protocol_ = "urn:oasis:names:tc:SAML:2.0:protocol"
    static let assertion = "urn:oasis:names:tc:SAML:2.0:assertion"
    static let metadata = "urn:oasis:names:tc:SAML:2.0:metadata"
    static let xmldsig = "http://www.w3.org/2000/09/xmldsig#"
    static let excC14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
    static let excC14NWithComments = "http://www.w3.org/2001/10/xml-exc-c14n#WithComments"
    static let envelopedSignature = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
    static let statusSuccess = "urn:oasis:names:tc:SAML:2.0:status:Success"
    static let bearer = "urn:oasis:names:tc:SAML:2.0:cm:bearer"
    static let bindingRedirect = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
    static let bindingPOST = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
    static let nameIDEmail = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"
    static let nameIDUnspecified = "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"
}
