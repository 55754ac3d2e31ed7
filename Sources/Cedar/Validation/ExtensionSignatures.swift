/// Static signatures of Cedar's extension functions, as the reference
/// validator's extension schemas declare them. Constructors (`ip`, `decimal`,
/// `datetime`, `duration`) have an argument check: a literal string argument
/// must parse, and in strict mode the argument must be a literal.
struct ExtensionSignature: Sendable {
    var name: String
    var arguments: [ValidatorType]
    var result: ValidatorType
    /// Failure text prefix for constructors, e.g. "failed to parse as IP address".
    var constructorCheck: String?

    static func lookup(_ name: Name) -> ExtensionSignature? {
        guard name.path.isEmpty else { return nil }
        return table[name.id]
    }

    /// Extension types that support `<` and `<=` (operator overloading).
    static let comparableTypes: [String] = ["datetime", "duration"]

    private static let table: [String: ExtensionSignature] = {
        let ip = ValidatorType.extension("ipaddr"), dec = ValidatorType.extension("decimal")
        let dt = ValidatorType.extension("datetime"), dur = ValidatorType.extension("duration")
        let b = ValidatorType.anyBool
        var sigs: [ExtensionSignature] = [
            .init(name: "ip", arguments: [.string], result: ip, constructorCheck: "failed to parse as IP address"),
            .init(name: "isInRange", arguments: [ip, ip], result: b),
            .init(name: "decimal", arguments: [.string], result: dec, constructorCheck: "failed to parse as a decimal value"),
            .init(name: "datetime", arguments: [.string], result: dt, constructorCheck: "failed to parse as a datetime value"),
            .init(name: "duration", arguments: [.string], result: dur, constructorCheck: "failed to parse as a duration value"),
            .init(name: "offset", arguments: [dt, dur], result: dt),
            .init(name: "durationSince", arguments: [dt, dt], result: dur),
            .init(name: "toDate", arguments: [dt], result: dt),
            .init(name: "toTime", arguments: [dt], result: dur),
        ]
        for n in ["isIpv4", "isIpv6", "isLoopback", "isMulticast"] {
            sigs.append(.init(name: n, arguments: [ip], result: b))
        }
        for n in ["lessThan", "lessThanOrEqual", "greaterThan", "greaterThanOrEqual"] {
            sigs.append(.init(name: n, arguments: [dec, dec], result: b))
        }
        for n in ["toMilliseconds", "toSeconds", "toMinutes", "toHours", "toDays"] {
            sigs.append(.init(name: n, arguments: [dur], result: .long))
        }
        return Dictionary(uniqueKeysWithValues: sigs.map { ($0.name, $0) })
    }()

    /// For a constructor applied to a literal string that does not parse, the
    /// reference's message (e.g. "failed to parse as IP address: `\"x\"`").
    func argumentProblem(_ args: [Expr]) -> String? {
        guard let prefix = constructorCheck, args.count == 1, case let .literal(.string(s)) = args[0] else { return nil }
        do {
            _ = try ExtensionFunctions.call(Name(id: name), [.string(s)])
            return nil
        } catch {
            return "\(prefix): `\(rustQuoted(s))`"
        }
    }
}
