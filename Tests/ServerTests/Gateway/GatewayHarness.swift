import DomainEvents
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import Logging
import Router
@testable import Server
import Testing

/// Builds the real gateway with `buildApplication`, serves it live on a free port, and reads its
/// ledger from the test.
struct GatewayHarness {
    let config: RouteledgerConfig
    var environment: [String: String] = [:]
    var host = "127.0.0.1"
    /// The clock the gateway's circuit breakers read.
    var breakerClock: @Sendable () -> ContinuousClock.Instant = { .now }
    /// The SQLite ledger's file (or, with PostgreSQL, the stem of the projections file).
    let ledgerPath: String
    let ledger: LedgerAddress
    /// This gateway's projections file.
    let projectionsPath: String

    init(config: RouteledgerConfig, environment: [String: String] = [:]) {
        self.config = config
        self.environment = environment
        ledgerPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("gateway-\(UUID().uuidString).sqlite").path
        ledger = .sqlite(path: ledgerPath)
        projectionsPath = ledger.defaultProjectionsPath
    }

    /// A gateway on the PostgreSQL ledger at `databaseURL` (passed in the environment, as a
    /// replica gets it), with a projections file of its own.
    init(config: RouteledgerConfig, databaseURL: String, environment: [String: String] = [:]) {
        self.config = config
        self.environment = environment.merging([LedgerSettings.defaultURLEnv: databaseURL]) { $1 }
        ledgerPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("replica-\(UUID().uuidString).sqlite").path
        ledger = .postgres(urlVariable: LedgerSettings.defaultURLEnv)
        projectionsPath = ledgerPath + "-projections"
    }

    /// A configuration with two OpenAI-kind providers on the stub: `primary` serves `model-a`
    /// (simple) and `model-c` (complex), `backup` serves `model-b` (simple, same group); one retry.
    /// Embeddings: `model-e` on primary, `model-e2` on backup (one group).
    static func stubConfig(port: Int, extra: String = "", retries: Int = 1, timeoutMs: Int = 2_000) throws -> RouteledgerConfig {
        try RouteledgerConfig.parse(yaml: """
            providers:
              - {name: primary, kind: openai, base_url: "http://127.0.0.1:\(port)/v1", api_key_env: STUB_PROVIDER_KEY, priority: 1, timeout_ms: \(timeoutMs)}
              - {name: backup, kind: openai, base_url: "http://127.0.0.1:\(port)/v1", priority: 2, timeout_ms: \(timeoutMs)}
            models:
              - {name: model-a, provider: primary, upstream_model: upstream-a, tier: simple, input_price_per_1k: 0.001, output_price_per_1k: 0.002}
              - {name: model-b, provider: backup, upstream_model: upstream-b, tier: simple, input_price_per_1k: 0.0005, output_price_per_1k: 0.001}
              - {name: model-m, provider: primary, upstream_model: upstream-m, tier: medium, input_price_per_1k: 0.002, output_price_per_1k: 0.004}
              - {name: model-c, provider: primary, upstream_model: upstream-c, tier: complex, input_price_per_1k: 0.01, output_price_per_1k: 0.03}
              - {name: model-e, provider: primary, upstream_model: upstream-e, kind: embedding, input_price_per_1k: 0.0001}
              - {name: model-e2, provider: backup, upstream_model: upstream-e2, kind: embedding, input_price_per_1k: 0.00002}
            routing:
              retries: {count: \(retries), backoff_ms: 0}
            \(extra)
            """, file: "stub.yaml")
    }

    /// Serves the gateway for the duration of `body`.
    func run<T: Sendable>(_ body: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        var logger = Logger(label: "gateway-test")
        logger.logLevel = .warning
        var options = GatewayOptions(
            config: config, configSource: "test", host: host, port: 0, ledger: ledger, projectionsPath: projectionsPath,
            environment: environment)
        options.breakerClock = breakerClock
        let app = try await buildApplication(options, logger: logger)
        return try await app.test(.live) { client in try await body(client) }
    }

    /// The events of `requestID`, in order, opened read-only beside the running gateway.
    func events(of requestID: String) async throws -> [LedgerEvent] {
        try await readOnlyLedger().using { ledger in
            try await ledger.events(requestID: requestID).map { try $0.decoded() }
        }
    }

    /// The stored events of `requestID` (ids, seqs, types), in order.
    func storedEvents(of requestID: String) async throws -> [StoredEvent] {
        try await readOnlyLedger().using { ledger in try await ledger.events(requestID: requestID) }
    }

    /// Reads `requestID`'s events until `found` returns a value (events the gateway appends off the
    /// request path, such as breaker moves, land a moment after the answer); nil after 10 s.
    func eventually<T>(of requestID: String, _ found: ([LedgerEvent]) -> T?) async throws -> T? {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if let value = found(try await events(of: requestID)) { return value }
            try await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    /// Every event in the ledger, decoded, in order.
    func allEvents() async throws -> [LedgerEvent] {
        try await readOnlyLedger().using { ledger in
            try await ledger.events(after: 0, limit: 100_000).map { try $0.decoded() }
        }
    }

    /// The stored events of `type`, in order.
    /// Every stored event after `seq`, in order.
    func storedEvents(after seq: Int64) async throws -> [StoredEvent] {
        try await readOnlyLedger().using { ledger in try await ledger.events(after: seq, limit: 100_000) }
    }

    func storedEvents(ofType type: EventType) async throws -> [StoredEvent] {
        try await readOnlyLedger().using { ledger in
            try await ledger.events(after: 0, limit: 100_000).filter { $0.type == type }
        }
    }

    /// Reads the whole ledger until `found` returns a value; nil after 10 s.
    func eventuallyInLedger<T>(_ found: ([LedgerEvent]) -> T?) async throws -> T? {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if let value = found(try await allEvents()) { return value }
            try await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    /// The seq of the ledger's newest event (0 for an empty ledger), opened read-only beside the
    /// running gateway.
    func headSeq() async throws -> Int64 {
        try await readOnlyLedger().using { ledger in try await ledger.head()?.seq ?? 0 }
    }

    private func readOnlyLedger() async throws -> Ledger {
        var options = LedgerOptions()
        options.store.readOnly = true
        options.store.createIfMissing = false
        options.autoTrainAfterEvents = 0
        return try await ledger.open(options: options, environment: environment)
    }

    /// Every event's decompressed payload, as text, in ledger order.
    func allPayloads() async throws -> [String] {
        try await readOnlyLedger().using { ledger in
            try await ledger.events(after: 0, limit: 100_000).map { String(decoding: $0.payload, as: UTF8.self) }
        }
    }

    func removeLedger() {
        for suffix in ["", "-wal", "-shm", "-projections", "-projections-wal", "-projections-shm"] {
            try? FileManager.default.removeItem(atPath: ledgerPath + suffix)
        }
    }
}

extension TestClientProtocol {
    /// POSTs `body` as JSON to `/v1/chat/completions`.
    func chatCompletion(_ body: String) async throws -> TestResponse {
        try await execute(
            uri: "/v1/chat/completions", method: .post, headers: [.contentType: "application/json"],
            body: ByteBuffer(string: body))
    }
}

extension TestResponse {
    /// The body as a JSON object.
    var json: [String: Any] {
        get throws {
            try #require(JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any])
        }
    }

    /// The `error` object of an OpenAI envelope.
    var openAIError: [String: Any] {
        get throws { try #require(try json["error"] as? [String: Any]) }
    }
}

extension ByteBuffer {
    init(json: String) { self.init(string: json) }
}
