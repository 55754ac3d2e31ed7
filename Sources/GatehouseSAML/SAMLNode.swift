import CLibXML2

/// An element of a `SAMLXMLDocument`: valid only while its document lives (the caller keeps the document).
/// Reads names, attributes and text without libxml2's allocating helpers, so nothing needs `xmlFree`.
struct SAMLNode {
    let pointer: xmlNodePtr

    init(_ pointer: xmlNodePtr) {
        self.pointer = pointer
    }

    var localName: String {
        pointer.pointee.name.map { String(cString: $0) } ?? ""
    }

    var namespaceURI: String? {
        pointer.pointee.ns?.pointee.href.map { String(cString: $0) }
    }

    func `is`(_ name: String, in namespace: String) -> Bool {
        localName == name && namespaceURI == namespace
    }

    /// The value of the attribute `name` that has no namespace.
    func attribute(_ name: String) -> String? {
        var attribute = pointer.pointee.properties
        while let current = attribute {
            if current.pointee.ns == nil, let attributeName = current.pointee.name, String(cString: attributeName) == name {
                return Self.text(of: current.pointee.children)
            }
            attribute = current.pointee.next
        }
        return nil
    }

    /// Child elements in document order.
    var children: [SAMLNode] {
        var result: [SAMLNode] = []
        var child = pointer.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { result.append(SAMLNode(current)) }
            child = current.pointee.next
        }
        return result
    }

    func children(_ name: String, in namespace: String) -> [SAMLNode] {
        children.filter { $0.is(name, in: namespace) }
    }

    func child(_ name: String, in namespace: String) -> SAMLNode? {
        children.first { $0.is(name, in: namespace) }
    }

    /// This element and every element below it, in document order.
    var descendantsAndSelf: [SAMLNode] {
        var result: [SAMLNode] = [self]
        for child in children { result.append(contentsOf: child.descendantsAndSelf) }
        return result
    }

    var parent: SAMLNode? {
        guard let parent = pointer.pointee.parent, parent.pointee.type == XML_ELEMENT_NODE else { return nil }
        return SAMLNode(parent)
    }

    /// All text below this element concatenated, so a comment or a child element never splits a value
    /// (`victim@x.com<!---->.evil.com` is `victim@x.com.evil.com`).
    var textContent: String {
        Self.text(of: pointer.pointee.children)
    }

    private static func text(of first: xmlNodePtr?) -> String {
        var bytes: [UInt8] = []
        appendText(of: first, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func appendText(of first: xmlNodePtr?, to bytes: inout [UInt8]) {
        var node = first
        while let current = node {
            switch current.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content {
                    var index = 0
                    while content[index] != 0 {
                        bytes.append(content[index])
                        index += 1
                    }
                }
            case XML_ELEMENT_NODE:
                appendText(of: current.pointee.children, to: &bytes)
            default:
                break
            }
            node = current.pointee.next
        }
    }
}
