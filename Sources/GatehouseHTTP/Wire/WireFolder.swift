import GatehouseCore

/// A folder as the Admin API lists it.
struct WireFolder: Encodable {
    var name: String
    var path: String
    var external_id: String
    /// Sent by folder search only.
    var created_at: String?

    init(_ f: Folder, withCreatedAt: Bool = false) {
        name = f.name
        path = f.path
        external_id = f.externalID
        created_at = withCreatedAt ? WireTimestamp.string(f.createdAt) : nil
    }

    /// What `Encodable` writes, through `JSONWriter` (for a page of search results).
    func write(to w: inout JSONWriter) {
        w.object { w in
            w.member("name", name)
            w.member("path", path)
            w.member("external_id", external_id)
            w.member("created_at", created_at)
        }
    }
}

/// `folders/search`.
struct WireFolderSearch {
    var total_count: Int
    var time: Int
    var next_cursor: String?
    var folders: [WireFolder]

    /// Written by `JSONWriter`: a page of 500 folders through `JSONEncoder` cost more than finding them.
    func write(to w: inout JSONWriter) {
        w.object { w in
            w.member("total_count", total_count)
            w.member("time", time)
            w.member("next_cursor", orNull: next_cursor)
            w.member("folders") { w in
                w.array(folders) { w, folder in folder.write(to: &w) }
            }
        }
    }
}

/// `create_folder`: the folder plus `success`.
struct WireCreatedFolder: Encodable {
    var success = true
    var name: String
    var path: String
    var external_id: String
}

/// `rename_folder`.
struct WireFolderMove: Encodable {
    struct NamePath: Encodable {
        var name: String
        var path: String
    }
    var from: NamePath
    var to: NamePath
}

/// `delete_folder`.
struct WireDeletedFolders: Encodable {
    var deleted: [String]
    var next_cursor: String?

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(deleted, forKey: .deleted)
        try c.encode(next_cursor, forKey: .next_cursor)
    }

    enum CodingKeys: String, CodingKey { case deleted, next_cursor }
}
