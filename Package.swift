// swift-tools-version:6.1
import PackageDescription

/// routeledger: an OpenAI-compatible routing gateway whose memory is an event-sourced ledger.
///
/// Dependency direction (each target only imports what is below it; ARCHITECTURE.md has the map):
///
///     Server ─→ Analytics ─→ Router ─→ DomainEvents ─→ Ledger ─→ SQLiteSupport, CZstd
///                                           └────────→ CanonicalJSON
///
/// Ledger and Router never import each other, and neither knows about HTTP. Linux only: the
/// package is built and tested on Linux (Debian), where its system libraries come from apt.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "routeledger",
    products: [
        .executable(name: "routeledger", targets: ["Server"]),
        .library(name: "Ledger", targets: ["Ledger"]),
        .library(name: "Router", targets: ["Router"]),
        .library(name: "Analytics", targets: ["Analytics"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]
        ),
        .systemLibrary(
            name: "CZstd",
            pkgConfig: "libzstd",
            providers: [.apt(["libzstd-dev"]), .brew(["zstd"])]
        ),
        // Canonical JSON: a value type, a fast writer with sorted keys and a strict pull reader.
        .target(name: "CanonicalJSON", swiftSettings: swiftSettings),
        // A thin layer over SQLite's C API: connections, prepared statements, result-code errors.
        .target(name: "SQLiteSupport", dependencies: ["CSQLite"], swiftSettings: swiftSettings),
        // The generic event store: seq, type, schema, compressed canonical payload, hash chain,
        // Merkle tree; SQLite behind the EventStore protocol. Knows no routeledger event type.
        .target(
            name: "Ledger",
            dependencies: [
                "SQLiteSupport",
                "CZstd",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // routeledger's domain events: the payload types (routing.decided, …) and their canonical JSON.
        .target(name: "DomainEvents", dependencies: ["Ledger", "CanonicalJSON"], swiftSettings: swiftSettings),
        // Model catalog, configuration, prompt features, routing strategies, failover policy.
        .target(
            name: "Router",
            dependencies: [
                "DomainEvents",
                "CanonicalJSON",
                "CZstd",
                "Yams",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),
        // Projections (stats, raw records), audits and proofs, replay, import and export.
        .target(
            name: "Analytics",
            dependencies: [
                "Ledger", "DomainEvents", "CanonicalJSON", "SQLiteSupport", "Router", "Yams", .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // The `routeledger` executable: the HTTP gateway (Hummingbird 2) and the command line.
        .executableTarget(
            name: "Server",
            dependencies: [
                "Ledger",
                "DomainEvents",
                "CanonicalJSON",
                "Router",
                "Analytics",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "LedgerTests", dependencies: ["Ledger", "DomainEvents", "CanonicalJSON", "CSQLite"], swiftSettings: swiftSettings),
        // Appends until killed; LedgerTests starts it and sends SIGKILL (see CrashRecoveryTests).
        .executableTarget(
            name: "LedgerCrashProbe",
            dependencies: ["Ledger", "DomainEvents"],
            path: "Tests/CrashProbe",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RouterTests", dependencies: ["Router", "DomainEvents", "CanonicalJSON"], resources: [.copy("Fixtures")], swiftSettings: swiftSettings),
        .testTarget(
            name: "AnalyticsTests", dependencies: ["Analytics", "Ledger", "DomainEvents", "CanonicalJSON", "SQLiteSupport", "Router"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "Analytics", "Ledger", "DomainEvents", "CanonicalJSON", "Router", "CSQLite",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
