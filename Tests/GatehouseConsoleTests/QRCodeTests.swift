import Foundation
import Testing

@testable import GatehouseConsole

/// The encoder against segno, an independent implementation: `Fixtures/qr-reference.json` is written by
/// `Scripts/qr-reference.py` and holds module matrices for fixed versions, levels and masks, segno's penalty scores of
/// those symbols, and the byte capacity of every version and level.
@Suite struct QRCodeTests {
    static let otpauth = "otpauth://totp/Gatehouse:ann@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Gatehouse"

    @Test func fixtureIsThere() throws {
        let reference = try QRReference.load()
        #expect(reference.cases.count >= 50)
        #expect(Set(reference.cases.map(\.version)) == Set(1...40))
        #expect(reference.capacities.count == 4)
    }

    @Test func matricesMatchTheReference() throws {
        for reference in try QRReference.load().cases {
            let bytes = try #require(reference.bytes, "\(reference.name): data is not hex")
            let correction = try #require(reference.correction, "\(reference.name): level \(reference.level)")
            // Versions are left to the encoder: the smallest that fits must be the one segno chose.
            let code = try QRCode(bytes: bytes, correction: correction, mask: reference.mask)
            #expect(code.version == reference.version, "\(reference.name)")
            #expect(code.mask == reference.mask, "\(reference.name)")
            #expect(code.size == 4 * reference.version + 17, "\(reference.name)")
            let expected = reference.modules
            #expect(expected.count == code.size, "\(reference.name): reference rows")
            let mismatches = (0..<code.size).flatMap { y in
                (0..<code.size).compactMap { x -> String? in
                    let want = y < expected.count && x < expected[y].count && expected[y][x]
                    return code.isDark(x: x, y: y) == want ? nil : "(\(x),\(y))"
                }
            }
            #expect(mismatches.isEmpty, "\(reference.name): \(mismatches.count) modules differ, first \(mismatches.prefix(8))")
            let penalty = code.penalty
            #expect(
                [penalty.adjacent, penalty.blocks, penalty.finderLike, penalty.balance] == reference.penalty,
                "\(reference.name): penalty N1–N4")
        }
    }

    @Test func capacitiesMatchTheReference() throws {
        let reference = try QRReference.load()
        for (level, capacities) in reference.capacities {
            let correction = try #require(QRReference.correction(level))
            #expect(capacities.count == 40)
            for (index, expected) in capacities.enumerated() {
                let version = index + 1
                #expect(QRCode.capacity(version: version, correction: correction) == expected, "version \(version)-\(level)")
            }
        }
        // At the edge: the capacity fits in that version, one byte more does not.
        for correction in QRCode.ErrorCorrection.allCases {
            for version in [1, 9, 10, 26, 40] {
                let capacity = try #require(QRCode.capacity(version: version, correction: correction))
                let fits = try QRCode(bytes: Array(repeating: 0x61, count: capacity), correction: correction, versions: version...version)
                #expect(fits.version == version)
                #expect(throws: QRCode.EncodingError.dataTooLong(byteCount: capacity + 1, capacity: capacity)) {
                    try QRCode(bytes: Array(repeating: 0x61, count: capacity + 1), correction: correction, versions: version...version)
                }
            }
        }
    }

    /// Without a given mask, the encoder picks the mask whose symbol scores lowest (the first such on a tie), and
    /// the symbol is the one that mask gives.
    @Test func automaticMaskHasTheLowestPenalty() throws {
        let inputs: [(String, QRCode.ErrorCorrection)] = [
            ("", .medium), ("A", .low), ("Hello, world!", .quartile), ("Hello, world!", .high), (Self.otpauth, .medium),
            ("Zoë Ångström — ключ 🔑", .quartile), ("日本語のテキストと二要素認証", .high), (String(repeating: "x", count: 150), .low),
            (String(repeating: "https://gatehouse.example/", count: 11), .medium),
        ]
        for (text, correction) in inputs {
            let automatic = try QRCode(encoding: text, correction: correction)
            let scores = try (0...7).map { try QRCode(encoding: text, correction: correction, mask: $0).penalty.total }
            let lowest = try #require(scores.min())
            #expect(automatic.penalty.total == lowest, "\(text.prefix(20)): \(scores)")
            #expect(automatic.mask == scores.firstIndex(of: lowest), "\(text.prefix(20)): \(scores)")
            #expect(automatic == (try QRCode(encoding: text, correction: correction, mask: automatic.mask)))
        }
    }

    @Test func enrollmentURLsFit() throws {
        let code = try QRCode(encoding: Self.otpauth, correction: .medium)
        #expect(code.version <= 10)
        let url300 = "https://gatehouse.example/?q=" + String(repeating: "a", count: 271)
        #expect(url300.utf8.count == 300)
        #expect(try QRCode(encoding: url300, correction: .medium).version == 13)
    }

    @Test func badInputThrows() {
        #expect(throws: QRCode.EncodingError.dataTooLong(byteCount: 2954, capacity: 2953)) {
            try QRCode(bytes: Array(repeating: 0xFF, count: 2954), correction: .low)
        }
        #expect(throws: QRCode.EncodingError.dataTooLong(byteCount: 300, capacity: 213)) {
            try QRCode(encoding: String(repeating: "a", count: 300), correction: .medium, versions: 1...10)
        }
        #expect(throws: QRCode.EncodingError.invalidVersion(0)) { try QRCode(encoding: "a", versions: 0...3) }
        #expect(throws: QRCode.EncodingError.invalidVersion(41)) { try QRCode(encoding: "a", versions: 1...41) }
        #expect(throws: QRCode.EncodingError.invalidMask(8)) { try QRCode(encoding: "a", mask: 8) }
        #expect(throws: QRCode.EncodingError.invalidMask(-1)) { try QRCode(encoding: "a", mask: -1) }
    }

    @Test func outsideTheSymbolIsLight() throws {
        let code = try QRCode(encoding: "a")
        #expect(code.isDark(x: 0, y: 0))
        for (x, y) in [(-1, 0), (0, -1), (code.size, 0), (0, code.size), (Int.min, Int.max)] {
            #expect(!code.isDark(x: x, y: y))
        }
    }

    /// ISO/IEC 18004 annex A lists the generator polynomial of degree 7 as exponents of α.
    @Test func reedSolomonGenerator() {
        let generator = ReedSolomonEncoder(degree: 7).generator
        #expect(generator.map { GaloisField.log[Int($0)] } == [87, 229, 146, 149, 238, 102, 21])
        #expect(ReedSolomonEncoder(degree: 0).remainder(of: [1, 2, 3]) == [])
    }

    @Test func svgHasOnePathOfTheDarkModules() throws {
        let code = try QRCode(encoding: Self.otpauth, correction: .medium)
        let svg = code.svg(moduleSize: 5, label: "Scan <this> & \"enroll\"")
        let side = code.size + 8
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.hasSuffix("</svg>"))
        #expect(svg.contains("viewBox=\"0 0 \(side) \(side)\""))
        #expect(svg.contains("width=\"\(side * 5)\" height=\"\(side * 5)\""))
        #expect(svg.contains("role=\"img\""))
        #expect(svg.contains("aria-label=\"Scan &lt;this&gt; &amp; &quot;enroll&quot;\""))
        #expect(svg.components(separatedBy: "<path").count == 2)

        // Read the path back: every run lies on the dark modules, shifted by the quiet zone, and covers all of them.
        let d = try #require(svg.components(separatedBy: " d=\"").last?.components(separatedBy: "\"").first)
        var drawn = Set<[Int]>()
        for run in d.split(separator: "z") {
            let numbers = run.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
            // M<x> <y>h<length>v1h-<length>
            try #require(numbers.count == 5, "\(run)")
            #expect(numbers[3] == 1 && numbers[2] == numbers[4], "\(run)")
            for x in numbers[0]..<(numbers[0] + numbers[2]) { drawn.insert([x - 4, numbers[1] - 4]) }
        }
        var dark = Set<[Int]>()
        for y in 0..<code.size {
            for x in 0..<code.size where code.isDark(x: x, y: y) { dark.insert([x, y]) }
        }
        #expect(drawn == dark)
    }

    /// Writes SVGs for `Scripts/qr-roundtrip.sh`, which decodes them with zbarimg; only when it asks for them.
    @Test func writeSVGsForDecoding() throws {
        guard let directory = ProcessInfo.processInfo.environment["QRCODE_SVG_DIR"] else { return }
        let texts = [
            Self.otpauth, "Zoë Ångström — ключ 🔑", String(repeating: "https://gatehouse.example/", count: 11), "A",
        ]
        for (index, text) in texts.enumerated() {
            for correction in QRCode.ErrorCorrection.allCases {
                let code = try QRCode(encoding: text, correction: correction)
                let name = "\(index)-\(correction)"
                try code.svg(moduleSize: 4).write(toFile: "\(directory)/\(name).svg", atomically: true, encoding: .utf8)
                try text.write(toFile: "\(directory)/\(name).txt", atomically: true, encoding: .utf8)
            }
        }
    }
}

