import ArgumentParser
import Cedar
import Foundation

/// `gatehouse cedar …`: command-line access to the Cedar library, so policy
/// authors can check and format policy files and so the differential test can
/// drive our engine as a subprocess, exactly as it drives the reference one.
struct CedarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cedar",
        abstract: "Validate, format, translate and evaluate Cedar policies.",
        subcommands: [Validate.self, Format.self, Translate.self, Authorize.self])

    /// Parses policies; with `--schema`, also validates them (strict mode).
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check that a policy file parses and, with --schema, validates. Exit 1 on errors.")
        @Option(name: .long, help: "Policy file (.cedar).") var policies: String
        @Option(name: .long, help: "Schema file (.cedarschema, or JSON schema format) to validate against.") var schema: String?

        func run() throws {
            let text = try CedarFiles.read(policies)
            guard let schemaPath = schema else {
                let set = try CedarFiles.parsePolicies(text, path: policies)
                print("\(policies): \(set.policies.count + set.templates.count) policies parse")
                return
            }
            let parsedSchema = try CedarFiles.parseSchema(schemaPath)
            let result: ValidationResult
            do { result = try Validator(schema: parsedSchema).validate(text: text) } catch {
                CedarFiles.report(error, path: policies)
                throw ExitCode(1)
            }
            for w in result.warnings { CedarFiles.stderr("\(policies):\(w.location.map { "\($0.line):\($0.column): " } ?? "")warning: \(w.policyID): \(w.message)") }
            for e in result.errors {
                let loc = e.location.map { "\($0.line):\($0.column): " } ?? ""
                CedarFiles.stderr("\(policies):\(loc)error: \(e.policyID): \(e.message)")
            }
            guard result.isValid else { throw ExitCode(1) }
            print("\(policies): \(result.policyIDs.count) policies validate")
        }
    }

    /// Prints the canonical form of a policy file, keeping its comments.
    struct Format: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the canonical form of a policy file. Comments are kept.")
        @Argument(help: "Policy file, or - for standard input.") var file: String
        @Flag(name: .long, help: "Print nothing; exit 1 if the file is not already formatted.") var check = false
        @Flag(name: .long, help: "Rewrite the file in place.") var write = false
        @Option(name: .long, help: "Preferred line width.") var lineWidth = 80

        func run() throws {
            let text = try CedarFiles.read(file)
            let formatted: String
            do { formatted = try PolicyFormatter(lineWidth: lineWidth).format(text: text) } catch {
                CedarFiles.report(error, path: file)
                throw ExitCode(1)
            }
            if check {
                if formatted != text {
                    CedarFiles.stderr("\(file): not formatted")
                    throw ExitCode(1)
                }
            } else if write, file != "-" {
                if formatted != text { try formatted.write(toFile: file, atomically: true, encoding: .utf8) }
            } else {
                FileHandle.standardOutput.write(Data(formatted.utf8))
            }
        }
    }

    /// Answers JSON-lines requests from standard input, one JSON line out per line in.
    struct Authorize: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Authorize JSON-lines requests read from standard input.",
            discussion: """
                Each input line: {"principal":{"type":"User","id":"alice"},"action":{...},"resource":{...},"context":{...}}
                Each output line: {"decision":"allow|deny","reason":[policy ids],"errors":[policy ids],"errorMessages":[...]}
                Policies are named policy0, policy1, … in file order, as in the reference implementation.
                With --partial, principal, resource and context may be missing or null (unknown); each output line is
                {"decision":"allow|deny"|null,"reason":[…],"errors":[…],"errorMessages":[…],"residuals":{id: policy JSON}}.
                """)
        @Option(name: .long, help: "Policy file (.cedar).") var policies: String
        @Option(name: .long, help: "Entities file (JSON array).") var entities: String
        @Option(name: .long, help: "Schema file (.cedarschema or JSON): typed decoding and request validation.") var schema: String?
        @Flag(name: .long, help: "Partial evaluation: unknown principal, resource or context give residual policies.") var partial = false

        func run() throws {
            let set = try CedarFiles.parsePolicies(try CedarFiles.read(policies), path: policies)
            let parsedSchema = try schema.map(CedarFiles.parseSchema)
            let store: Entities
            do { store = try Entities(json: try CedarFiles.read(entities), schema: parsedSchema) } catch {
                CedarFiles.stderr("\(entities): \(error)")
                throw ExitCode(1)
            }
            let authorizer = Authorizer()
            var out = ""
            while let line = readLine(strippingNewline: true) {
                if line.allSatisfy(\.isWhitespace) { continue }
                out += partial
                    ? authorizer.authorizePartial(jsonLine: line, policies: set, entities: store, schema: parsedSchema).serialized
                    : authorizer.authorize(jsonLine: line, policies: set, entities: store, schema: parsedSchema).jsonLine
                out += "\n"
                if out.utf8.count > 1 << 16 {
                    FileHandle.standardOutput.write(Data(out.utf8))
                    out = ""
                }
            }
            FileHandle.standardOutput.write(Data(out.utf8))
        }
    }
}

/// File reading and error reporting shared by the `cedar` subcommands.
enum CedarFiles {
    static func stderr(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Reads a UTF-8 file, or standard input for `-`.
    static func read(_ path: String) throws -> String {
        if path == "-" { return String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) }
        guard let data = FileManager.default.contents(atPath: path) else {
            stderr("\(path): cannot read file")
            throw ExitCode(1)
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// `FILE:line:column: message` plus the offending source line.
    static func report(_ error: ParseError, path: String) {
        stderr("\(path):\(error.line):\(error.column): error: \(error.message)")
        if !error.excerpt.isEmpty { stderr("  | \(error.excerpt)") }
    }

    static func parsePolicies(_ text: String, path: String) throws -> PolicySet {
        do { return try PolicySet(parsing: text) } catch {
            report(error, path: path)
            throw ExitCode(1)
        }
    }

    /// Human-readable `.cedarschema` text, or the JSON schema format when the
    /// file starts with `{` (as `.cedarschema.json` files do).
    static func parseSchema(_ path: String) throws -> Schema {
        let text = try read(path)
        do {
            if text.drop(while: \.isWhitespace).first == "{" { return try Schema(json: text) }
            return try Schema(parsing: text)
        } catch let error as ExitCode {
            throw error
        } catch {
            stderr("\(path): \(error)")
            throw ExitCode(1)
        }
    }
}
