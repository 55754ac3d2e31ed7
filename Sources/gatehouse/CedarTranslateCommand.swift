import ArgumentParser
import Cedar
import Foundation

extension CedarCommand {
    /// Converts a policy file between Cedar text and the JSON policy format (EST).
    struct Translate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Convert policies between Cedar text and Cedar's JSON policy format. Exit 1 on errors.",
            discussion: """
                --to json reads Cedar text and prints {"templates":…,"staticPolicies":…,"templateLinks":[]} as the
                reference engine does (policies named policy0, policy1, … in file order).
                --to cedar reads the JSON format and prints formatted Cedar text, ordered by policy id.
                """)
        enum Target: String, ExpressibleByArgument, CaseIterable { case json, cedar }

        @Option(name: .long, help: "Target format: json or cedar.") var to: Target
        @Option(name: .long, help: "Policy file (Cedar text for --to json, JSON for --to cedar), or - for standard input.")
        var policies: String

        func run() throws {
            let text = try CedarFiles.read(policies)
            switch to {
            case .json:
                let set = try CedarFiles.parsePolicies(text, path: policies)
                print(set.json.serialized)
            case .cedar:
                let set: PolicySet
                do { set = try PolicySet(json: text) } catch {
                    CedarFiles.stderr("\(policies): error: \(error)")
                    throw ExitCode(1)
                }
                guard set.links.isEmpty else {
                    CedarFiles.stderr("\(policies): error: template links have no Cedar text form (\(set.links.count) in the file)")
                    throw ExitCode(1)
                }
                FileHandle.standardOutput.write(Data(PolicyFormatter().format(set).utf8))
            }
        }
    }
}
