/// Policy-level grammar: annotations, effect, scope and conditions.
extension Parser {
    // MARK: - Policies

    mutating func parsePolicies() throws(ParseError) -> [Policy] {
        var out: [Policy] = []
        while true {
            if case .eof = current.kind { return out }
            out.append(try parsePolicy(id: "policy\(out.count)"))
        }
    }

    mutating func parseSinglePolicy(id: String) throws(ParseError) -> Policy {
        let p = try parsePolicy(id: id)
        guard case .eof = current.kind else { throw error("unexpected \(describe(current)) after policy") }
        return p
    }

    mutating func parsePolicy(id: String) throws(ParseError) -> Policy {
        logicalOps = 0
        var span = PolicySpan(start: index)
        var annotations: [Annotations.Entry] = []
        while isPunct("@") {
            let at = index
            advance()
            let keyTok = current
            let key = try identifier()
            var value: String? = nil
            if isPunct("(") {
                advance()
                value = try stringLiteral()
                try expect(")")
            }
            if annotations.contains(where: { $0.key == key }) {
                throw error("duplicate annotation `@\(key)`", at: keyTok)
            }
            annotations.append(.init(key: key, value: value ?? "", isBare: value == nil))
            span.annotations.append(at...(index - 1))
        }
        span.effect = index
        let effectTok = current
        let effectWord = try identifier()
        guard let effect = Effect(rawValue: effectWord) else {
            throw error("expected `permit` or `forbid`, found `\(effectWord)`", at: effectTok)
        }
        try expect("(")
        var scopeStart = index
        let principal = try parseScopeVar(expected: "principal")
        try expect(",")
        span.scope.append(scopeStart...(index - 1))
        scopeStart = index
        let action = try parseActionScope()
        try expect(",")
        span.scope.append(scopeStart...(index - 1))
        scopeStart = index
        let resource = try parseScopeVar(expected: "resource")
        if isPunct(",") { advance() }
        span.scope.append(scopeStart...(index - 1))
        guard isPunct(")") else { throw error("expected `)` after policy scope, found \(describe(current))") }
        span.close = index
        advance()
        var conditions: [Condition] = []
        while case let .ident(word) = current.kind {
            let tok = current
            let keyword = index
            advance()
            guard let kind = Condition.Kind(rawValue: word) else {
                throw error("expected `when` or `unless`, found `\(word)`", at: tok)
            }
            try expect("{")
            if isPunct("}") { throw error("`\(word)` condition must not be empty") }
            let bodyTok = current
            let bodyStart = index
            let body = try parseExpr()
            if body.containsSlot { throw error("found template slot in a `\(word)` clause", at: bodyTok) }
            span.conditions.append(.init(keyword: keyword, body: bodyStart...(index - 1)))
            try expect("}")
            conditions.append(Condition(kind: kind, body: body))
        }
        span.end = index
        try expect(";")
        spans.append(span)
        return Policy(id: id, effect: effect, annotations: Annotations(annotations),
                      principal: principal, action: action, resource: resource, conditions: conditions)
    }

    mutating func parseScopeVar(expected: String) throws(ParseError) -> ScopeConstraint {
        let tok = current
        let word = try identifier()
        guard word == expected else { throw error("expected `\(expected)`, found `\(word)`", at: tok) }
        var isType: EntityType? = nil
        if isIdent("is") {
            advance()
            isType = try parseName()
        }
        let slotName: SlotId = expected == "principal" ? .principal : .resource
        if isPunct("==") {
            if isType != nil { throw error("`is` cannot be combined with `==` in the scope") }
            advance()
            return .eq(try parseEntityReference(slot: slotName))
        }
        if isIdent("in") {
            advance()
            let ref = try parseEntityReference(slot: slotName)
            if let t = isType { return .isIn(t, ref) }
            return .in(ref)
        }
        if isPunct("=") { throw error("`=` is not a valid operator; use `==`") }
        if let t = isType { return .is(t) }
        return .any
    }

    mutating func parseEntityReference(slot: SlotId) throws(ParseError) -> EntityReference {
        if case let .slot(s) = current.kind {
            guard s == slot.rawValue else { throw error("expected `\(slot.rawValue)`, found `\(s)`") }
            advance()
            return .slot(slot)
        }
        let tok = current
        let uid = try parseEntityUIDLiteral()
        if isIdent("is") { throw error("`is` must come before `in` in the scope", at: tok) }
        return .entity(uid)
    }

    mutating func parseEntityUIDLiteral() throws(ParseError) -> EntityUID {
        var path: [String] = [try unreservedIdentifier()]
        while isPunct("::") {
            advance()
            if case .string = current.kind {
                let id = try stringLiteral()
                let last = path.removeLast()
                return EntityUID(type: Name(path: path, id: last), id: id)
            }
            path.append(try unreservedIdentifier())
        }
        throw error("expected an entity uid like `Type::\"id\"`")
    }

    mutating func parseActionScope() throws(ParseError) -> ActionConstraint {
        let tok = current
        let word = try identifier()
        guard word == "action" else { throw error("expected `action`, found `\(word)`", at: tok) }
        if isIdent("is") { throw error("`is` is not allowed in the action scope") }
        func check(_ uid: EntityUID, _ t: Token) throws(ParseError) {
            if !uid.isAction { throw error("expected an entity of type `Action`, found `\(uid.type)`", at: t) }
        }
        if isPunct("==") {
            advance()
            let t = current
            let uid = try parseEntityUIDLiteral()
            try check(uid, t)
            return .eq(uid)
        }
        if isIdent("in") {
            advance()
            if isPunct("[") {
                advance()
                var uids: [EntityUID] = []
                while !isPunct("]") {
                    let t = current
                    let uid = try parseEntityUIDLiteral()
                    try check(uid, t)
                    uids.append(uid)
                    if isPunct(",") { advance() } else { break }
                }
                try expect("]")
                return .inSet(uids)
            }
            let t = current
            let uid = try parseEntityUIDLiteral()
            try check(uid, t)
            return .in(uid)
        }
        if isPunct("=") { throw error("`=` is not a valid operator; use `==`") }
        return .any
    }

    mutating func parseName() throws(ParseError) -> Name {
        var path: [String] = [try unreservedIdentifier()]
        while isPunct("::") {
            advance()
            path.append(try unreservedIdentifier())
        }
        let last = path.removeLast()
        return Name(path: path, id: last)
    }
}
