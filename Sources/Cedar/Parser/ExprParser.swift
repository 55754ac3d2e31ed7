/// Expression grammar, from `if`/`||` down to primaries and member access.
extension Parser {
    // MARK: - Expressions

    mutating func parseExpr() throws(ParseError) -> Expr {
        nesting += 1
        defer { nesting -= 1 }
        if nesting > Parser.maxNesting { throw error("expression nesting exceeds \(Parser.maxNesting) levels") }
        try enter()
        defer { depth -= 1 }
        if isIdent("if") {
            advance()
            let c = try parseExpr()
            guard isIdent("then") else { throw error("expected `then`, found \(describe(current))") }
            advance()
            let t = try parseExpr()
            guard isIdent("else") else { throw error("expected `else`, found \(describe(current))") }
            advance()
            let e = try parseExpr()
            return .ifThenElse(c, then: t, else: e)
        }
        return try parseOr()
    }

    mutating func parseOr() throws(ParseError) -> Expr {
        let saved = depth
        defer { depth = saved }
        var lhs = try parseAnd()
        while isPunct("||") {
            advance()
            try countLogicalOp()
            lhs = .or(lhs, try parseAnd())
        }
        return lhs
    }

    mutating func parseAnd() throws(ParseError) -> Expr {
        let saved = depth
        defer { depth = saved }
        var lhs = try parseRelation()
        while isPunct("&&") {
            advance()
            try countLogicalOp()
            lhs = .and(lhs, try parseRelation())
        }
        return lhs
    }

    static let relOps: [String: BinaryOp] = [
        "==": .eq, "!=": .notEq, "<": .less, "<=": .lessEq, ">": .greater, ">=": .greaterEq,
    ]

    mutating func relOp() -> BinaryOp? {
        if case let .punct(p) = current.kind { return Parser.relOps[p] }
        if isIdent("in") { return .in }
        return nil
    }

    mutating func parseRelation() throws(ParseError) -> Expr {
        let lhs = try parseAdd()
        if isIdent("has") {
            advance()
            return try parseHasRHS(lhs)
        }
        if isIdent("like") {
            advance()
            guard case let .string(raw) = current.kind else {
                throw error("right-hand side of `like` must be a string literal")
            }
            let tok = current
            advance()
            let elems: [PatternElement]
            do { elems = try Unescape.elements(raw, pattern: true) } catch { throw self.error(Parser.message(error), at: tok) }
            try rejectTrailingOperand("like")
            return .like(lhs, Pattern(elems))
        }
        if isIdent("is") {
            advance()
            let name = try parseName()
            try rejectTrailingOperand("is")
            if isIdent("in") {
                advance()
                let rhs = try parseAdd()
                return .isType(lhs, name, in: rhs)
            }
            return .isType(lhs, name, in: nil)
        }
        if isPunct("=") { throw error("`=` is not a valid operator; use `==`") }
        guard let op = relOp() else { return lhs }
        advance()
        let rhs = try parseAdd()
        if relOp() != nil || isIdent("has") || isIdent("like") || isIdent("is") || isPunct("=") {
            throw error("multiple relational operators must be used with parentheses to make ordering explicit")
        }
        return .binary(op, lhs, rhs)
    }

    /// The grammar allows an arbitrary `Add` after `like`/`is`; anything beyond the
    /// literal/name is rejected during AST conversion, so mirror that here.
    func rejectTrailingOperand(_ op: String) throws(ParseError) {
        if isPunct("+") || isPunct("-") || isPunct("*") || isPunct(".") || isPunct("[") || isPunct("(") {
            throw error("invalid right-hand side of `\(op)`")
        }
    }

    mutating func parseHasRHS(_ lhs: Expr) throws(ParseError) -> Expr {
        if case .string = current.kind {
            let attr = try stringLiteral()
            try rejectTrailingOperand("has")
            return .hasAttr(lhs, attr)
        }
        let saved = depth
        defer { depth = saved }
        var path: [String] = [try unreservedIdentifier()]
        while isPunct(".") {
            advance()
            try enter()
            path.append(try unreservedIdentifier())
        }
        if isPunct("(") || isPunct("[") || isPunct("::") { throw error("invalid attribute path after `has`") }
        if isPunct("+") || isPunct("-") || isPunct("*") { throw error("invalid right-hand side of `has`") }
        // `e has a.b.c` ≡ `e has a && e.a has b && e.a.b has c`
        var result: Expr = .hasAttr(lhs, path[0])
        var target = lhs
        for k in 1..<path.count {
            target = .getAttr(target, path[k - 1])
            result = .and(result, .hasAttr(target, path[k]))
        }
        return result
    }

