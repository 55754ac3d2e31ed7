/// An IPv4 or IPv6 address with a CIDR prefix length (the `ipaddr` extension type).
///
/// Parsing follows the reference: dotted-quad IPv4 without leading zeros,
/// RFC 4291 IPv6 text (no embedded IPv4), optional `/prefix` without leading zeros.
/// The host bits are kept, so `ip("10.0.0.1/24") != ip("10.0.0.0/24")`.
public struct IPAddr: Sendable, Hashable, CustomStringConvertible {
    public let isIPv4: Bool
    /// Upper 64 bits (IPv6 only).
    public let high: UInt64
    /// Lower 64 bits; IPv4 addresses live in the low 32 bits.
    public let low: UInt64
    public let prefix: UInt8

    public var isIPv6: Bool { !isIPv4 }

    /// Parses Cedar `ip("…")` text; nil if malformed.
    public init?(_ text: String) {
        let s = Array(text.utf8)
        if s.count > 43 { return nil }
        // The reference rejects IPv4-embedded IPv6 (two+ colons and two+ dots).
        if s.filter({ $0 == UInt8(ascii: ":") }).count >= 2 && s.filter({ $0 == UInt8(ascii: ".") }).count >= 2 {
            return nil
        }
        var addrPart = s[...]
        var prefixPart: ArraySlice<UInt8>? = nil
        if let slash = s.firstIndex(of: UInt8(ascii: "/")) {
            addrPart = s[..<slash]
            prefixPart = s[(slash + 1)...]
        }
        if let v4 = IPAddr.parseV4(addrPart) {
            isIPv4 = true; high = 0; low = UInt64(v4)
            if let p = prefixPart {
                guard let n = IPAddr.parsePrefix(p, max: 32, maxLen: 2) else { return nil }
                prefix = n
            } else { prefix = 32 }
        } else if let v6 = IPAddr.parseV6(addrPart) {
            isIPv4 = false; high = v6.0; low = v6.1
            if let p = prefixPart {
                guard let n = IPAddr.parsePrefix(p, max: 128, maxLen: 3) else { return nil }
                prefix = n
            } else { prefix = 128 }
        } else {
            return nil
        }
    }

    private static func parsePrefix(_ s: ArraySlice<UInt8>, max: Int, maxLen: Int) -> UInt8? {
        guard !s.isEmpty, s.count <= maxLen, s.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        if s.first == 48 && s.count > 1 { return nil }
        let n = s.reduce(0) { $0 * 10 + Int($1 - 48) }
        return n <= max ? UInt8(n) : nil
    }

    /// Rust `Ipv4Addr` syntax: four decimal octets, 1-3 digits, no leading zeros.
    private static func parseV4(_ s: ArraySlice<UInt8>) -> UInt32? {
        let parts = s.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var result: UInt32 = 0
        for p in parts {
            guard !p.isEmpty, p.count <= 3, p.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
            if p.first == 48 && p.count > 1 { return nil }
            let n = p.reduce(0) { $0 * 10 + Int($1 - 48) }
            guard n <= 255 else { return nil }
            result = result << 8 | UInt32(n)
        }
        return result
    }

    /// Rust `Ipv6Addr` syntax without the embedded-IPv4 form.
    private static func parseV6(_ s: ArraySlice<UInt8>) -> (UInt64, UInt64)? {
        func hexGroups(_ part: ArraySlice<UInt8>) -> [UInt16]? {
            if part.isEmpty { return [] }
            var out: [UInt16] = []
            for g in part.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false) {
                guard !g.isEmpty, g.count <= 4 else { return nil }
                var v: UInt16 = 0
                for c in g {
                    let d: UInt16
                    switch c {
                    case 48...57: d = UInt16(c - 48)
                    case 97...102: d = UInt16(c - 87)
                    case 65...70: d = UInt16(c - 55)
                    default: return nil
                    }
                    v = v << 4 | d
                }
                out.append(v)
            }
            return out
        }
        var groups: [UInt16]
        let arr = Array(s)
        var dc: Int? = nil
        var i = 0
        while i + 1 < arr.count {
            if arr[i] == 58 && arr[i + 1] == 58 { dc = i; break }
            i += 1
        }
        if let d = dc {
            guard let head = hexGroups(arr[..<d]), let tail = hexGroups(arr[(d + 2)...]) else { return nil }
            // `::` must stand for at least one zero group.
            guard head.count + tail.count <= 7 else { return nil }
            groups = head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        } else {
            guard let g = hexGroups(arr[...]), g.count == 8 else { return nil }
            groups = g
        }
        var hi: UInt64 = 0, lo: UInt64 = 0
        for k in 0..<4 { hi = hi << 16 | UInt64(groups[k]) }
        for k in 4..<8 { lo = lo << 16 | UInt64(groups[k]) }
        return (hi, lo)
    }

    /// `127.0.0.0/8` (prefix ≥ 8) or `::1/128`.
    public var isLoopback: Bool {
        if isIPv4 { return (low >> 24) == 127 && prefix >= 8 }
        return high == 0 && low == 1 && prefix >= 128
    }

    /// `224.0.0.0/4` (prefix ≥ 4) or `ff00::/8` (prefix ≥ 8).
    public var isMulticast: Bool {
        if isIPv4 { return (low >> 28) == 0xE && prefix >= 4 }
        return (high >> 56) == 0xFF && prefix >= 8
    }

    /// True if this address range lies within `other`'s range (same family only).
    public func isInRange(_ other: IPAddr) -> Bool {
        guard isIPv4 == other.isIPv4 else { return false }
        if isIPv4 {
            func net(_ a: IPAddr) -> UInt32 { a.prefix == 0 ? 0 : UInt32(truncatingIfNeeded: a.low) & (UInt32.max << (32 - UInt32(a.prefix))) }
            func bcast(_ a: IPAddr) -> UInt32 { a.prefix >= 32 ? UInt32(truncatingIfNeeded: a.low) : UInt32(truncatingIfNeeded: a.low) | (UInt32.max >> UInt32(a.prefix)) }
            return net(other) <= net(self) && bcast(self) <= bcast(other)
        }
        func mask(_ p: Int) -> (UInt64, UInt64) {
            if p == 0 { return (0, 0) }
            if p <= 64 { return (UInt64.max << UInt64(64 - p), 0) }
            if p == 128 { return (UInt64.max, UInt64.max) }
            return (UInt64.max, UInt64.max << UInt64(128 - p))
        }
        func net(_ a: IPAddr) -> (UInt64, UInt64) { let m = mask(Int(a.prefix)); return (a.high & m.0, a.low & m.1) }
        func bcast(_ a: IPAddr) -> (UInt64, UInt64) { let m = mask(Int(a.prefix)); return (a.high | ~m.0, a.low | ~m.1) }
        func le(_ x: (UInt64, UInt64), _ y: (UInt64, UInt64)) -> Bool { x.0 < y.0 || (x.0 == y.0 && x.1 <= y.1) }
        return le(net(other), net(self)) && le(bcast(self), bcast(other))
    }

    public var description: String {
        if isIPv4 {
            let a = UInt32(truncatingIfNeeded: low)
            return "\(a >> 24).\(a >> 16 & 255).\(a >> 8 & 255).\(a & 255)/\(prefix)"
        }
        var groups: [String] = []
        for k in (0..<4).reversed() { groups.append(String((high >> UInt64(16 * k)) & 0xffff, radix: 16)) }
        for k in (0..<4).reversed() { groups.append(String((low >> UInt64(16 * k)) & 0xffff, radix: 16)) }
        return groups.joined(separator: ":") + "/\(prefix)"
    }
}
