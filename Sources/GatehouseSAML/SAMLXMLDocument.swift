import CLibXML2
import Foundation
import GatehouseCore

/// Initializes libxml2 once per process: `xmlInitParser` is not safe to race, and Swift runs a global's
/// initializer exactly once, thread safely.
private let libxml2Initialized: Bool = {
    xmlInitParser()
    return true
}()

/// A parsed XML document owned by Swift: freed when the last reference goes. Parsing never touches the
/// network, never loads or applies a DTD and refuses any document that declares one, so external entities
/// and entity expansion bombs cannot happen.
final class SAMLXMLDocument {
    let pointer: xmlDocPtr

    /// Parses `bytes`; throws "dtd_refused" for a DOCTYPE and "malformed" for anything that is not XML.
    init(bytes: [UInt8]) throws(SAMLRejection) {
        _ = libxml2Initialized
        // A DOCTYPE is refused before libxml2 sees it; the SAX hook below catches the ones this scan
        // cannot (another encoding), and the parsed document is checked once more.
        if bytes.containsSequence(Array("<!DOCTYPE".utf8)) {
            throw SAMLRejection("dtd_refused", "The XML declares a DOCTYPE (DTD); SAML messages never need one.")
        }
        guard bytes.count < Int(Int32.max), let context = xmlNewParserCtxt() else {
            throw SAMLRejection("malformed", "The XML could not be parsed.")
        }
        defer { xmlFreeParserCtxt(context) }
        var sawDoctype = false
        let document: xmlDocPtr? = withUnsafeMutablePointer(to: &sawDoctype) { flag in
            context.pointee._private = UnsafeMutableRawPointer(flag)
            // The context's SAX handler is its own copy, so this hook changes nothing for other parses.
            context.pointee.sax.pointee.internalSubset = { userData, _, _, _ in
                guard let userData else { return }
                let parser = userData.assumingMemoryBound(to: xmlParserCtxt.self)
                parser.pointee._private?.assumingMemoryBound(to: Bool.self).pointee = true
                xmlStopParser(parser)
            }
            let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
            let parsed: xmlDocPtr? = bytes.withUnsafeBytes { buffer in
                guard let base = buffer.baseAddress?.assumingMemoryBound(to: CChar.self) else { return nil }
                return xmlCtxtReadMemory(context, base, Int32(buffer.count), nil, nil, options)
            }
            context.pointee._private = nil
            return parsed
        }
        if sawDoctype {
            if let document { xmlFreeDoc(document) }
            throw SAMLRejection("dtd_refused", "The XML declares a DOCTYPE (DTD); SAML messages never need one.")
        }
        guard let document else {
            throw SAMLRejection("malformed", "The XML could not be parsed.")
        }
        if document.pointee.intSubset != nil || document.pointee.extSubset != nil {
            xmlFreeDoc(document)
            throw SAMLRejection("dtd_refused", "The XML declares a DOCTYPE (DTD); SAML messages never need one.")
        }
        self.pointer = document
    }

    deinit {
        xmlFreeDoc(pointer)
    }

    /// The root element, if any.
    var root: SAMLNode? {
        guard let node = xmlDocGetRootElement(pointer) else { return nil }
        return SAMLNode(node)
    }
}

extension Array where Element == UInt8 {
    fileprivate func containsSequence(_ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, count >= needle.count else { return false }
        var index = 0
        while index <= count - needle.count {
            if self[index] == needle[0], Array(self[index..<(index + needle.count)]) == needle { return true }
            index += 1
        }
        return false
    }
}
