import Foundation
import GatehouseCore

/// Verifies the enveloped XML signature of one element (a Response or an Assertion) with the configured
/// keys. Only the narrow shape SAML uses is accepted: the `ds:Signature` a direct child of the element it
/// signs, one `Reference` whose URI is `#` + that element's `ID` (unique in the document), the enveloped
/// and exclusive-c14n transforms, SHA-2 digests and signatures.
struct SAMLSignatureVerifier {
    var keys: [SAMLSigningKey]

    /// The signature elements directly inside `element`: none means unsigned.
    static func signatures(of element: SAMLNode) -> [SAMLNode] {
        element.children("Signature", in: SAMLNamespace.xmldsig)
    }

    func verify(_ element: SAMLNode, signature: SAMLNode, in document: SAMLXMLDocument) throws(SAMLRejection) {
        let ds = SAMLNamespace.xmldsig
        guard let id = element.attribute("ID"), !id.isEmpty else {
            throw Self.invalid("The signed \(element.localName) has no ID.")
        }
        // Looked up by walking the whole document ourselves: an ID that appears twice makes "the element
        // with that ID" ambiguous, the root of signature-wrapping attacks.
        guard let root = document.root else { throw Self.invalid("The document is empty.") }
        let holders = root.descendantsAndSelf.filter { node in
            node.attribute("ID") == id || node.attribute("Id") == id || node.attribute("id") == id
        }
        guard holders.count == 1, holders.first?.pointer == element.pointer else {
            throw Self.invalid("The ID \(id.clipped) appears more than once in the document.")
        }

        let signatureChildren = signature.children
        guard let signedInfo = signatureChildren.first, signedInfo.is("SignedInfo", in: ds),
            signature.children("SignedInfo", in: ds).count == 1
        else { throw Self.invalid("The signature has no single SignedInfo.") }
        guard let signatureValueNode = signature.children("SignatureValue", in: ds).first,
            signature.children("SignatureValue", in: ds).count == 1,
            let signatureValue = Self.base64(signatureValueNode.textContent)
        else { throw Self.invalid("The signature has no readable SignatureValue.") }

        let signedInfoChildren = signedInfo.children
        guard let canonicalization = signedInfo.children("CanonicalizationMethod", in: ds).first,
            signedInfo.children("CanonicalizationMethod", in: ds).count == 1,
            let method = signedInfo.children("SignatureMethod", in: ds).first,
            signedInfo.children("SignatureMethod", in: ds).count == 1
        else { throw Self.invalid("SignedInfo lacks its CanonicalizationMethod or SignatureMethod.") }
        let references = signedInfo.children("Reference", in: ds)
        guard references.count == 1, let reference = references.first,
            signedInfoChildren.count == 3
        else { throw Self.invalid("The signature must hold exactly one Reference.") }

        let algorithm = try SAMLSignatureAlgorithm(uri: method.attribute("Algorithm") ?? "")
        let signedInfoComments: Bool
        switch canonicalization.attribute("Algorithm") ?? "" {
        case SAMLNamespace.excC14N: signedInfoComments = false
        case SAMLNamespace.excC14NWithComments: signedInfoComments = true
        case let other: throw Self.invalid("Unsupported canonicalization \(other.clipped); exclusive c14n is required.")
        }

        guard reference.attribute("URI") == "#" + id else {
            throw Self.invalid("The signature's Reference does not point at the element that holds it.")
        }
        guard let digestMethod = reference.children("DigestMethod", in: ds).first,
            reference.children("DigestMethod", in: ds).count == 1,
            let digestValueNode = reference.children("DigestValue", in: ds).first,
            reference.children("DigestValue", in: ds).count == 1,
            let expectedDigest = Self.base64(digestValueNode.textContent)
        else { throw Self.invalid("The Reference lacks its DigestMethod or DigestValue.") }
        let digest = try SAMLDigestAlgorithm(uri: digestMethod.attribute("Algorithm") ?? "")

        var enveloped = false
        var exclusive = false
        var prefixes: [String] = []
        for transform in reference.child("Transforms", in: ds)?.children ?? [] {
            guard transform.is("Transform", in: ds) else { throw Self.invalid("Unexpected element in Transforms.") }
            switch transform.attribute("Algorithm") ?? "" {
            case SAMLNamespace.envelopedSignature where !enveloped:
                enveloped = true
            case SAMLNamespace.excC14N where !exclusive, SAMLNamespace.excC14NWithComments where !exclusive:
                exclusive = true
                prefixes = Self.inclusivePrefixes(of: transform)
            case let other:
                throw Self.invalid("Unsupported or repeated transform \(other.clipped).")
            }
        }
        guard enveloped, exclusive else {
            throw Self.invalid("The Reference must use the enveloped-signature and exclusive c14n transforms.")
        }

        // A same-document reference drops comments before any transform (XML-DSig 4.3.3.3), so the
        // WithComments variant digests the same bytes.
        let referenced = try SAMLCanonicalizer.canonicalize(
            element, in: document, excluding: signature, inclusivePrefixes: prefixes, withComments: false)
        guard Self.constantTimeEqual(digest.hash(referenced), expectedDigest) else {
            throw Self.invalid("The digest of the signed \(element.localName) does not match: its content was changed.")
        }

        let signedBytes = try SAMLCanonicalizer.canonicalize(
            signedInfo, in: document, excluding: nil, inclusivePrefixes: Self.inclusivePrefixes(of: canonicalization),
            withComments: signedInfoComments)
        guard keys.contains(where: { $0.isValid(signature: signatureValue, for: signedBytes, algorithm: algorithm) }) else {
            throw Self.invalid("The signature does not verify with the identity provider's certificate(s).")
        }
    }

    private static func inclusivePrefixes(of transform: SAMLNode) -> [String] {
        guard let list = transform.child("InclusiveNamespaces", in: SAMLNamespace.excC14N)?.attribute("PrefixList") else {
            return []
        }
        return list.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).map(String.init)
    }

    static func base64(_ text: String) -> [UInt8]? {
        let compact = text.filter { !$0.isWhitespace }
        guard !compact.isEmpty, let data = Data(base64Encoded: compact) else { return nil }
        return Array(data)
    }

    private static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }

    private static func invalid(_ message: String) -> SAMLRejection {
        SAMLRejection("signature_invalid", message)
    }
}
