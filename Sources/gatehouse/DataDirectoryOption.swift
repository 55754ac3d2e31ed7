import ArgumentParser
import Foundation
import GatehouseCore
import GatehouseStoreSQLite

/// `--data-dir`, shared by every command that opens the store.
struct DataDirectoryOption: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Data directory (env GATEHOUSE_DATA_DIR; default ./gatehouse-data).")
    var path: String?

    var url: URL {
        let chosen = path ?? ProcessInfo.processInfo.environment["GATEHOUSE_DATA_DIR"] ?? "gatehouse-data"
        return URL(fileURLWithPath: chosen, isDirectory: true).standardizedFileURL
    }

    func openStore() throws -> SQLiteStore { try SQLiteStore(directory: url) }

    /// The services over this data directory (the composition root every command shares with `serve`), with
    /// the sign-in settings of the environment; links in mail start with `publicURL` unless
    /// `GATEHOUSE_PUBLIC_URL` says otherwise.
    func openServices(publicURL: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> GatehouseServices {
        let env = environment
        let listening = "http://\(env["GATEHOUSE_HOST"] ?? "127.0.0.1"):\(env["GATEHOUSE_PORT"] ?? "8080")"
        let settings: IdentitySettings
        do {
            settings = try IdentitySettings.fromEnvironment(env, publicURL: publicURL ?? listening)
        } catch let error as GatehouseError {
            throw ValidationError(error.description)
        }
        return try GatehouseServices(store: try openStore(), identity: settings)
    }
}

/// Writes a line to stdout immediately, so scripts reading a pipe see it while the server runs.
func emit(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
