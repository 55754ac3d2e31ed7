/// Why a SAML response or IdP metadata was refused. `code` is stable (audit log, tests); `message` is for
/// the person on the error page and the administrator reading the log.
public struct SAMLRejection: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: String
    public var message: String

    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
