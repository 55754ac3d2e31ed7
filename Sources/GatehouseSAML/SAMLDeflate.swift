import CLibXML2

/// Raw DEFLATE (RFC 1951, no zlib header) as the HTTP-Redirect binding requires, through zlib.
enum SAMLDeflate {
    static func compress(_ input: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        // windowBits -15: raw deflate.
        guard deflateInit2_(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK
        else { return [] }
        defer { deflateEnd(&stream) }
        let capacity = Int(deflateBound(&stream, uLong(input.count))) + 16
        guard let output = run(&stream, input, capacity: capacity, { deflate(&$0, Z_FINISH) }) else { return [] }
        return output
    }

    /// Inflates raw DEFLATE, stopping at `limit` bytes of output (nil when larger or invalid).
    static func decompress(_ input: [UInt8], limit: Int) -> [UInt8]? {
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        guard let output = run(&stream, input, capacity: limit + 1, { inflate(&$0, Z_FINISH) }), output.count <= limit else { return nil }
        return output
    }

    /// Runs one zlib pass over all of `input` into at most `capacity` bytes; nil unless the stream ended.
    private static func run(
        _ stream: inout z_stream, _ input: [UInt8], capacity: Int, _ step: (inout z_stream) -> Int32
    ) -> [UInt8]? {
        var output = [UInt8](repeating: 0, count: capacity)
        var input = input
        let status = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                stream.next_in = inBuffer.baseAddress
                stream.avail_in = uInt(inBuffer.count)
                stream.next_out = outBuffer.baseAddress
                stream.avail_out = uInt(outBuffer.count)
                return step(&stream)
            }
        }
        guard status == Z_STREAM_END else { return nil }
        return Array(output.prefix(Int(stream.total_out)))
    }
}
