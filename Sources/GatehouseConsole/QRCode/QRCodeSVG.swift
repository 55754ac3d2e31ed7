extension QRCode {
    /// Light modules drawn around the symbol on every side, as ISO/IEC 18004 requires for reading.
    public static let quietZone = 4

    /// The symbol as a standalone SVG image: a white square of `size + 8` modules (the quiet zone included, which
    /// is also the `viewBox`), one black `<path>` holding every dark module, `role="img"` and `aria-label` set to
    /// `label` for screen readers. Each module is `moduleSize` pixels (at least 1) in the `width` and `height`.
    ///
    /// The result can be placed inline in HTML; `label` is escaped. Keep secrets out of the label: it is read aloud.
    public func svg(moduleSize: Int = 4, label: String = "QR code") -> String {
        let side = size + 2 * Self.quietZone
        let pixels = side * max(moduleSize, 1)
        var path = ""
        for y in 0..<size {
            var x = 0
            while x < size {
                guard isDark(x: x, y: y) else {
                    x += 1
                    continue
                }
                let start = x
                while x < size && isDark(x: x, y: y) { x += 1 }
                let length = x - start
                path += "M\(start + Self.quietZone) \(y + Self.quietZone)h\(length)v1h-\(length)z"
            }
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(pixels)" height="\(pixels)" viewBox="0 0 \(side) \(side)" \
            role="img" aria-label="\(Self.escapeXML(label))" shape-rendering="crispEdges">\
            <rect width="\(side)" height="\(side)" fill="#fff"/><path fill="#000" d="\(path)"/></svg>
            """
    }

    /// Text made safe for an XML attribute value or element content.
    static func escapeXML(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