    mutating func parseAdd() throws(ParseError) -> Expr {
        let saved = depth
        defer { depth = saved }
        var lhs = try parseMult()
        while isPunct("+") || isPunct("-") {
            let op: BinaryOp = isPunct("+") ? .add : .sub
            advance()
            try enter()
            lhs = .binary(op, lhs, try parseMult())
        }
        return lhs
    }

    mutating func parseMult() throws(ParseError) -> Expr {
        let saved = depth
        defer { depth = saved }
        var lhs = try parseUnary()
        while isPunct("*") || isPunct("/") || isPunct("%") {
            if !isPunct("*") { throw error("`\(isPunct("/") ? "/" : "%")` is not supported in Cedar") }
            advance()
            try enter()
            lhs = .binary(.mul, lhs, try parseUnary())
        }
        return lhs
    }

    mutating func parseUnary() throws(ParseError) -> Expr {
        var bangs = 0, dashes = 0
        let opTok = current
        while isPunct("!") && dashes == 0 { bangs += 1; advance() }
        if bangs == 0 { while isPunct("-") { dashes += 1; advance() } }
        if bangs > 4 || dashes > 4 { throw error("too many occurrences of `\(bangs > 0 ? "!" : "-")`", at: opTok) }
        if bangs > 0 {
            var e = try parseMember()
            for _ in 0..<bangs { e = .unary(.not, e) }
            return e
        }
        if dashes > 0 {
            // `-<digits>` with no member access is a negative literal.
            if case let .number(digits) = current.kind, !peekIsPunct(".") && !peekIsPunct("[") && !peekIsPunct("(") {
                let tok = current
                advance()
                guard let mag = UInt64(digits), mag <= UInt64(Int64.max) + 1 else {
                    throw error("integer literal `\(digits)` is too large", at: tok)
                }
                var e: Expr = .literal(.long(mag == UInt64(Int64.max) + 1 ? Int64.min : -Int64(mag)))
                for _ in 1..<dashes { e = .unary(.neg, e) }
                return e
            }
            var e = try parseMember()
            for _ in 0..<dashes { e = .unary(.neg, e) }
            return e
        }
        return try parseMember()
    }

    mutating func parseMember() throws(ParseError) -> Expr {
        let saved = depth
        defer { depth = saved }
        let startTok = current
        // A bare name followed by `(` is a function call.
        if case .ident = current.kind, !isIdent("true"), !isIdent("false"), !isIdent("if") {
            let save = index
            var path: [String] = []
            if case let .ident(first) = current.kind {
                path.append(first)
                advance()
                while isPunct("::"), case let .ident(next) = tokens[index + 1].kind {
                    advance(); advance()
                    path.append(next)
                }
            }
            if isPunct("(") {
                let fname = Name(path: Array(path.dropLast()), id: path.last!)
                advance()
                let args = try parseArgs(close: ")")
                if fname.path.isEmpty && (Parser.extensionMethods.contains(fname.id) || Parser.builtinMethods[fname.id] != nil || fname.id == "isEmpty") {
                    throw error("`\(fname.id)` is a method, not a function; use it as `x.\(fname.id)(…)`", at: startTok)
                }
                guard fname.path.isEmpty && Parser.extensionFunctions.contains(fname.id) else {
                    throw error("`\(fname)` is not a function", at: startTok)
                }
                return try parseAccesses(.call(fname, args))
            }
            index = save
        }
        let primary = try parsePrimary()
        return try parseAccesses(primary)
    }

    mutating func parseAccesses(_ base: Expr) throws(ParseError) -> Expr {
        var e = base
        while true {
            if isPunct(".") {
                advance()
                try enter()
                let tok = current
                let name = try identifier()
                if isPunct("(") {
                    advance()
                    let args = try parseArgs(close: ")")
                    e = try method(name, e, args, tok)
                } else {
                    if Parser.reserved.contains(name) { throw error("`\(name)` is a reserved identifier", at: tok) }
                    try rejectCedarReserved(name, at: tok)
                    e = .getAttr(e, name)
                }
            } else if isPunct("[") {
                advance()
                try enter()
                guard case .string = current.kind else { throw error("record index must be a string literal") }
                let attr = try stringLiteral()
                try expect("]")
                e = .getAttr(e, attr)
            } else if isPunct("(") {
                throw error("this expression cannot be called as a function")
            } else {
                return e
            }
        }
    }

