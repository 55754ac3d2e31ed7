/// libFuzzer entry for the Cedar parser, compiled into one module together with
/// the Cedar sources (see `Scripts/fuzz-cedar.sh`), so internal API is visible.
///
/// Oracles, beyond "does not crash or hang":
/// - every policy file that parses must format to text that parses back to the
///   same policies (the formatter's round-trip contract);
/// - formatting must be idempotent;
/// - evaluating the parsed policies against a fixed request must not trap.
/// Any violation calls `fatalError`, which libFuzzer reports as a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func cedarFuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? Expr(parsing: text)
    var parser: Parser
    do { parser = try Parser(text) } catch { return 0 }
    guard let policies = try? parser.parsePolicies() else { return 0 }
    let formatter = PolicyFormatter()
    let formatted = formatter.format(policies)
    let again: [Policy]
    do {
        var reparser = try Parser(formatted)
        again = try reparser.parsePolicies()
    } catch {
        fatalError("formatted policies do not parse: \(error)\n--- input ---\n\(text)\n--- formatted ---\n\(formatted)")
    }
    if again != policies {
        fatalError("round trip changed the policies\n--- input ---\n\(text)\n--- formatted ---\n\(formatted)")
    }
    if formatter.format(again) != formatted {
        fatalError("formatting is not idempotent\n--- input ---\n\(text)")
    }
    var set = PolicySet()
    for p in policies { try? set.add(p) }
    let request = Request(principal: EntityUID(type: "User", id: "alice"), action: EntityUID(type: "Action", id: "view"),
                          resource: EntityUID(type: "Photo", id: "p"), context: ["n": 1, "s": "x", "b": true])
    let entities = (try? Entities([Entity(uid: request.principal, attributes: ["age": 30, "name": "alice"],
                                          parents: [EntityUID(type: "Group", id: "g")])])) ?? Entities()
    _ = Authorizer().isAuthorized(request, policies: set, entities: entities)
    return 0
}
