import CLibXML2
import Foundation
import GatehouseCore

/// Exclusive XML canonicalization (xml-exc-c14n) of one element's subtree, optionally leaving out one
/// descendant (the enveloped `ds:Signature`), done by libxml2 over the parsed document.
enum SAMLCanonicalizer {
    /// The node set: `target`'s subtree without `excluded`'s subtree. The callback sees namespace nodes
    /// (which are `xmlNs`, not `xmlNode`) and attributes, so it compares pointers and climbs from `parent`
    /// only, never reading the node itself.
    private struct Scope {
        var target: xmlNodePtr
        var excluded: xmlNodePtr?
    }

    static func canonicalize(
        _ target: SAMLNode, in document: SAMLXMLDocument, excluding excluded: SAMLNode?,
        inclusivePrefixes: [String], withComments: Bool
    ) throws(SAMLRejection) -> [UInt8] {
        var scope = Scope(target: target.pointer, excluded: excluded?.pointer)
        guard let output = xmlAllocOutputBuffer(nil) else {
            throw SAMLRejection("malformed", "The XML could not be canonicalized.")
        }
        defer { _ = xmlOutputBufferClose(output) }
        var prefixes: [UnsafeMutablePointer<xmlChar>?] = inclusivePrefixes.map { prefix in
            let bytes = Array(prefix.utf8) + [0]
            let copy = UnsafeMutablePointer<xmlChar>.allocate(capacity: bytes.count)
            copy.initialize(from: bytes, count: bytes.count)
            return copy
        }
        prefixes.append(nil)
        defer { for prefix in prefixes { prefix?.deallocate() } }

        let result = withUnsafeMutablePointer(to: &scope) { scopePointer in
            prefixes.withUnsafeMutableBufferPointer { prefixBuffer in
                xmlC14NExecute(
                    document.pointer,
                    { userData, node, parent in
                        guard let userData, let node else { return 0 }
                        let scope = userData.assumingMemoryBound(to: Scope.self).pointee
                        if node == scope.excluded { return 0 }
                        if node == scope.target { return 1 }
                        var current = parent
                        while let ancestor = current {
                            if ancestor == scope.excluded { return 0 }
                            if ancestor == scope.target { return 1 }
                            current = ancestor.pointee.parent
                        }
                        return 0
                    },
                    UnsafeMutableRawPointer(scopePointer),
                    Int32(XML_C14N_EXCLUSIVE_1_0.rawValue),
                    inclusivePrefixes.isEmpty ? nil : prefixBuffer.baseAddress,
                    withComments ? 1 : 0,
                    output
                )
            }
        }
        guard result >= 0, xmlOutputBufferFlush(output) >= 0 else {
            throw SAMLRejection("malformed", "The XML could not be canonicalized.")
        }
        let size = xmlOutputBufferGetSize(output)
        guard let content = xmlOutputBufferGetContent(output) else { return [] }
        return Array(UnsafeBufferPointer(start: content, count: size))
    }
}
