// swift-tools-version:6.1
import PackageDescription

/// routeledger: an OpenAI-compatible routing gateway whose memory is an event-sourced ledger.
///
/// What ships is the `routeledger` executable (Server). Dependency direction — each target
/// imports only what is to its right (ARCHITECTURE.md has the map):
///
///     Server ─→ Analytics ─→ Router ─→ DomainEvents ─→ Ledger ─→ SQLiteSupport ─→ CSQLite
///                                           │                └─→ CZstd
///                                           └─→ CanonicalJSON
///
/// Ledger and Router never import each other, and neither knows about HTTP. What measures and
/// what tests sit beside the product, never in it: `routeledger-bench` (Benchmarks) and the
/// support targets SeededRandom, TrafficFixtures and CommandLineHarness.
///
/// Linux only: built and tested on Debian, where the system libraries come from apt.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    // The hot paths cross targets (a payload in DomainEvents decodes with CanonicalJSON's reader;
    // the ledger scans for Analytics): without cross-module optimization their generic and small
    // functions are neither specialized nor inlined, and a scan ran at 60 % of its one-module speed.
    .unsafeFlags(["-cross-module-optimization"], .when(configuration: .release)),
]

let package = Package(
    name: "routeledger",
    products: [
        .executable(name: "routeledger", targets: ["Server"]),
        .executable(name: "routeledger-bench", targets: ["Benchmarks"]),
        .executable(name: "routeledger-train", targets: ["ClassifierTraining"]),
        .library(name: "Ledger", targets: ["Ledger"]),
        .library(name: "Router", targets: ["Router"]),
        .library(name: "Analytics", targets: ["Analytics"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.2"),
        // FilePath, which swift-subprocess names executables by.
        .package(url: "https://github.com/apple/swift-system.git", from: "1.8.1"),
    ],
    targets: [
        // System libraries (pkg-config; apt packages named for `make deps`).
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .systemLibrary(
            name: "CZstd",
            pkgConfig: "libzstd",
            providers: [.apt(["libzstd-dev"])]
        ),

        // Canonical JSON: a value type, a fast writer with sorted keys and a strict pull reader.
        .target(name: "CanonicalJSON", swiftSettings: swiftSettings),
        // A thin layer over SQLite's C API: connections, prepared statements, result-code errors.
        .target(name: "SQLiteSupport", dependencies: ["CSQLite"], swiftSettings: swiftSettings),
        // The `main` both executables share: run the command, errors as one line and a non-zero exit.
        .target(
            name: "CommandLineEntry",
            dependencies: [.product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings),
        // SplitMix64, the seeded random number generator of the simulated provider, the benchmarks and the tests.
        .target(name: "SeededRandom", swiftSettings: swiftSettings),

        // The generic event store: seq, type, schema, compressed canonical payload, hash chain and
        // Merkle tree, SQLite behind the EventStore protocol (async reads on NIO's blocking pool).
        // Knows no routeledger event type.
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
        // The PostgreSQL event store (postgres-nio): the same events, chain and tree as the SQLite
        // store, for several gateway replicas on one database; LISTEN/NOTIFY wakes followers.
        .target(
            name: "PostgresLedger",
            dependencies: [
                "Ledger",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                // Only to recognize its errors (the pool that cannot connect, the closed pool).
                .product(name: "_ConnectionPoolModule", package: "postgres-nio"),
                // The TLS context of the direct connections: the one that opens the ledger, the appends' one.
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                // The appends' connection has a thread (an event loop) of its own.
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // routeledger's domain events: the payload types (routing.decided, …) and their canonical JSON.
        .target(name: "DomainEvents", dependencies: ["Ledger", "CanonicalJSON"], swiftSettings: swiftSettings),
        // Model catalog, configuration, tokenizer, prompt features, routing strategies, failover policy.
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
                "Ledger", "DomainEvents", "CanonicalJSON", "SQLiteSupport", "Router", "Yams",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // The console's HTML: mustache templates, CSS and script bundled as resources, rendered from
        // plain page values (the controllers that fill them live in Server).
        .target(
            name: "Console",
            dependencies: [.product(name: "Mustache", package: "swift-mustache")],
            resources: [.copy("Templates"), .copy("Assets")],
            swiftSettings: swiftSettings
        ),
        // The `routeledger` executable: the HTTP gateway (Hummingbird 2) and the command line.
        .executableTarget(
            name: "Server",
            dependencies: [
                "Console",
                "PostgresLedger",
                // The request log's rows look their fields up by name (`MustacheParent`) rather than by reflection.
                .product(name: "Mustache", package: "swift-mustache"),
                "Ledger",
                "DomainEvents",
                "CanonicalJSON",
                "Router",
                "Analytics",
                "SeededRandom",
                "CommandLineEntry",
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

        // Seeded synthetic gateway traffic (ledger events) for the benchmarks and the tests; not shipped.
        .target(
            name: "TrafficFixtures", dependencies: ["Ledger", "DomainEvents", "CanonicalJSON", "SeededRandom"],
            swiftSettings: swiftSettings),
        // A database of its own per test, on the throwaway PostgreSQL cluster `make test` starts; not shipped.
        .target(
            name: "PostgresTestSupport",
            dependencies: ["PostgresLedger", .product(name: "PostgresNIO", package: "postgres-nio")],
            swiftSettings: swiftSettings),
        // Runs the built executables as child processes, for the benchmarks and the command-line tests; not shipped.
        // Through swift-subprocess, not Foundation's Process (whose run() over-reads /proc/self/fd on Swift 6.3.1).
        .target(
            name: "CommandLineHarness",
            dependencies: [
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: swiftSettings),
        // `routeledger-bench`: BENCHMARKS.md's measurements; runs the routeledger beside it, nginx, wrk, python3.
        .executableTarget(
            name: "Benchmarks",
            dependencies: [
                "Ledger",
                "DomainEvents",
                "CanonicalJSON",
                "Router",
                "Analytics",
                "SeededRandom",
                "TrafficFixtures",
                "CommandLineHarness",
                "CommandLineEntry",
                "PostgresLedger",
                "PostgresTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Subprocess", package: "swift-subprocess"),
            ],
            swiftSettings: swiftSettings
        ),

        // `routeledger-train`: trains the prompt classifier the Router bundles (Training/README.md); not shipped.
        .executableTarget(
            name: "ClassifierTraining",
            dependencies: ["Router", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings
        ),

        .testTarget(name: "ClassifierTrainingTests", dependencies: ["ClassifierTraining", "Router"], swiftSettings: swiftSettings),
        .testTarget(name: "ConsoleTests", dependencies: ["Console"], swiftSettings: swiftSettings),
        .testTarget(name: "CanonicalJSONTests", dependencies: ["CanonicalJSON"], swiftSettings: swiftSettings),
        .testTarget(
            name: "LedgerTests",
            dependencies: [
                "Ledger", "PostgresLedger", "PostgresTestSupport", "DomainEvents", "CanonicalJSON", "CSQLite", "SeededRandom",
                "TrafficFixtures",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: swiftSettings),
        // Appends until killed; LedgerTests starts it and sends SIGKILL (see CrashRecoveryTests).
        .executableTarget(
            name: "LedgerCrashProbe",
            dependencies: ["Ledger", "DomainEvents", "CanonicalJSON"],
            path: "Tests/CrashProbe",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RouterTests", dependencies: ["Router", "DomainEvents", "CanonicalJSON"], resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "AnalyticsTests",
            dependencies: ["Analytics", "Ledger", "DomainEvents", "CanonicalJSON", "SQLiteSupport", "Router", "SeededRandom"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "Analytics", "Ledger", "DomainEvents", "CanonicalJSON", "Router", "CSQLite", "CommandLineHarness",
                "PostgresTestSupport",
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
        // Tests of routeledger-bench: its parsers and inputs, and the real executable on small sizes.
        .testTarget(
            name: "BenchmarksTests", dependencies: ["Benchmarks", "Analytics", "CommandLineHarness"],
            swiftSettings: swiftSettings),
    ]
)
