import Foundation
import GatehouseCore
import Hummingbird

/// The Console's cookies: all HttpOnly, SameSite=Lax, Secure when the public URL is https.
struct ConsoleCookies: Sendable {
    static let session = "gatehouse_session"
    /// The double-submit token of forms shown before sign-in.
    static let form = "gatehouse_form"
    /// The step between password and authentication code.
    static let step = "gatehouse_step"

    let secure: Bool

    func set(_ name: String, _ value: String, path: String = "/", maxAge: Int? = nil, on headers: inout HTTPFields) {
        var parts = ["\(name)=\(value)", "Path=\(path)", "HttpOnly", "SameSite=Lax"]
        if let maxAge { parts.append("Max-Age=\(maxAge)") }
        if secure { parts.append("Secure") }
        headers[values: .setCookie].append(parts.joined(separator: "; "))
    }

    func clear(_ name: String, path: String = "/", on headers: inout HTTPFields) {
        set(name, "", path: path, maxAge: 0, on: &headers)
    }

    static func value(_ name: String, in request: Request) -> String? {
        guard let value = request.cookies[name]?.value, !value.isEmpty, value.utf8.count <= 200 else { return nil }
        return value
    }
}

/// Compares two tokens in time that does not depend on where they differ.
func constantTimeEqual(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8), y = Array(b.utf8)
    guard x.count == y.count, !x.isEmpty else { return false }
    var difference: UInt8 = 0
    for i in x.indices { difference |= x[i] ^ y[i] }
    return difference == 0
}

/// A fresh random value for the double-submit cookie.
func randomFormToken() -> String {
    IdentifierGenerator().hex(64)
}
