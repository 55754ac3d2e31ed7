/// A QR Code symbol (ISO/IEC 18004, model 2) holding bytes in byte mode: versions 1–40, the four error correction
/// levels, all eight data masks. Written for the Console's two-factor enrollment, whose `otpauth://` URL it shows as
/// an SVG image (``svg(moduleSize:label:)``).
///
/// Text is encoded as its UTF-8 bytes without an ECI header, as authenticator apps and phone cameras expect.
public struct QRCode: Sendable, Equatable {
    /// How much of the symbol may be damaged and still be read: about 7, 15, 25 and 30 %.
    public enum ErrorCorrection: Sendable, Hashable, CaseIterable {
        case low, medium, quartile, high

        /// The two bits naming the level in the format information.
        var formatBits: Int {
            switch self {
            case .low: 1
            case .medium: 0
            case .quartile: 3
            case .high: 2
            }
        }
    }

    /// Why a symbol could not be made. Nothing else fails: every input either fits or throws one of these.
    public enum EncodingError: Error, Equatable, CustomStringConvertible {
        /// The data needs more room than the largest allowed version offers at this level.
        case dataTooLong(byteCount: Int, capacity: Int)
        /// A version outside 1–40, or a range of them that is empty.
        case invalidVersion(Int)
        /// A mask outside 0–7.
        case invalidMask(Int)

        public var description: String {
            switch self {
            case .dataTooLong(let byteCount, let capacity):
                "\(byteCount) bytes do not fit in a QR Code; at most \(capacity) fit at this error correction level"
            case .invalidVersion(let version): "QR Code version \(version) does not exist; versions are 1–40"
            case .invalidMask(let mask): "QR Code mask \(mask) does not exist; masks are 0–7"
            }
        }
    }

    /// 1–40; the symbol is 4 × version + 17 modules wide.
    public let version: Int
    public let correction: ErrorCorrection
    /// The data mask applied, 0–7.
    public let mask: Int
    /// Modules on each side, without the quiet zone.
    public let size: Int
    /// Row-major, `true` for dark.
    let modules: [Bool]

    /// Encodes text as its UTF-8 bytes.
    ///
    /// - Parameters:
    ///   - correction: the error correction level; `.medium` suits a code shown on a screen.
    ///   - versions: the versions to choose from; the smallest that holds the data is used.
    ///   - mask: a data mask 0–7, or `nil` to choose the one with the lowest penalty score (ISO/IEC 18004, 7.8.3).
    /// - Throws: ``EncodingError`` when the data does not fit or an argument is out of range.
    public init(
        encoding text: String, correction: ErrorCorrection = .medium, versions: ClosedRange<Int> = 1...40,
        mask: Int? = nil
    ) throws {
        try self.init(bytes: Array(text.utf8), correction: correction, versions: versions, mask: mask)
    }

    /// Encodes bytes in byte mode; see ``init(encoding:correction:versions:mask:)``.
    public init(
        bytes: [UInt8], correction: ErrorCorrection = .medium, versions: ClosedRange<Int> = 1...40, mask: Int? = nil
    ) throws {
        guard QRCodeTables.versions.contains(versions.lowerBound) else {
            throw EncodingError.invalidVersion(versions.lowerBound)
        }
        guard QRCodeTables.versions.contains(versions.upperBound) else {
            throw EncodingError.invalidVersion(versions.upperBound)
        }
        if let mask, !(0...7).contains(mask) { throw EncodingError.invalidMask(mask) }

        guard let version = versions.first(where: { (Self.capacity(version: $0, correction: correction) ?? -1) >= bytes.count }),
            let layout = QRCodeTables.layout(version: version, correction: correction)
        else {
            throw EncodingError.dataTooLong(
                byteCount: bytes.count, capacity: Self.capacity(version: versions.upperBound, correction: correction) ?? 0)
        }

        let dataCodewords = Self.dataCodewords(bytes, version: version, capacity: layout.dataCodewords)
        let codewords = Self.interleavedCodewords(dataCodewords, layout: layout)
        var matrix = QRMatrix(version: version)
        matrix.drawFunctionPatterns()
        matrix.placeCodewords(codewords)

        let chosenMask: Int
        if let mask {
            chosenMask = mask
        } else {
            // The lowest penalty wins; on a tie, the lower mask number.
            var best = (mask: 0, score: Int.max)
            for candidate in 0...7 {
                let score = matrix.finished(correction: correction, mask: candidate).penalty.total
                if score < best.score { best = (candidate, score) }
            }
            chosenMask = best.mask
        }
        let finished = matrix.finished(correction: correction, mask: chosenMask)

        self.version = version
        self.correction = correction
        self.mask = chosenMask
        self.size = finished.size
        self.modules = finished.modules
    }

