import Foundation
import GatehouseHTTP
import Hummingbird

/// The Console's own stylesheet and scripts, read once from the bundled `Assets` directory and served from
/// `/console/assets/{file}` (same origin, so the Content-Security-Policy needs no exception).
struct ConsoleAssets: Sendable {
    private let files: [String: (type: String, body: ByteBuffer)]

    init() throws {
        guard let directory = Bundle.module.url(forResource: "Assets", withExtension: nil) else {
            throw ConsoleSetupError("the Console's Assets directory is missing from the bundle")
        }
        var files: [String: (String, ByteBuffer)] = [:]
        for file in try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil) {
            let type: String
            switch file.pathExtension {
            case "css": type = "text/css; charset=utf-8"
            case "js": type = "text/javascript; charset=utf-8"
            default: continue
            }
            files[file.lastPathComponent] = (type, ByteBuffer(bytes: try Data(contentsOf: file)))
        }
        self.files = files
    }

    func serve(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        guard let name = context.parameters.get("file"), let file = files[name] else { throw HTTPError(.notFound) }
        return Response(
            status: .ok, headers: [.contentType: file.type, .cacheControl: "public, max-age=300"], body: .init(byteBuffer: file.body))
    }
}
