extension PolicySet {
    /// Parses a policy file. Policies get ids `policy0`, `policy1`, … in order;
    /// those with slots become templates.
    public init(parsing text: String) throws(ParseError) {
        var parser = try Parser(text)
        let parsed = try parser.parsePolicies()
        self.init()
        for p in parsed {
            do { try add(p) } catch {
                // Generated ids are unique, so this cannot happen.
                throw ParseError(message: error.description, line: 1, column: 1, excerpt: "")
            }
        }
    }
}

extension Policy {
    /// Parses exactly one policy (or template) and gives it `id`.
    public init(parsing text: String, id: String = "policy0") throws(ParseError) {
        var parser = try Parser(text)
        self = try parser.parseSinglePolicy(id: id)
    }
}

extension Expr {
    /// Parses a standalone expression, e.g. for tests or tooling.
    public init(parsing text: String) throws(ParseError) {
        var parser = try Parser(text)
        self = try parser.parseStandaloneExpr()
    }
}
