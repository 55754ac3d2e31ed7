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

    /// The services over this data directory (the composition root every command shares with `serve`).
    func openServices() throws -> GatehouseServices { try GatehouseServices(store: try openStore()) }
}

/// Writes a line to stdout immediately, so scripts reading a pipe see it while the server runs.
func emit(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
