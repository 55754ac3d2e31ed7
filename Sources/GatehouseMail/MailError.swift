/// Why a message could not be built. Permanent: retrying the same message gives the same answer.
public enum MailError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not a plain `local@domain` address (spaces, line breaks, angle brackets or non-ASCII are refused).
    case invalidAddress(String)

    public var description: String {
        switch self {
        case .invalidAddress(let text):
            // Bounded and without control characters: the value may be hostile.
            let shown = String(text.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.prefix(80).map(Character.init))
            return "Not a usable email address: \"\(shown)\""
        }
    }
}
