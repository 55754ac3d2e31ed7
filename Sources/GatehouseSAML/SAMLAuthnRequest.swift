import Foundation

/// An AuthnRequest sent with the HTTP-Redirect binding (unsigned: the IdP checks the ACS URL against
/// the SP's registered metadata).
public struct SAMLAuthnRequest: Sendable {
    public var id: String
    public var issuer: String
    public var destination: String
    public var acsURL: String
    public var issueInstant: Date

    public init(id: String, issuer: String, destination: String, acsURL: String, issueInstant: Date) {
        self.id = id
        self.issuer = issuer
        self.destination = destination
        self.acsURL = acsURL
        self.issueInstant = issueInstant
    }

    public var xml: String {
        """
        <samlp:AuthnRequest xmlns:samlp="\(SAMLNamespace.protocol_)" xmlns:saml="\(SAMLNamespace.assertion)" \
        ID="\(id.xmlEscaped)" Version="2.0" IssueInstant="\(SAMLTime.format(issueInstant))" \
        Destination="\(destination.xmlEscaped)" AssertionConsumerServiceURL="\(acsURL.xmlEscaped)" \
        ProtocolBinding="\(SAMLNamespace.bindingPOST)">\
        <saml:Issuer>\(issuer.xmlEscaped)</saml:Issuer>\
        <samlp:NameIDPolicy Format="\(SAMLNamespace.nameIDEmail)" AllowCreate="true"/>\
        </samlp:AuthnRequest>
        """
    }

    /// destination + ?SAMLRequest=<deflate+base64+urlencode>&RelayState=… (HTTP-Redirect binding, unsigned).
    public func redirectURL(relayState: String) -> String {
        let encoded = Data(SAMLDeflate.compress(Array(xml.utf8))).base64EncodedString()
        var url = destination
        url += destination.contains("?") ? "&" : "?"
        url += "SAMLRequest=" + Self.percentEncoded(encoded)
        if !relayState.isEmpty { url += "&RelayState=" + Self.percentEncoded(relayState) }
        return url
    }

    /// RFC 3986 unreserved characters stay; everything else (notably `+`, `/`, `=`) is escaped.
    static func percentEncoded(_ text: String) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
