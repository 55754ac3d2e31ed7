import Testing
@testable import Cedar

@Suite("Extension types")
struct ExtensionTests {
    @Test func ipParsing() {
        #expect(IPAddr("10.0.0.1") != nil)
        #expect(IPAddr("10.0.0.1/8")?.prefix == 8)
        #expect(IPAddr("010.0.0.1") == nil)
        #expect(IPAddr("1.2.3.4/33") == nil)
        #expect(IPAddr("1.2.3.4/08") == nil)
        #expect(IPAddr("::1")?.isLoopback == true)
        #expect(IPAddr("::") != nil)
        #expect(IPAddr("1:2:3:4:5:6:7:8") != nil)
        #expect(IPAddr("1:2:3:4:5:6:7::8") == nil)
        #expect(IPAddr("1::2::3") == nil)
        #expect(IPAddr("::ffff:1.2.3.4") == nil)
        #expect(IPAddr("12345::") == nil)
    }

    @Test func ipPredicates() {
        #expect(IPAddr("127.0.0.1")!.isLoopback)
        #expect(!IPAddr("127.0.0.1/7")!.isLoopback)
        #expect(IPAddr("224.1.2.3")!.isMulticast)
        #expect(IPAddr("ff02::1")!.isMulticast)
        #expect(IPAddr("10.1.2.3")!.isInRange(IPAddr("10.0.0.0/8")!))
        #expect(!IPAddr("10.0.0.0/7")!.isInRange(IPAddr("10.0.0.0/8")!))
        #expect(!IPAddr("::1")!.isInRange(IPAddr("0.0.0.0/0")!))
        #expect(IPAddr("2001:db8::1")!.isInRange(IPAddr("2001:db8::/32")!))
        #expect(IPAddr("1.2.3.4") == IPAddr("1.2.3.4/32"))
        #expect(IPAddr("1.2.3.4/24") != IPAddr("1.2.3.0/24"))
    }

    @Test func decimals() {
        #expect(CedarDecimal("1.23")?.scaled == 12300)
        #expect(CedarDecimal("-0.0001")?.scaled == -1)
        #expect(CedarDecimal("922337203685477.5807")?.scaled == Int64.max)
        #expect(CedarDecimal("-922337203685477.5808")?.scaled == Int64.min)
        #expect(CedarDecimal("922337203685477.5808") == nil)
        #expect(CedarDecimal("1.23456") == nil)
        #expect(CedarDecimal("1") == nil)
        #expect(CedarDecimal("1.") == nil)
        #expect(CedarDecimal(".5") == nil)
        #expect(CedarDecimal("-1.5")?.description == "-1.5000")
    }

    @Test func datetimes() {
        #expect(DatetimeSupport.parseDatetime("1970-01-01") == 0)
        #expect(DatetimeSupport.parseDatetime("1970-01-02T00:00:00Z") == 86_400_000)
        #expect(DatetimeSupport.parseDatetime("1970-01-01T01:00:00+0100") == 0)
        #expect(DatetimeSupport.parseDatetime("1970-01-01T00:00:00.250-0030") == 1_800_250)
        #expect(DatetimeSupport.parseDatetime("1969-12-31") == -86_400_000)
        #expect(DatetimeSupport.parseDatetime("2024-02-29") != nil)
        #expect(DatetimeSupport.parseDatetime("2023-02-29") == nil)
        #expect(DatetimeSupport.parseDatetime("2024-01-01T00:00:00") == nil)
        #expect(DatetimeSupport.parseDatetime("2024-01-01T24:00:00Z") == nil)
        #expect(DatetimeSupport.parseDatetime("2024-01-01T00:00:00+2400") == nil)
        #expect(DatetimeSupport.parseDatetime("2024-1-01") == nil)
        #expect(DatetimeSupport.toDate(-1) == -86_400_000)
        #expect(DatetimeSupport.toTime(-1) == 86_399_999)
    }

    @Test func durations() {
        #expect(DatetimeSupport.parseDuration("1d2h3m4s5ms") == 93_784_005)
        #expect(DatetimeSupport.parseDuration("-1h") == -3_600_000)
        #expect(DatetimeSupport.parseDuration("1ms") == 1)
        #expect(DatetimeSupport.parseDuration("1m") == 60_000)
        #expect(DatetimeSupport.parseDuration("-9223372036854775808ms") == Int64.min)
        #expect(DatetimeSupport.parseDuration("9223372036854775808ms") == nil)
        #expect(DatetimeSupport.parseDuration("1s1m") == nil)
        #expect(DatetimeSupport.parseDuration("") == nil)
        #expect(DatetimeSupport.parseDuration("-") == nil)
        #expect(DatetimeSupport.parseDuration("1") == nil)
        #expect(DatetimeSupport.parseDuration("106751991168d") == nil)
    }

    @Test func methodsThroughEvaluator() throws {
        let ev = Evaluator(request: Request(principal: EntityUID(type: "U", id: "u"), action: EntityUID(type: "Action", id: "a"),
                                            resource: EntityUID(type: "R", id: "r")), entities: Entities())
        func eval(_ s: String) throws -> Value { try ev.evaluate(try Expr(parsing: s)) }
        #expect(try eval(#"duration("-90m").toHours()"#) == .long(-1))
        #expect(try eval(#"datetime("2024-01-02").durationSince(datetime("2024-01-01")) == duration("1d")"#) == .bool(true))
        #expect(try eval(#"datetime("2024-01-01T10:11:12Z").toTime() == duration("10h11m12s")"#) == .bool(true))
        #expect(try eval(#"decimal("1.5").greaterThanOrEqual(decimal("1.50"))"#) == .bool(true))
        #expect(throws: EvaluationError.self) { try eval(#"ip("nope")"#) }
        #expect(throws: EvaluationError.self) { try eval(#"ip("1.2.3.4").lessThan(decimal("1.0"))"#) }
    }
}