    /// Whether the module in column `x`, row `y` (from the top left, 0-based) is dark; `false` outside the symbol,
    /// so the quiet zone can be drawn by asking past the edges.
    public func isDark(x: Int, y: Int) -> Bool {
        guard x >= 0, y >= 0, x < size, y < size else { return false }
        return modules[y * size + x]
    }

    /// The most bytes that fit in byte mode at this version and level, or `nil` for a version that does not exist.
    public static func capacity(version: Int, correction: ErrorCorrection) -> Int? {
        guard let layout = QRCodeTables.layout(version: version, correction: correction) else { return nil }
        let bits = layout.dataCodewords * 8 - 4 - QRCodeTables.byteCountBits(version: version)
        return min(bits / 8, (1 << QRCodeTables.byteCountBits(version: version)) - 1)
    }

    /// The mask penalty score of this symbol (ISO/IEC 18004, 7.8.3.1), as used to choose the mask.
    var penalty: QRMatrix.Penalty { QRMatrix.Penalty(modules: modules, size: size) }

    /// Mode indicator, count, data, terminator, bit padding and pad codewords (ISO/IEC 18004, 7.4).
    /// The caller has checked that the bytes fit in `capacity` data codewords.
    static func dataCodewords(_ bytes: [UInt8], version: Int, capacity: Int) -> [UInt8] {
        var bits = BitBuffer()
        bits.append(0b0100, count: 4)
        bits.append(bytes.count, count: QRCodeTables.byteCountBits(version: version))
        for byte in bytes { bits.append(Int(byte), count: 8) }
        let capacityBits = capacity * 8
        bits.append(0, count: min(4, capacityBits - bits.count))
        bits.append(0, count: (8 - bits.count % 8) % 8)
        var codewords = bits.bytes
        var pad: UInt8 = 0xEC
        while codewords.count < capacity {
            codewords.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        return codewords
    }

    /// Splits the data codewords into blocks (the shorter blocks first), adds each block's error correction
    /// codewords, and interleaves them: data codewords column by column across blocks, then the error correction
    /// codewords likewise (ISO/IEC 18004, 7.6).
    static func interleavedCodewords(_ data: [UInt8], layout: QRCodeTables.Layout) -> [UInt8] {
        let blockCount = layout.blockCount
        let longBlocks = layout.totalCodewords % blockCount
        let shortBlockData = layout.totalCodewords / blockCount - layout.ecCodewordsPerBlock
        let encoder = ReedSolomonEncoder(degree: layout.ecCodewordsPerBlock)

        var dataBlocks: [[UInt8]] = []
        var ecBlocks: [[UInt8]] = []
        var start = 0
        for index in 0..<blockCount {
            let length = shortBlockData + (index >= blockCount - longBlocks ? 1 : 0)
            let end = min(start + length, data.count)
            let block = Array(data[min(start, end)..<end])
            dataBlocks.append(block)
            ecBlocks.append(encoder.remainder(of: block))
            start = end
        }

        var result: [UInt8] = []
        result.reserveCapacity(layout.totalCodewords)
        for column in 0..<(shortBlockData + 1) {
            for block in dataBlocks where column < block.count { result.append(block[column]) }
        }
        for column in 0..<layout.ecCodewordsPerBlock {
            for block in ecBlocks where column < block.count { result.append(block[column]) }
        }
        return result
    }
}

/// Bits appended most significant first, read out as bytes (the last one padded with zero bits).
struct BitBuffer {
    private(set) var bytes: [UInt8] = []
    private(set) var count = 0

    mutating func append(_ value: Int, count bitCount: Int) {
        guard bitCount > 0 else { return }
        for shift in stride(from: bitCount - 1, through: 0, by: -1) {
            if count % 8 == 0 { bytes.append(0) }
            if (value >> shift) & 1 == 1 { bytes[bytes.count - 1] |= UInt8(0x80 >> (count % 8)) }
            count += 1
        }
    }
}
