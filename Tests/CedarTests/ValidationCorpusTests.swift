import Foundation
import Testing
@testable import Cedar

/// Checks the strict validator against `shouldValidate` of the reference
/// integration tests: the hand-written ones and a fixed slice of the generated
/// corpus (same environment variables as the conformance tests:
/// `CEDAR_CORPUS_DIR`, `CEDAR_CORPUS_LIMIT`, `CEDAR_CORPUS_UNPACKED`).
/// `CEDAR_VALIDATION_REPORT` names a file to receive the mismatches.
@Suite("Validation against the reference corpus")
struct ValidationCorpusTests {
    struct Tally {
        var matched = 0
        var mismatched: [String] = []
        /// `CEDAR_VALIDATION_DUMP`: every error message, one `file<TAB>message` line, for differential checks.
        var dump: FileHandle? = {
            guard let path = ProcessInfo.processInfo.environment["CEDAR_VALIDATION_DUMP"] else { return nil }
            FileManager.default.createFile(atPath: path, contents: nil)
            return FileHandle(forWritingAtPath: path)
        }()
    }

    /// Validates one test file's policies against its schema and compares with `shouldValidate`.
    static func check(testFile: URL, base: URL, into tally: inout Tally) {
        let name = testFile.lastPathComponent
        guard let data = try? Data(contentsOf: testFile), let doc = try? JSONValue.parse(bytes: Array(data)),
              case let .string(policiesPath)? = doc["policies"], case let .string(schemaPath)? = doc["schema"],
              case let .bool(should)? = doc["shouldValidate"] else {
            tally.mismatched.append("\(name): unreadable test")
            return
        }
        func read(_ rel: String) -> String? {
            (try? Data(contentsOf: base.appendingPathComponent(rel))).flatMap { String(data: $0, encoding: .utf8) }
        }
        guard let policyText = read(policiesPath), let schemaText = read(schemaPath) else {
            tally.mismatched.append("\(name): missing files")
            return
        }
        do {
            let schema = try Schema(parsing: schemaText)
            let result = try Validator(schema: schema).validate(text: policyText)
            if let dump = tally.dump {
                for e in result.errors { dump.write(Data("\(name)\t\(e.message.replacingOccurrences(of: "\n", with: "\\n"))\n".utf8)) }
                if result.errors.isEmpty { dump.write(Data("\(name)\tOK\n".utf8)) }
            }
            if result.isValid == should {
                tally.matched += 1
            } else {
                let detail = result.errors.prefix(3).map(\.description).joined(separator: " | ")
                tally.mismatched.append("\(name): valid=\(result.isValid), expected \(should). \(detail)")
            }
        } catch {
            tally.mismatched.append("\(name): \(error)")
        }
    }

    @Test("hand-written tests: shouldValidate")
    func handWritten() throws {
        let root = try Conformance.requireCorpusDir()
        var tally = Tally()
        tally.dump = nil
        for file in Conformance.listTests(in: root.appendingPathComponent("tests"), recursive: true) {
            Self.check(testFile: file, base: root, into: &tally)
        }
        for m in tally.mismatched { print("MISMATCH \(m)") }
        print("validation (hand-written): \(tally.matched) matched, \(tally.mismatched.count) mismatched")
        #expect(tally.mismatched.isEmpty)
        #expect(tally.matched > 0)
    }

    @Test("generated corpus slice: shouldValidate (CEDAR_CORPUS_LIMIT, default 1000; `all` for everything)")
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
        var tally = Tally()
        for file in files { Self.check(testFile: file, base: unpacked, into: &tally) }
        if let report = ProcessInfo.processInfo.environment["CEDAR_VALIDATION_REPORT"] {
            try? tally.mismatched.joined(separator: "\n").write(toFile: report, atomically: true, encoding: .utf8)
        }
        for m in tally.mismatched.prefix(20) { print("MISMATCH \(m)") }
        print("validation (corpus): \(tally.matched) matched, \(tally.mismatched.count) mismatched")
        #expect(tally.mismatched.isEmpty)
        #expect(tally.matched == files.count)
    }
    /// Differential harness: `CEDAR_VALIDATION_CASES` names a JSON-lines file of
    /// `{"name", "schema", "policies"}` objects; each case's error messages go to
    /// `CEDAR_VALIDATION_DUMP` (`name<TAB>message` lines, `OK` when valid,
    /// `PARSE` when the policies do not parse). Used to compare with the reference.
    @Test("differential cases from CEDAR_VALIDATION_CASES (skipped when unset)")
    func differentialCases() throws {
        let env = ProcessInfo.processInfo.environment
        guard let casesPath = env["CEDAR_VALIDATION_CASES"], let dumpPath = env["CEDAR_VALIDATION_DUMP"] else { return }
        let text = try String(contentsOfFile: casesPath, encoding: .utf8)
        var out = ""
        var schemas: [String: Validator] = [:]
        for line in text.split(separator: "\n") where !line.isEmpty {
            let doc = try JSONValue.parse(String(line))
            guard case let .string(name)? = doc["name"], case let .string(schemaText)? = doc["schema"],
                  case let .string(policies)? = doc["policies"] else { continue }
            let validator: Validator
            if let v = schemas[schemaText] { validator = v } else {
                validator = Validator(schema: try Schema(parsing: schemaText))
                schemas[schemaText] = validator
            }
            guard let result = try? validator.validate(text: policies) else {
                out += "\(name)\tPARSE\n"
                continue
            }
            if result.errors.isEmpty { out += "\(name)\tOK\n" }
            for e in result.errors { out += "\(name)\t\(e.message.replacingOccurrences(of: "\n", with: "\\n"))\n" }
        }
        try out.write(toFile: dumpPath, atomically: true, encoding: .utf8)
    }
}
