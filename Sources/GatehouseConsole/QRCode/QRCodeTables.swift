/// Symbol capacities for versions 1–40 (ISO/IEC 18004, table 9: error correction characteristics).
enum QRCodeTables {
    static let versions = 1...40

    /// Error correction codewords in each block, indexed by version − 1, per level.
    private static let ecCodewordsPerBlock: [QRCode.ErrorCorrection: [Int]] = [
        .low: [
            7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28,
            28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
        ],
        .medium: [
            10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26,
            26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
        ],
        .quartile: [
            13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30,
            28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
        ],
        .high: [
            17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28,
            30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
        ],
    ]

    /// Number of error correction blocks, indexed by version − 1, per level.
    private static let blockCounts: [QRCode.ErrorCorrection: [Int]] = [
        .low: [
            1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8,
            8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25,
        ],
        .medium: [
            1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16,
            17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49,
        ],
        .quartile: [
            1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20,
            23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68,
        ],
        .high: [
            1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25,
            25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81,
        ],
    ]

    /// The block structure of one version and level. `version` must lie in `versions`.
    struct Layout: Equatable {
        let ecCodewordsPerBlock: Int
        let blockCount: Int
        /// All codewords of the symbol, data and error correction.
        let totalCodewords: Int

        var dataCodewords: Int { totalCodewords - ecCodewordsPerBlock * blockCount }
    }

    static func layout(version: Int, correction: QRCode.ErrorCorrection) -> Layout? {
        guard versions.contains(version),
            let ec = ecCodewordsPerBlock[correction]?[version - 1],
            let blocks = blockCounts[correction]?[version - 1]
        else { return nil }
        return Layout(ecCodewordsPerBlock: ec, blockCount: blocks, totalCodewords: rawDataModules(version: version) / 8)
    }

    /// Modules left for codewords (and remainder bits) once the function patterns and the format and version
    /// information are drawn.
    static func rawDataModules(version: Int) -> Int {
        let size = 4 * version + 17
        var modules = size * size
        modules -= 3 * 64  // finder patterns with their separators
        modules -= 2 * (size - 16)  // timing patterns between the separators
        modules -= 2 * 15 + 1  // format information and the dark module
        let alignmentCenters = alignmentPatternCenters(version: version).count
        if alignmentCenters > 0 {
            let patterns = alignmentCenters * alignmentCenters - 3
            modules -= 25 * patterns
            // Alignment patterns lying on the timing patterns do not take those modules twice.
            modules += 2 * 5 * (alignmentCenters - 2)
        }
        if version >= 7 { modules -= 2 * 18 }  // version information
        return modules
    }

    /// Row and column coordinates of alignment pattern centres (ISO/IEC 18004, annex E): 6, then evenly spaced
    /// (an even step) ending at size − 7. Version 1 has none.
    static func alignmentPatternCenters(version: Int) -> [Int] {
        guard version >= 2 else { return [] }
        let count = version / 7 + 2
        let last = 4 * version + 10
        // The step is the even number spreading count − 1 intervals over last − 6, rounded up; version 32 is the
        // one exception in the standard's table.
        let step = version == 32 ? 26 : ((last - 6 + 2 * (count - 1) - 1) / (2 * (count - 1))) * 2
        var centers = [6]
        for index in stride(from: count - 2, through: 0, by: -1) {
            centers.append(last - index * step)
        }
        return centers
    }

    /// Bits of the character count indicator in byte mode.
    static func byteCountBits(version: Int) -> Int { version <= 9 ? 8 : 16 }
}
