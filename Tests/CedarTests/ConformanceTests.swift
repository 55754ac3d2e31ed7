import Foundation
import Testing
@testable import Cedar

@Suite("Conformance with the reference corpus")
struct ConformanceTests {
    @Test("hand-written integration tests")
    func handWritten() throws {
        let root = try Conformance.requireCorpusDir()
        var total = Conformance.Outcome()
        for file in Conformance.listTests(in: root.appendingPathComponent("tests"), recursive: true) {
            total.merge(Conformance.run(testFile: file, base: root))
        }
        for f in total.failures { print("FAIL \(f)") }
        print("hand-written: \(total.passedFiles) passed, \(total.failedFiles) failed (requests: \(total.passedRequests) passed, \(total.failedRequests) failed)")
        #expect(total.failedFiles == 0)
        #expect(total.passedFiles > 0)
    }

    @Test("generated corpus slice (CEDAR_CORPUS_LIMIT, default 1000; `all` for everything)")
    func corpus() throws {
        let root = try Conformance.requireCorpusDir()
        let unpacked = try Conformance.unpackCorpus(root)
        defer {
            if (ProcessInfo.processInfo.environment["CEDAR_CORPUS_UNPACKED"] ?? "").isEmpty {
                try? FileManager.default.removeItem(at: unpacked)
            }
        }
        var files = Conformance.listTests(in: unpacked.appendingPathComponent("corpus-tests"), recursive: false)
        if let limit = Conformance.limit { files = Array(files.prefix(limit)) }
        var total = Conformance.Outcome()
        for file in files { total.merge(Conformance.run(testFile: file, base: unpacked)) }
        if let report = ProcessInfo.processInfo.environment["CEDAR_CORPUS_REPORT"] {
            try? total.failures.joined(separator: "\n").write(toFile: report, atomically: true, encoding: .utf8)
        }
        for f in total.failures.prefix(20) { print("FAIL \(f)") }
        print("corpus requests: \(total.passedRequests) passed, \(total.failedRequests) failed")
        print("\(total.passedFiles) passed, \(total.failedFiles) failed")
        #expect(total.failedFiles == 0)
    }
}
