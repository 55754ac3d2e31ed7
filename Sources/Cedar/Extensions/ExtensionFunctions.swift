/// Dispatch for extension functions (`ip`, `decimal`, `datetime`, `duration`
/// and their methods). Method calls pass the receiver as the first argument.
enum ExtensionFunctions {
    static func call(_ name: Name, _ args: [Value]) throws(EvaluationError) -> Value {
        let f = name.qualified
        func arity(_ n: Int) throws(EvaluationError) {
            if args.count != n { throw .wrongArity(function: f, expected: n, actual: args.count) }
        }
        func string(_ v: Value) throws(EvaluationError) -> String {
            if case let .string(s) = v { return s }
            throw .typeError(expected: "string", actual: v.typeName)
        }
        func ipaddr(_ v: Value) throws(EvaluationError) -> IPAddr {
            if case let .ext(.ipaddr(a)) = v { return a }
            throw .typeError(expected: "ipaddr", actual: v.typeName)
        }
        func decimal(_ v: Value) throws(EvaluationError) -> CedarDecimal {
            if case let .ext(.decimal(d)) = v { return d }
            throw .typeError(expected: "decimal", actual: v.typeName)
        }
        func datetime(_ v: Value) throws(EvaluationError) -> Int64 {
            if case let .ext(.datetime(d)) = v { return d }
            throw .typeError(expected: "datetime", actual: v.typeName)
        }
        func duration(_ v: Value) throws(EvaluationError) -> Int64 {
            if case let .ext(.duration(d)) = v { return d }
            throw .typeError(expected: "duration", actual: v.typeName)
        }
        func overflow(_ what: String) -> EvaluationError { .extensionError(function: f, message: "overflow when computing \(what)") }

        switch f {
        case "ip":
            try arity(1)
            let s = try string(args[0])
            guard let a = IPAddr(s) else { throw .extensionError(function: f, message: "invalid IP address `\(s)`") }
            return .ext(.ipaddr(a))
        case "isIpv4": try arity(1); return .bool(try ipaddr(args[0]).isIPv4)
        case "isIpv6": try arity(1); return .bool(try ipaddr(args[0]).isIPv6)
        case "isLoopback": try arity(1); return .bool(try ipaddr(args[0]).isLoopback)
        case "isMulticast": try arity(1); return .bool(try ipaddr(args[0]).isMulticast)
        case "isInRange":
            try arity(2)
            let a = try ipaddr(args[0])
            let b = try ipaddr(args[1])
            return .bool(a.isInRange(b))
        case "decimal":
            try arity(1)
            let s = try string(args[0])
            guard let d = CedarDecimal(s) else { throw .extensionError(function: f, message: "`\(s)` is not a well-formed decimal value") }
            return .ext(.decimal(d))
        case "lessThan", "lessThanOrEqual", "greaterThan", "greaterThanOrEqual":
            try arity(2)
            let a = try decimal(args[0])
            let b = try decimal(args[1])
            switch f {
            case "lessThan": return .bool(a < b)
            case "lessThanOrEqual": return .bool(a <= b)
            case "greaterThan": return .bool(a > b)
            default: return .bool(a >= b)
            }
        case "datetime":
            try arity(1)
            let s = try string(args[0])
            guard let d = DatetimeSupport.parseDatetime(s) else { throw .extensionError(function: f, message: "`\(s)` is not a valid datetime") }
            return .ext(.datetime(d))
        case "duration":
            try arity(1)
            let s = try string(args[0])
            guard let d = DatetimeSupport.parseDuration(s) else { throw .extensionError(function: f, message: "`\(s)` is not a valid duration") }
            return .ext(.duration(d))
        case "offset":
            try arity(2)
            let a = try datetime(args[0])
            let b = try duration(args[1])
            let (r, o) = a.addingReportingOverflow(b)
            if o { throw overflow("offset") }
            return .ext(.datetime(r))
        case "durationSince":
            try arity(2)
            let a = try datetime(args[0])
            let b = try datetime(args[1])
            let (r, o) = a.subtractingReportingOverflow(b)
            if o { throw overflow("durationSince") }
            return .ext(.duration(r))
        case "toDate":
            try arity(1)
            guard let r = DatetimeSupport.toDate(try datetime(args[0])) else { throw overflow("toDate") }
            return .ext(.datetime(r))
        case "toTime":
            try arity(1)
            return .ext(.duration(DatetimeSupport.toTime(try datetime(args[0]))))
        case "toMilliseconds": try arity(1); return .long(try duration(args[0]))
        case "toSeconds": try arity(1); return .long(try duration(args[0]) / 1000)
        case "toMinutes": try arity(1); return .long(try duration(args[0]) / 60_000)
        case "toHours": try arity(1); return .long(try duration(args[0]) / 3_600_000)
        case "toDays": try arity(1); return .long(try duration(args[0]) / 86_400_000)
        default:
            throw .unknownFunction(f)
        }
    }
}
