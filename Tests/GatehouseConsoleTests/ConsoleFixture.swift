import Foundation
import GatehouseConsole
import GatehouseCore
import GatehouseHTTP
import GatehouseStoreSQLite
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// A bootstrapped account over a fresh SQLite store, the Console's routes, and helpers that act as a browser
/// (cookies kept between requests, forms posted with their hidden token).
struct ConsoleFixture: Sendable {
    static let ownerEmail = "owner@example.com"
    static let ownerPassword = "a long owner passphrase"

    let services: GatehouseServices
    let accountID: String
    let routes: ConsoleRoutes

    init(publicURL: String = "http://gatehouse.test", accountFailureLimit: Int = 10) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-console-\(UUID().uuidString)")
        var identity = IdentitySettings(publicURL: publicURL)
        identity.bcryptCost = 4
        identity.accountFailureLimit = accountFailureLimit
        services = try GatehouseServices(store: try SQLiteStore(directory: directory), identity: identity)
        let accounts = services.accounts.acting(as: .local)
        let credentials = try #require(try await accounts.bootstrapIfEmpty(
            credentials: AccountCredentials(key: "111111111111111", secret: "secret", accountID: "acc1"),
            adminEmail: Self.ownerEmail, adminName: "Owner", accountName: "Test"))
        accountID = credentials.accountID
        _ = try await accounts.setUpOwnerPassword(accountID: accountID, password: Self.ownerPassword)
        _ = try await accounts.setSeats(accountID: accountID, planUserLimit: 100, additionalUserSubscriptions: 0)
        routes = try ConsoleRoutes(services: services)
    }

    func test(_ body: @escaping @Sendable (Browser) async throws -> Void) async throws {
        let router = Router(context: GatehouseRequestContext.self)
        routes.register(on: router)
        try await Application(router: router).test(.router) { client in try await body(Browser(client: client)) }
    }

    /// Creates a pending user (an invitation is queued) and returns the path of its invitation link.
    func invite(_ email: String, name: String = "") async throws -> String {
        _ = try await services.provisioning.acting(as: .local).createUser(NewUser(name: name.isEmpty ? email : name, email: email), accountID: accountID)
        return try await lastLink(to: email)
    }

    /// The path of the newest link mailed to `email` (read from the mail queue).
    func lastLink(to email: String) async throws -> String {
        let due = try await services.store.base.write { db in try db.dueMail(at: Date().addingTimeInterval(3_600), limit: 1_000) }
        let text = try #require(due.last { $0.mail.to == email }?.mail.text)
        let url = try #require(text.split(whereSeparator: \.isWhitespace).first { $0.hasPrefix("http") })
        return String(url.dropFirst("http://gatehouse.test".count))
    }
}

/// A browser over the test client: keeps cookies, reads the hidden form token from the last page.
final class Browser: @unchecked Sendable {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]
    var lastBody = ""

    init(client: any TestClientProtocol) { self.client = client }

    struct Page {
        var status: HTTPResponse.Status
        var body: String
        var headers: HTTPFields
        var location: String? { headers[.location] }
        var setCookies: [String] { headers[values: .setCookie] }
    }

    @discardableResult
    func get(_ uri: String) async throws -> Page { try await send(uri, method: .get, body: nil) }

    /// Posts the fields; `csrf` defaults to the token of the last page seen (pass "" to leave it out).
    @discardableResult
    func post(_ uri: String, _ fields: [(String, String)], csrf: String? = nil) async throws -> Page {
        var all = fields
        let token = csrf ?? Self.hidden("csrf", in: lastBody) ?? ""
        if !token.isEmpty { all.append(("csrf", token)) }
        let body = all.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try await send(uri, method: .post, body: body)
    }

    func sendRaw(_ uri: String, body: String) async throws -> Page { try await send(uri, method: .post, body: body) }

    private func send(_ uri: String, method: HTTPRequest.Method, body: String?) async throws -> Page {
        var headers: HTTPFields = [.userAgent: "ConsoleTests"]
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        if body != nil { headers[.contentType] = "application/x-www-form-urlencoded" }
        let response = try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        let page = Page(status: response.status, body: String(buffer: response.body), headers: response.headers)
        for line in page.setCookies {
            let pair = line.split(separator: ";")[0].split(separator: "=", maxSplits: 1).map(String.init)
            if pair.count == 2, !pair[1].isEmpty, !line.contains("Max-Age=0") { cookies[pair[0]] = pair[1] } else { cookies[pair[0]] = nil }
        }
        if method == .get || response.status != .seeOther { lastBody = page.body }
        return page
    }

    static func hidden(_ name: String, in html: String) -> String? {
        guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// Signs in with email and password from the sign-in page.
    @discardableResult
    func signIn(_ email: String, _ password: String) async throws -> Page {
        try await get("/console/login")
        return try await post("/console/login", [("email", email), ("password", password)])
    }
}
