import Foundation
import GatehouseCore
import Testing

/// The statement checker's limits and the CPU pool it runs on: costly statements are refused before they
/// are validated, a validation stops at its time budget, and a full pool refuses at once.
@Suite struct StatementLimitsTests {
    static let schema = try! CloudinarySchema.bundled()
    static let valid = #"permit(principal, action == Cloudinary::Action::"read", resource is Cloudinary::Folder);"#

    static func refusal(_ checker: StatementChecker, _ statement: String) async -> StatementRefusal? {
        do {
            _ = try await checker.problems(in: statement)
            return nil
        } catch {
            return error
        }
    }

    @Test func validStatementPassesOnThePool() async throws {
        let checker = StatementChecker(schema: Self.schema)
        #expect(try await checker.problems(in: Self.valid).isEmpty)
        let problems = try await checker.problems(in: "permit(principal, action, resource is Cloudinary::Nope);")
        #expect(problems.contains { $0.code != "parse_error" })
    }

    @Test func tooManyPoliciesIsTooLarge() async {
        var limits = StatementLimits()
        limits.maxPolicies = 3
        let checker = StatementChecker(schema: Self.schema, limits: limits)
        let statement = Array(repeating: Self.valid, count: 4).joined(separator: "\n")
        guard case .tooLarge(let message)? = await Self.refusal(checker, statement) else {
            Issue.record("four policies past a limit of three were not refused")
            return
        }
        #expect(message.contains("4 policies") && message.contains("at most 3"))
    }

    @Test func deepOrLargeConditionsAreRefused() async {
        let checker = StatementChecker(schema: Self.schema)
        let limits = checker.limits
        let deep = "permit(principal, action, resource) when { " + Array(repeating: "true", count: limits.maxDepth + 1).joined(separator: " && ") + " };"
        guard case .tooDeep? = await Self.refusal(checker, deep) else {
            Issue.record("a chain deeper than \(limits.maxDepth) was not refused")
            return
        }
        // Wide rather than deep: many short conditions adding up past the node limit.
        let wide = "permit(principal, action, resource)" + String(repeating: " when { [1, 2, 3, 4, 5, 6, 7, 8, 9].contains(1) }", count: 400) + ";"
        guard case .tooLarge? = await Self.refusal(checker, wide) else {
            Issue.record("conditions past \(limits.maxNodes) nodes were not refused")
            return
        }
        let long = Self.valid + String(repeating: " ", count: limits.maxBytes)
        guard case .tooLarge? = await Self.refusal(checker, long) else {
            Issue.record("a statement past \(limits.maxBytes) bytes was not refused")
            return
        }
    }

    @Test func validationStopsAtItsTimeBudget() async {
        var limits = StatementLimits()
        limits.timeBudget = .zero
        let checker = StatementChecker(schema: Self.schema, limits: limits)
        guard case .overBudget? = await Self.refusal(checker, Self.valid) else {
            Issue.record("a zero budget did not stop validation")
            return
        }
    }

    @Test func fullPoolRefusesAtOnce() async throws {
        let pool = CPUWorkPool(threads: 1, maxPending: 1)
        let gate = DispatchSemaphore(value: 0)
        async let first: Int = pool.run {
            gate.wait()
            return 1
        }
        // Wait until the first job holds the only slot.
        var refused = false
        for _ in 0..<200 where !refused {
            do {
                _ = try await pool.run { 2 }
                try await Task.sleep(for: .milliseconds(10))
            } catch is CPUWorkPool.Busy {
                refused = true
            }
        }
        #expect(refused)
        gate.signal()
        #expect(try await first == 1)
        #expect(try await pool.run { 3 } == 3)
    }

    @Test func nonFiniteJSONNumbersAreRefused() throws {
        #expect(throws: JSONValue.NonFiniteNumber.self) { try JSONValue(parsing: Array(#"{"n": 1e999}"#.utf8)) }
        #expect(throws: JSONValue.NonFiniteNumber.self) { try JSONValue(parsing: Array(#"[[-1e400]]"#.utf8)) }
        #expect(try JSONValue(parsing: Array(#"{"n": 1e300, "m": 1e-999}"#.utf8)) == .object(["n": .number(1e300), "m": .number(0)]))
    }
}