    func method(_ name: String, _ recv: Expr, _ args: [Expr], _ tok: Token) throws(ParseError) -> Expr {
        if let op = Parser.builtinMethods[name] {
            guard args.count == 1 else { throw error("call to `\(name)` requires exactly 1 argument", at: tok) }
            return .binary(op, recv, args[0])
        }
        if name == "isEmpty" {
            guard args.isEmpty else { throw error("call to `isEmpty` requires exactly 0 arguments", at: tok) }
            return .unary(.isEmpty, recv)
        }
        if Parser.extensionMethods.contains(name) { return .call(Name(id: name), [recv] + args) }
        if Parser.extensionFunctions.contains(name) {
            throw error("`\(name)` is a function, not a method; use it as `\(name)(…)`", at: tok)
        }
        throw error("`\(name)` is not a valid method", at: tok)
    }

    mutating func parseArgs(close: String) throws(ParseError) -> [Expr] {
        var args: [Expr] = []
        while !isPunct(close) {
            args.append(try parseExpr())
            if isPunct(",") { advance() } else { break }
        }
        try expect(close)
        return args
    }

    mutating func parsePrimary() throws(ParseError) -> Expr {
        let tok = current
        switch tok.kind {
        case let .number(digits):
            advance()
            guard let v = Int64(digits) else { throw error("integer literal `\(digits)` is too large", at: tok) }
            return .literal(.long(v))
        case .string:
            return .literal(.string(try stringLiteral()))
        case let .slot(s):
            advance()
            guard let slot = SlotId(rawValue: s) else { throw error("`\(s)` is not a valid template slot", at: tok) }
            return .slot(slot)
        case let .punct(p):
            switch p {
            case "(":
                advance()
                let e = try parseExpr()
                try expect(")")
                return e
            case "[":
                advance()
                try enter()
                defer { depth -= 1 }
                return .set(try parseArgs(close: "]"))
            case "{":
                advance()
                try enter()
                defer { depth -= 1 }
                return try parseRecord()
            default:
                throw error("unexpected \(describe(tok))")
            }
        case let .ident(word):
            if word == "true" { advance(); return .literal(.bool(true)) }
            if word == "false" { advance(); return .literal(.bool(false)) }
            if isPunct("::") || peekIsPunct("::") {
                let uid = try parseEntityUIDLiteralOrError()
                return .literal(.entity(uid))
            }
            advance()
            if let v = Var(rawValue: word) { return .variable(v) }
            throw error("unknown variable `\(word)`", at: tok)
        case .eof:
            throw error("unexpected end of input")
        }
    }

    mutating func parseEntityUIDLiteralOrError() throws(ParseError) -> EntityUID {
        var path: [String] = [try unreservedIdentifier()]
        while isPunct("::") {
            advance()
            if case .string = current.kind {
                let id = try stringLiteral()
                let last = path.removeLast()
                return EntityUID(type: Name(path: path, id: last), id: id)
            }
            if isPunct("{") { throw error("invalid entity literal; use `Type::\"id\"`") }
            path.append(try unreservedIdentifier())
        }
        throw error("`\(path.joined(separator: "::"))` is not a valid expression; expected an entity uid like `Type::\"id\"`")
    }

    mutating func parseRecord() throws(ParseError) -> Expr {
        var entries: [RecordEntry] = []
        while !isPunct("}") {
            let tok = current
            let key: String
            switch tok.kind {
            case .string: key = try stringLiteral()
            case .ident: key = try unreservedIdentifier()
            default: throw error("expected record key, found \(describe(tok))")
            }
            if entries.contains(where: { $0.key == key }) { throw error("duplicate record key `\(key)`", at: tok) }
            try expect(":")
            entries.append(RecordEntry(key: key, value: try parseExpr()))
            if isPunct(",") { advance() } else { break }
        }
        try expect("}")
        return .record(entries)
    }
}

extension Parser {
    mutating func parseStandaloneExpr() throws(ParseError) -> Expr {
        let e = try parseExpr()
        guard case .eof = current.kind else { throw error("unexpected \(describe(current)) after expression") }
        return e
    }
}
