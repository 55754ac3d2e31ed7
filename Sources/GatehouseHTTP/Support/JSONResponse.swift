import Foundation
import Hummingbird

/// Builds JSON responses with an explicit `application/json` content type and length, which both SDKs
/// need on every reply (errors included) to parse it.
enum JSONResponse {
    static func make<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let data = try encoder.encode(value)
        return Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// `{"data": …}` written by `JSONWriter`, for routes where `make`'s encoder is too slow.
    static func data(_ write: (inout JSONWriter) -> Void) -> Response {
        written(dataBytes(write))
    }

    static func dataBytes(_ write: (inout JSONWriter) -> Void) -> ByteBuffer {
        var w = JSONWriter()
        w.object { w in w.member("data", write) }
        return w.bytes
    }

    /// A JSON body written before.
    static func written(_ body: ByteBuffer) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: body))
    }

    /// A body written whole by `JSONWriter`, for answers too large for `make`'s encoder (folder listings).
    static func written(_ write: (inout JSONWriter) -> Void) -> Response {
        var w = JSONWriter()
        write(&w)
        return written(w.bytes)
    }

    /// `{"message":"ok","ok":true}`: the legacy SDK's tests read `ok`, the new SDK's model reads `message`.
    static func ok() throws -> Response { try make(SuccessBody(message: "ok", ok: true)) }

    struct SuccessBody: Encodable {
        var message: String
        var ok: Bool
    }
}
