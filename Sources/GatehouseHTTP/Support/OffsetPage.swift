import GatehouseCore
import Hummingbird

/// One page of an Admin API listing: `max_results` (1…limit, default the limit) items from the offset in
/// `next_cursor`; `nextCursor` is nil on the last page, `total` counts every item listed.
struct OffsetPage<Item> {
    var items: [Item]
    var nextCursor: String?
    var total: Int

    init(_ all: [Item], _ request: Request, limit: Int) throws {
        let q = QueryParameters(request.uri.query)
        let size = try q.int("max_results", in: 1...limit) ?? limit
        var offset = 0
        if let cursor = q.string("next_cursor") {
            guard let n = Int(cursor), n >= 0 else {
                throw GatehouseError.invalidField(field: "next_cursor", reason: "is not a cursor from a previous page")
            }
            offset = n
        }
        let slice = all.dropFirst(offset).prefix(size)
        let end = offset + slice.count
        items = Array(slice)
        nextCursor = end < all.count ? String(end) : nil
        total = all.count
    }
}
