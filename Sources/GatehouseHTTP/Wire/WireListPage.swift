/// One page of an Admin API listing: the items under their own key (`folders`, `collections`), then
/// `next_cursor` (null, not absent, on the last page: the spec requires the key) and `total_count`.
struct WireListPage<Item: Encodable>: Encodable {
    var key: String
    var items: [Item]
    var next_cursor: String?
    var total_count: Int

    init<Source>(_ key: String, _ page: OffsetPage<Source>, _ wire: (Source) -> Item) {
        self.key = key
        items = page.items.map(wire)
        next_cursor = page.nextCursor
        total_count = page.total
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: WireKey.self)
        try c.encode(items, forKey: WireKey(key))
        try c.encode(next_cursor, forKey: WireKey("next_cursor"))
        try c.encode(total_count, forKey: WireKey("total_count"))
    }
}

/// A coding key named at run time, for wire objects whose key names depend on what they hold.
struct WireKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ s: String) { stringValue = s }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
