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
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
    ],
    targets: [
        // Pure Cedar language library: parse, validate, evaluate, format. Foundation only.
        .target(name: "Cedar"),
        .target(
            name: "GatehouseCore",
            dependencies: [
                "Cedar",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Resources/catalog.json"), .copy("Resources/cloudinary.cedarschema.json")]
        ),
        .target(
            name: "GatehouseStoreSQLite",
            dependencies: [
                "GatehouseCore",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "GatehouseHTTP",
            dependencies: [
                "Cedar",
                "GatehouseCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "gatehouse",
            dependencies: [
                "GatehouseCore",
                "GatehouseStoreSQLite",
                "GatehouseHTTP",
                "Cedar",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .executableTarget(name: "cedar-bench", dependencies: ["Cedar"], path: "Benchmarks/CedarBenchmark"),
        .testTarget(name: "CedarTests", dependencies: ["Cedar"]),
        .testTarget(name: "GatehouseCoreTests", dependencies: ["GatehouseCore"]),
        .testTarget(
            name: "GatehouseStoreSQLiteTests",
            dependencies: ["GatehouseStoreSQLite"]
        ),
        .testTarget(
            name: "GatehouseHTTPTests",
            dependencies: [
                "GatehouseHTTP",
                "GatehouseStoreSQLite",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
