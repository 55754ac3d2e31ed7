import Foundation
import GatehouseHTTP
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// Structured logs: one line per request with its method, route pattern, status, duration and request id,
/// in JSON or logfmt; an unexpected error's line names the request id; no value can break a line.
@Suite struct RequestLogTests {
    static func json(_ line: String) throws -> [String: Any] {
        #expect(line.hasSuffix("\n") && line.dropLast().firstIndex(of: "\n") == nil, "one line: \(line)")
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    /// `key=value` pairs, values bare or quoted as JSON strings.
    static func logfmt(_ line: String) throws -> [String: String] {
        #expect(line.hasSuffix("\n") && line.dropLast().firstIndex(of: "\n") == nil, "one line: \(line)")
        var fields: [String: String] = [:]
        var rest = Substring(line.dropLast())
        while !rest.isEmpty {
            let equals = try #require(rest.firstIndex(of: "="))
            let key = String(rest[..<equals])
            rest = rest[rest.index(after: equals)...]
            if rest.first == "\"" {
                var end = rest.index(after: rest.startIndex)
                while rest[end] != "\"" { end = rest.index(end, offsetBy: rest[end] == "\\" ? 2 : 1) }
                let quoted = String(rest[...end])
                fields[key] = try #require(try JSONSerialization.jsonObject(with: Data(quoted.utf8), options: .fragmentsAllowed) as? String)
                rest = rest[rest.index(after: end)...]
            } else {
                let end = rest.firstIndex(of: " ") ?? rest.endIndex
                fields[key] = String(rest[..<end])
                rest = rest[end...]
            }
            rest = rest.drop { $0 == " " }
        }
        return fields
    }

    @Test func oneJSONLinePerRequestNamesMethodRouteStatusDurationAndRequestID() async throws {
        let app = try await OperationsApp(format: .json)
        let answered = try await app.app.test(.router) { client in
            var headers = TestApp.auth
            headers[RequestIDHTTPTests.header] = "log-1"
            let responses = [
                try await client.execute(
                    uri: TestApp.path("user_groups"), method: .post, headers: headers, body: ByteBuffer(string: #"{"name": "Logged"}"#)),
                try await client.execute(uri: TestApp.path("users/u-missing"), method: .get, headers: TestApp.auth),
                try await client.execute(uri: "/console/login", method: .get),
            ]
            return try responses.map { try #require($0.headers[RequestIDHTTPTests.header]) }
        }
        let requests = try app.lines.all.map(Self.json).filter { $0["msg"] as? String == "request" }
        #expect(requests.count == 3)
        #expect(requests.map { $0["request_id"] as? String } == answered)
        #expect(answered[0] == "log-1")
        let first = try #require(requests.first)
        #expect(first["method"] as? String == "POST")
        #expect(first["route"] as? String == MetricsHTTPTests.groups)
        #expect(first["status"] as? String == "200")
        #expect(first["level"] as? String == "info")
        #expect((first["duration_ms"] as? String).flatMap(Double.init).map { $0 >= 0 } == true)
        #expect((first["time"] as? String).flatMap { try? Date($0, strategy: .iso8601) } != nil)
        #expect(requests[1]["status"] as? String == "404")
        #expect(requests[1]["route"] as? String == "/v1_1/provisioning/accounts/{account_id}/users/{user_id}")
        #expect(requests[2]["route"] as? String == "/console/login")
    }

    @Test func logfmtLinesCarryTheSameFields() async throws {
        let app = try await OperationsApp(format: .logfmt)
        try await app.app.test(.router) { client in
            var headers = TestApp.auth
            headers[RequestIDHTTPTests.header] = "log-2"
            let response = try await client.execute(uri: TestApp.path("users"), method: .get, headers: headers)
            #expect(response.status == .ok)
        }
        let lines = try app.lines.all.map(Self.logfmt).filter { $0["msg"] == "request" }
        #expect(lines.count == 1)
        let line = try #require(lines.first)
        #expect(line["request_id"] == "log-2")
        #expect(line["method"] == "GET")
        #expect(line["route"] == MetricsHTTPTests.users)
        #expect(line["status"] == "200")
        #expect(line["level"] == "info")
        #expect(line["duration_ms"].flatMap(Double.init) != nil)
        #expect(try #require(app.lines.all.first { $0.contains("msg=request") }).hasPrefix("time="))
    }

    @Test func anUnexpectedErrorIsLoggedWithTheRequestID() async throws {
        let app = try await OperationsApp(format: .json)
        let id = try await app.app.test(.router) { client in
            try await client.execute(uri: OperationsApp.failurePath, method: .get) { response in
                #expect(response.status == .internalServerError)
                return try #require(response.headers[RequestIDHTTPTests.header])
            }
        }
        let lines = try app.lines.all.map(Self.json)
        let failure = try #require(lines.first { $0["level"] as? String == "error" })
        #expect(failure["request_id"] as? String == id)
        #expect((failure["error"] as? String)?.contains("Failure") == true)
        let request = try #require(lines.first { $0["msg"] as? String == "request" })
        #expect(request["request_id"] as? String == id)
        #expect(request["status"] as? String == "500")
    }

    @Test func noValueBreaksALineOrAPair() throws {
        let tricky = "two\nlines, \"quoted\" \\ back=slash\u{1}\u{2028} é"
        for format in LogFormat.allCases {
            let lines = OperationsApp.Lines()
            var logger = Logger(label: "l a\"bel") { StructuredLogHandler(label: $0, format: format, sink: { lines.append($0) }) }
            logger[metadataKey: "request_id"] = "r-1"
            logger.notice("\(tricky)", metadata: ["field with space": "\(tricky)", "nested": ["a": ["1", "2"]], "level": "not the level"])
            let line = try #require(lines.all.first)
            #expect(lines.all.count == 1)
            switch format {
            case .json:
                let fields = try Self.json(line)
                #expect(fields["msg"] as? String == tricky)
                #expect(fields["field with space"] as? String == tricky)
                #expect(fields["nested"] as? String == "{a=[1,2]}")
                #expect(fields["level"] as? String == "notice")
                #expect(fields["logger"] as? String == "l a\"bel")
                #expect(fields["request_id"] as? String == "r-1")
            case .logfmt:
                let fields = try Self.logfmt(line)
                #expect(fields["msg"] == tricky)
                #expect(fields["field_with_space"] == tricky)
                #expect(fields["level"] == "notice")
                #expect(fields["logger"] == "l a\"bel")
                #expect(fields["request_id"] == "r-1")
            }
        }
    }
}
