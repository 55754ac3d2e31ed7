/// The module grid while a symbol is built: function patterns, codeword placement, masking, format and version
/// information (ISO/IEC 18004, 6.3 and 7.7–7.9), and the mask penalty score.
struct QRMatrix: Sendable {
    let version: Int
    let size: Int
    /// Row-major, `true` for dark.
    private(set) var modules: [Bool]
    /// Row-major, `true` for modules of function patterns and format or version information (never masked).
    private var isFunction: [Bool]

    init(version: Int) {
        self.version = version
        size = 4 * version + 17
        modules = Array(repeating: false, count: size * size)
        isFunction = Array(repeating: false, count: size * size)
    }

    private mutating func setFunction(x: Int, y: Int, dark: Bool) {
        guard x >= 0, y >= 0, x < size, y < size else { return }
        modules[y * size + x] = dark
        isFunction[y * size + x] = true
    }

    /// Finder patterns with separators, timing patterns, alignment patterns, the dark module, and the areas of the
    /// format and version information (drawn for real by `finished(correction:mask:)`).
    mutating func drawFunctionPatterns() {
        for index in 0..<size {
            setFunction(x: 6, y: index, dark: index % 2 == 0)
            setFunction(x: index, y: 6, dark: index % 2 == 0)
        }
        for (centerX, centerY) in [(3, 3), (size - 4, 3), (3, size - 4)] {
            // The 7×7 finder (dark ring, light ring, dark 3×3) and its light separator, clipped at the edges.
            for dy in -4...4 {
                for dx in -4...4 {
                    let ring = max(abs(dx), abs(dy))
                    setFunction(x: centerX + dx, y: centerY + dy, dark: ring != 2 && ring != 4)
                }
            }
        }
        let centers = QRCodeTables.alignmentPatternCenters(version: version)
        let last = centers.count - 1
        for (row, centerY) in centers.enumerated() {
            for (column, centerX) in centers.enumerated() {
                // No alignment pattern overlaps a finder pattern.
                if (row == 0 && column == 0) || (row == 0 && column == last) || (row == last && column == 0) { continue }
                for dy in -2...2 {
                    for dx in -2...2 {
                        setFunction(x: centerX + dx, y: centerY + dy, dark: max(abs(dx), abs(dy)) != 1)
                    }
                }
            }
        }
        drawFormatInformation(0)
        if version >= 7 { drawVersionInformation() }
    }

