import Foundation

/// Header values that may hold any text: plain ASCII stays readable, anything else becomes RFC 2047
/// encoded words (`=?UTF-8?B?…?=`). Line breaks in the input become spaces first, so no value can start a
/// header of its own.
enum HeaderText {
    /// UTF-8 bytes per encoded word: 40 bytes are 56 base64 characters, a 68-character word, so even
    /// `Subject: ` plus one word stays within the recommended 78 columns.
    static let bytesPerWord = 40

    /// An unstructured value (Subject) for the header `name`: as is when it is short printable ASCII,
    /// else encoded words, one per folded line.
    static func unstructured(_ text: String, header name: String) -> String {
        let flat = flatten(text)
        if isPlainASCII(flat), name.count + 2 + flat.utf8.count <= 78 { return flat }
        return encodedWords(flat).joined(separator: "\r\n ")
    }

    /// A display name: an atom sequence as is, a quoted string when it holds specials, encoded words when
    /// it is not ASCII.
    static func phrase(_ text: String) -> String {
        let flat = flatten(text)
        guard isPlainASCII(flat) else { return encodedWords(flat).joined(separator: " ") }
        let atomText = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~ ")
        if flat.unicodeScalars.allSatisfy(atomText.contains), !flat.hasPrefix(" "), !flat.hasSuffix(" ") { return flat }
        return "\"" + flat.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// RFC 2047 B-encoded words of at most `bytesPerWord` UTF-8 bytes each, never splitting a character.
    static func encodedWords(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if !chunk.isEmpty, chunk.count + bytes.count > bytesPerWord {
                words.append(word(chunk))
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append(word(chunk)) }
        return words
    }

    private static func word(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?\(Data(bytes).base64EncodedString())?="
    }

    /// Line breaks and other controls become spaces: a header value is one logical line.
    static func flatten(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }))
    }

    static func isPlainASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }
}
