// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Gatehouse",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Cedar", targets: ["Cedar"]),
        .executable(name: "gatehouse", targets: ["gatehouse"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", exact: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", exact: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", exact: "2.1.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", exact: "3.12.3"),
        .package(url: "https://github.com/apple/swift-certificates.git", exact: "1.21.1"),
        .package(url: "https://github.com/apple/swift-nio.git", exact: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", exact: "2.37.6"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", exact: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", exact: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", exact: "1.33.2"),
    ],
    targets: [
        // Pure Cedar language library: parse, validate, evaluate, format. Foundation only.
        .target(name: "Cedar"),
        .target(
            name: "GatehouseCore",
            dependencies: [
                "Cedar",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ],
            resources: [.copy("Resources/catalog.json"), .copy("Resources/cloudinary.cedarschema.json")]
        ),
        .target(
            name: "GatehouseStoreSQLite",
            dependencies: [
                "GatehouseCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        // The store for several servers on one database: the same store protocols over PostgreSQL.
        .target(
            name: "GatehouseStorePostgres",
            dependencies: [
                "GatehouseCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .target(
            name: "GatehouseHTTP",
            dependencies: [
                "Cedar",
                "GatehouseCore",
                "GatehouseSCIM",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        // syncfs(2), which Swift's Glibc module leaves out: the outbox makes a batch of messages durable at once.
        .target(name: "CFileSystem"),
        // Outgoing mail: SMTP (plain, STARTTLS, smtps) or the outbox directory, and the delivery queue's worker.
        .target(
            name: "GatehouseMail",
            dependencies: [
                "GatehouseCore",
                "CFileSystem",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // libxml2 (parsing, exclusive c14n) and zlib (raw DEFLATE) for the SAML target.
        .systemLibrary(
            name: "CLibXML2",
            path: "Sources/CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev", "zlib1g-dev"])]
        ),
        // SAML 2.0 XML: responses and their signatures, metadata, AuthnRequests. Knows nothing of HTTP or SQL.
        .target(
            name: "GatehouseSAML",
            dependencies: [
                "GatehouseCore",
                "CLibXML2",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
            ]
        ),
        // SCIM 2.0's pure parts: schemas, filters, PATCH, errors, list queries. Knows nothing of HTTP or SQL.
        .target(name: "GatehouseSCIM", dependencies: ["GatehouseCore"]),
        // The Console: server-rendered pages for people (sign-in, invitations, resets, My Profile).
        .target(
            name: "GatehouseConsole",
            dependencies: [
                "GatehouseCore",
                "GatehouseHTTP",
                "GatehouseSAML",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [.copy("Templates"), .copy("Assets")]
        ),
        .executableTarget(
            name: "gatehouse",
            dependencies: [
                "GatehouseCore",
                "GatehouseStoreSQLite",
                "GatehouseStorePostgres",
                "GatehouseHTTP",
                "GatehouseMail",
                "GatehouseConsole",
                "GatehouseSAML",
                "Cedar",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(name: "cedar-bench", dependencies: ["Cedar"], path: "Benchmarks/CedarBenchmark"),
        // What several test targets share (a seeded random source).
        .target(name: "GatehouseTestSupport", path: "Tests/GatehouseTestSupport"),
        .testTarget(name: "CedarTests", dependencies: ["Cedar", "GatehouseTestSupport"]),
        .testTarget(name: "GatehouseCoreTests", dependencies: ["GatehouseCore"]),
        .testTarget(name: "GatehouseMailTests", dependencies: ["GatehouseMail", "GatehouseStoreSQLite", "GatehouseTestSupport"]),
        .testTarget(name: "GatehouseSCIMTests", dependencies: ["GatehouseSCIM", "GatehouseCore", "GatehouseTestSupport"]),
        .testTarget(
            name: "GatehouseSAMLTests",
            dependencies: ["GatehouseSAML", "GatehouseCore", "CLibXML2", "GatehouseTestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "GatehouseConsoleTests",
            dependencies: [
                "GatehouseConsole",
                "GatehouseStoreSQLite",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            // Read by path (`QRCodeTests`), not bundled.
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "GatehouseStoreSQLiteTests",
            dependencies: [
                "GatehouseStoreSQLite",
                "GatehouseStorePostgres",
                // Raw SQL beside the store (damage, tampering) and a database per fixture.
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "GatehouseHTTPTests",
            dependencies: [
                "GatehouseHTTP",
                "GatehouseConsole",
                "GatehouseStoreSQLite",
                "GatehouseTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                // The escalation test's own SAML IdP: a key, a self-signed certificate, signed responses.
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
