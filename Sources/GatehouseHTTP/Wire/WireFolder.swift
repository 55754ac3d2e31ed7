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
}


/// `folders/search`.
struct WireFolderSearch: Encodable {
    var total_count: Int
    var time: Int
    var next_cursor: String?
    var folders: [WireFolder]

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(total_count, forKey: .total_count)
        try c.encode(time, forKey: .time)
        try c.encode(next_cursor, forKey: .next_cursor)
        try c.encode(folders, forKey: .folders)
    }

    enum CodingKeys: String, CodingKey { case total_count, time, next_cursor, folders }
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
