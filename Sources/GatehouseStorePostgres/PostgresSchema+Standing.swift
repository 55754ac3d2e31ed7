extension PostgresSchema {
    /// The write generation at which each scope of standing last changed (`StandingChange`): a cached grant
    /// or decision compares the scopes it depends on, so a write elsewhere leaves it warm on every server.
    static let standing: [PostgresMigrations.Migration] = [
        .init(name: "v15-standing-change", statements: [
            "CREATE TABLE standingChange (scope TEXT PRIMARY KEY, generation BIGINT NOT NULL)"
        ])
    ]
}
