/// libFuzzer entry for the Cedar parser, compiled into one module together with
/// the Cedar sources (see `Scripts/fuzz-cedar.sh`), so internal API is visible.
///
/// Oracles, beyond "does not crash or hang":
/// - every policy file that parses must format to text that parses back to the
///   same policies (the formatter's round-trip contract);
/// - formatting must be idempotent;
/// - evaluating the parsed policies against a fixed request must not trap;
/// - the comment-keeping `format(text:)` must give text meaning the same policies;
/// - the policies' JSON (EST) must read back to the same JSON;
/// - partial evaluation (unknown resource, then unknown principal and context)
///   must not trap, and its residuals must answer the fixed request as full evaluation does.
/// The input is also read as a JSON policy set (the EST parser must not trap).
/// Any violation calls `fatalError`, which libFuzzer reports as a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func cedarFuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? Expr(parsing: text)
    _ = try? PolicySet(json: text)
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
    let full = Authorizer().isAuthorized(request, policies: set, entities: entities)
    if let kept = try? formatter.format(text: text) {
        var keptParser: Parser
        do { keptParser = try Parser(kept) } catch {
            fatalError("comment-keeping format does not parse: \(error)\n--- input ---\n\(text)\n--- formatted ---\n\(kept)")
        }
        if (try? keptParser.parsePolicies()) != policies {
            fatalError("comment-keeping format changed the policies\n--- input ---\n\(text)\n--- formatted ---\n\(kept)")
        }
    } else {
        fatalError("format(text:) refused text the parser accepts\n--- input ---\n\(text)")
    }
    let json = set.json
    if (try? PolicySet(json: json.serialized))?.json != json {
        fatalError("EST does not read back to the same JSON\n--- input ---\n\(text)\n--- EST ---\n\(json.serialized)")
    }
    let partials = [
        PartialRequest(principal: request.principal, action: request.action, resource: nil, context: request.context),
        PartialRequest(principal: nil, action: request.action, resource: request.resource, context: nil),
    ]
    for partial in partials {
        let answer = Authorizer().partial(partial, policies: set, entities: entities)
        let again = answer.reauthorize(request, entities: entities)
        if again.decision != full.decision || again.reason != full.reason || again.errorPolicyIds != full.errorPolicyIds {
            fatalError("residuals answer \(again), full evaluation \(full)\n--- input ---\n\(text)")
        }
    }
    return 0
}