    /// Fills the data area with codeword bits, most significant first, in two-module columns from the right edge,
    /// upwards then downwards, skipping the vertical timing pattern; modules left over (remainder bits) stay light.
    mutating func placeCodewords(_ codewords: [UInt8]) {
        let bitCount = codewords.count * 8
        var bitIndex = 0
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            let upward = (right + 1) & 2 == 0
            for step in 0..<size {
                let y = upward ? size - 1 - step : step
                for x in [right, right - 1] where !isFunction[y * size + x] {
                    guard bitIndex < bitCount else { continue }
                    let byte = codewords[bitIndex / 8]
                    modules[y * size + x] = (byte >> (7 - bitIndex % 8)) & 1 == 1
                    bitIndex += 1
                }
            }
            right -= 2
        }
    }

    /// A copy with the mask applied to the data area and the format information for this level and mask drawn.
    func finished(correction: QRCode.ErrorCorrection, mask: Int) -> QRMatrix {
        var copy = self
        for y in 0..<size {
            for x in 0..<size where !isFunction[y * size + x] && Self.maskCondition(mask, x: x, y: y) {
                copy.modules[y * size + x].toggle()
            }
        }
        copy.drawFormatInformation(correction.formatBits << 3 | mask)
        return copy
    }

    /// Where mask `mask` inverts the module in column `x`, row `y` (ISO/IEC 18004, table 10, with i = y, j = x).
    static func maskCondition(_ mask: Int, x: Int, y: Int) -> Bool {
        switch mask {
        case 0: (x + y) % 2 == 0
        case 1: y % 2 == 0
        case 2: x % 3 == 0
        case 3: (x + y) % 3 == 0
        case 4: (x / 3 + y / 2) % 2 == 0
        case 5: (x * y) % 2 + (x * y) % 3 == 0
        case 6: ((x * y) % 2 + (x * y) % 3) % 2 == 0
        case 7: ((x + y) % 2 + (x * y) % 3) % 2 == 0
        default: false
        }
    }

    /// The 15-bit format information: level and mask, a BCH(15,5) code, XOR 101010000010010; bit 14 first.
    static func formatInformation(_ data: Int) -> Int {
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        return ((data << 10) | (remainder & 0x3FF)) ^ 0x5412
    }

    /// The 18-bit version information: version and a BCH(18,6) code.
    static func versionInformation(_ version: Int) -> Int {
        var remainder = version
        for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
        return (version << 12) | (remainder & 0xFFF)
    }

    /// Both copies of the format information, bit 0 the least significant, and the dark module.
    private mutating func drawFormatInformation(_ data: Int) {
        let bits = Self.formatInformation(data)
        func bit(_ index: Int) -> Bool { (bits >> index) & 1 == 1 }
        // Around the top-left finder: down column 8 (skipping the timing row), then left along row 8.
        for index in 0...5 { setFunction(x: 8, y: index, dark: bit(index)) }
        setFunction(x: 8, y: 7, dark: bit(6))
        setFunction(x: 8, y: 8, dark: bit(7))
        setFunction(x: 7, y: 8, dark: bit(8))
        for index in 9..<15 { setFunction(x: 14 - index, y: 8, dark: bit(index)) }
        // Split between the other two finders: along row 8 from the right edge, then up column 8 to the bottom.
        for index in 0..<8 { setFunction(x: size - 1 - index, y: 8, dark: bit(index)) }
        for index in 8..<15 { setFunction(x: 8, y: size - 15 + index, dark: bit(index)) }
        setFunction(x: 8, y: size - 8, dark: true)
    }

    /// Both 6×3 copies of the version information (versions 7 and up), bottom left and top right.
    private mutating func drawVersionInformation() {
        let bits = Self.versionInformation(version)
        for index in 0..<18 {
            let dark = (bits >> index) & 1 == 1
            let near = size - 11 + index % 3
            let far = index / 3
            setFunction(x: near, y: far, dark: dark)
            setFunction(x: far, y: near, dark: dark)
        }
    }

    var penalty: Penalty { Penalty(modules: modules, size: size) }

    /// The mask penalty score of a finished symbol (ISO/IEC 18004, 7.8.3.1, table 11), computed over the whole
    /// symbol including function patterns and format information.
    struct Penalty: Equatable, Sendable {
        /// Runs of five or more modules of one colour in a row or column: 3 + (length − 5) each.
        var adjacent = 0
        /// 2×2 blocks of one colour, overlapping ones counted each: 3 each.
        var blocks = 0
        /// dark-light-dark×3-light-dark in a row or column with four light modules (or the edge) before or
        /// after it: 40 each, overlapping ones counted once.
        var finderLike = 0
        /// 10 for every full 5 % that the share of dark modules lies away from 50 %.
        var balance = 0

        var total: Int { adjacent + blocks + finderLike + balance }

        init(adjacent: Int, blocks: Int, finderLike: Int, balance: Int) {
            self.adjacent = adjacent
            self.blocks = blocks
            self.finderLike = finderLike
            self.balance = balance
        }

        init(modules: [Bool], size: Int) {
            guard size > 0, modules.count == size * size else { return }
            func dark(_ x: Int, _ y: Int) -> Bool { modules[y * size + x] }
            var darkCount = 0
            for line in 0..<size {
                let row = (0..<size).map { dark($0, line) }
                let column = (0..<size).map { dark(line, $0) }
                adjacent += Self.runScore(row) + Self.runScore(column)
                finderLike += Self.finderLikeScore(row) + Self.finderLikeScore(column)
                darkCount += row.filter { $0 }.count
            }
            for y in 0..<(size - 1) {
                for x in 0..<(size - 1) {
                    let color = dark(x, y)
                    if dark(x + 1, y) == color && dark(x, y + 1) == color && dark(x + 1, y + 1) == color { blocks += 3 }
                }
            }
            let total = size * size
            balance = 10 * (abs(darkCount * 20 - total * 10) / total)
        }

        private static func runScore(_ line: [Bool]) -> Int {
            var score = 0
            var runLength = 0
            var previous: Bool?
            for module in line {
                if module == previous {
                    runLength += 1
                } else {
                    if runLength >= 5 { score += runLength - 2 }
                    runLength = 1
                    previous = module
                }
            }
            if runLength >= 5 { score += runLength - 2 }
            return score
        }

        private static let finderPattern: [Bool] = [true, false, true, true, true, false, true]

        private static func finderLikeScore(_ line: [Bool]) -> Int {
            guard line.count >= 7 else { return 0 }
            // Outside the symbol counts as light.
            func light(_ range: Range<Int>) -> Bool {
                range.allSatisfy { $0 < 0 || $0 >= line.count || !line[$0] }
            }
            var score = 0
            var start = 0
            while start + 7 <= line.count {
                if line[start..<(start + 7)].elementsEqual(finderPattern)
                    && (light((start - 4)..<start) || light((start + 7)..<(start + 11)))
                {
                    score += 40
                    // Patterns counted do not overlap (as segno counts them): 1011101011101 is one, not two.
                    start += 7
                } else {
                    start += 1
                }
            }
            return score
        }
    }
}
