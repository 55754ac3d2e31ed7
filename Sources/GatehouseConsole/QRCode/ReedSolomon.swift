/// Arithmetic in GF(2⁸) with the QR Code field polynomial x⁸ + x⁴ + x³ + x² + 1 (0x11D), where the generator
/// element α is 2 (ISO/IEC 18004, 7.5.2).
enum GaloisField {
    /// `exp[i]` is αⁱ; doubled in length so that `exp[log a + log b]` needs no reduction modulo 255.
    static let exp: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 510)
        var value = 1
        for index in 0..<255 {
            table[index] = UInt8(value)
            table[index + 255] = UInt8(value)
            value <<= 1
            if value & 0x100 != 0 { value ^= 0x11D }
        }
        return table
    }()

    /// `log[a]` is i with αⁱ = a, for a ≠ 0 (`log[0]` is unused).
    static let log: [Int] = {
        var table = [Int](repeating: 0, count: 256)
        for index in 0..<255 { table[Int(exp[index])] = index }
        return table
    }()

    static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        if a == 0 || b == 0 { return 0 }
        return exp[log[Int(a)] + log[Int(b)]]
    }
}

/// Reed–Solomon error correction codewords as QR Code computes them: the remainder of the data polynomial times
/// x^degree divided by the generator polynomial (x − α⁰)(x − α¹)…(x − α^(degree−1)).
struct ReedSolomonEncoder: Sendable {
    /// Generator coefficients below the leading 1, highest degree first; `degree` of them.
    let generator: [UInt8]

    init(degree: Int) {
        var polynomial: [UInt8] = [1]
        for root in 0..<degree {
            let alpha = GaloisField.exp[root]
            var next = [UInt8](repeating: 0, count: polynomial.count + 1)
            for (index, coefficient) in polynomial.enumerated() {
                next[index] ^= coefficient
                next[index + 1] ^= GaloisField.multiply(coefficient, alpha)
            }
            polynomial = next
        }
        generator = Array(polynomial.dropFirst())
    }

    /// The error correction codewords for one block of data codewords.
    func remainder(of data: [UInt8]) -> [UInt8] {
        var remainder = [UInt8](repeating: 0, count: generator.count)
        guard !remainder.isEmpty else { return [] }
        for byte in data {
            let factor = byte ^ remainder[0]
            remainder.removeFirst()
            remainder.append(0)
            for index in remainder.indices {
                remainder[index] ^= GaloisField.multiply(generator[index], factor)
            }
        }
        return remainder
    }
}
