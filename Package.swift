// swift-tools-version:6.1
import PackageDescription

/// routeledger: an OpenAI-compatible routing gateway whose memory is an event-sourced ledger.
///
/// Dependency direction: Server → Analytics → Router, Ledger. Benchmarks (`routeledger-bench`) sits
/// beside Server, not in it.
/// Ledger and Router never import each other, and neither knows about HTTP.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "routeledger",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "routeledger", targets: ["Server"]),
        .executable(name: "routeledger-bench", targets: ["Benchmarks"]),
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
        .target(
            name: "Ledger",
            dependencies: [
                "CSQLite",
                "CZstd",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Router",
            dependencies: [
                "CZstd",
                "Yams",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Analytics",
            dependencies: [
                "Ledger", "Router", "Yams", .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // SplitMix64, the seeded random number generator of the simulated provider, the benchmarks and the tests.
        .target(name: "SeededRandom", swiftSettings: swiftSettings),
        .executableTarget(
            name: "Server",
            dependencies: [
                "Ledger",
                "Router",
                "Analytics",
                "SeededRandom",
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
        .target(name: "TrafficFixtures", dependencies: ["Ledger", "SeededRandom"], swiftSettings: swiftSettings),
        // Runs the built executables as child processes, for the benchmarks and the command-line tests; not shipped.
        .target(name: "CommandLineHarness", swiftSettings: swiftSettings),
        // `routeledger-bench`: BENCHMARKS.md's measurements; runs the routeledger beside it, nginx, wrk, python3.
        .executableTarget(
            name: "Benchmarks",
            dependencies: [
                "Ledger",
                "Router",
                "Analytics",
                "SeededRandom",
                "TrafficFixtures",
                "CommandLineHarness",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LedgerTests", dependencies: ["Ledger", "CSQLite", "SeededRandom", "TrafficFixtures"],
            swiftSettings: swiftSettings),
        // Appends until killed; LedgerTests starts it and sends SIGKILL (see CrashRecoveryTests).
        .executableTarget(
            name: "LedgerCrashProbe",
            dependencies: ["Ledger"],
            path: "Tests/CrashProbe",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RouterTests", dependencies: ["Router"], resources: [.copy("Fixtures")], swiftSettings: swiftSettings),
        .testTarget(
            name: "AnalyticsTests", dependencies: ["Analytics", "Ledger", "Router", "SeededRandom"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "Analytics", "Ledger", "CSQLite", "CommandLineHarness",
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
