import Foundation
import Mustache

/// The Console's Mustache templates, read once from the bundled `Templates` directory.
struct ConsoleTemplates: Sendable {
    let library: MustacheLibrary

    /// Reads every `.mustache` file synchronously, so `ConsoleRoutes` can be built with a plain init.
    init() throws {
        guard let directory = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw ConsoleSetupError("the Console's Templates directory is missing from the bundle")
        }
        var library = MustacheLibrary()
        for file in try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
        where file.pathExtension == "mustache" {
            let text = try String(contentsOf: file, encoding: .utf8)
            try library.register(text, named: file.deletingPathExtension().lastPathComponent)
        }
        self.library = library
    }

    func render(_ name: String, _ context: [String: Any]) -> String {
        // A missing template is a packaging mistake; say so plainly rather than send an empty page.
        library.render(context, withTemplate: name) ?? "<!doctype html><p>Page template \(name) is missing.</p>"
    }
}

struct ConsoleSetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