/// `Fixtures/qr-reference.json`.
struct QRReference: Decodable {
    struct Case: Decodable {
        let name: String
        let data: String
        let level: String
        let version: Int
        let mask: Int
        /// Hexadecimal rows, the leftmost module in the most significant bit.
        let rows: [String]
        /// segno's N1, N2, N3, N4.
        let penalty: [Int]

        var bytes: [UInt8]? { QRReference.hexBytes(data) }
        var correction: QRCode.ErrorCorrection? { QRReference.correction(level) }
        var modules: [[Bool]] {
            rows.map { row in
                row.flatMap { digit -> [Bool] in
                    let value = digit.hexDigitValue ?? 0
                    return (0..<4).map { value & (8 >> $0) != 0 }
                }
            }
        }
    }

    let capacities: [String: [Int]]
    let cases: [Case]

    static func load() throws -> QRReference {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/qr-reference.json")
        return try JSONDecoder().decode(QRReference.self, from: Data(contentsOf: url))
    }

    static func correction(_ level: String) -> QRCode.ErrorCorrection? {
        ["L": .low, "M": .medium, "Q": .quartile, "H": .high][level]
    }

    static func hexBytes(_ hex: String) -> [UInt8]? {
        let digits = Array(hex)
        guard digits.count % 2 == 0 else { return nil }
        return stride(from: 0, to: digits.count, by: 2).map { index in
            UInt8(String(digits[index...index + 1]), radix: 16)
        }.reduce(into: [UInt8]?([])) { result, byte in
            if let byte { result?.append(byte) } else { result = nil }
        }
    }
}
