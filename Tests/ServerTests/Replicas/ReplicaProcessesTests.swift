import AsyncHTTPClient
import CommandLineHarness
import DomainEvents
import Foundation
import Ledger
import NIOCore
import NIOHTTP1
import PostgresLedger
import PostgresTestSupport
import Synchronization
import Testing

/// `routeledger serve` replicas as real child processes on one PostgreSQL ledger, configured with
/// README's "Running several replicas" block: one killed with `kill -9` under load, the database
/// restarted under load. Every acknowledged request is in the ledger exactly once.
@Suite struct ReplicaProcessesTests {
    private static let clientKey = "replica-client-key"
    private static let adminKey = "replica-admin-key"

    /// README's replicas configuration, with a simulated provider added (no network in tests).
    private static func configuration() throws -> String {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        guard let start = text.range(of: "<!-- replicas-config"), let end = text.range(of: "<!-- /replicas-config -->"),
              let fenceStart = text.range(of: "```yaml\n", range: start.upperBound..<end.lowerBound),
              let fenceEnd = text.range(of: "```", range: fenceStart.upperBound..<end.lowerBound)
        else { throw TestDatabaseError("README.md has no replicas-config block") }
        return String(text[fenceStart.upperBound..<fenceEnd.lowerBound]) + """
            providers:
              - {name: sim, kind: simulated, latency_ms: 20, ttft_ms: 5}
            models:
              - {name: small, provider: sim, tier: simple, input_price_per_1k: 0.001, output_price_per_1k: 0.002}
              - {name: mid, provider: sim, tier: medium, input_price_per_1k: 0.002, output_price_per_1k: 0.004}
              - {name: big, provider: sim, tier: complex, input_price_per_1k: 0.01, output_price_per_1k: 0.03}

            """
    }

    /// A replica: the child process and where it listens.
    private struct Replica {
        var process: ChildProcess
        var baseURL: String
    }

    private func startReplica(_ index: Int, databaseURL: String, in directory: URL) async throws -> Replica {
        let config = directory.appendingPathComponent("replicas.yaml")
        if !FileManager.default.fileExists(atPath: config.path) { try Data(try Self.configuration().utf8).write(to: config) }
        let process = try await ChildProcess(
            [
                try CommandLineRunner().executable.path, "serve", "--config", config.path, "--host", "127.0.0.1", "--port", "0",
                "--projections", directory.appendingPathComponent("replica-\(index).projections").path,
            ],
            environment: [
                "LOG_LEVEL": "critical", "ROUTELEDGER_DATABASE_URL": databaseURL, "ROUTELEDGER_CLIENT_KEY": Self.clientKey,
                "ROUTELEDGER_ADMIN_KEY": Self.adminKey,
            ])
        let line = await process.firstLine()
        let address = try #require(line.split(separator: " ").first { $0.hasPrefix("http://") }, "replica \(index): \(line)")
        return Replica(process: process, baseURL: String(address))
    }

    /// What one chat completion got: its request id when answered 200, else the status (0: no answer).
    private struct Outcome: Sendable {
        var requestID: String?
        var status: Int
        var errorCode: String?
    }

    private func chat(_ client: HTTPClient, _ replica: Replica, _ index: Int) async -> Outcome {
        var request = HTTPClientRequest(url: "\(replica.baseURL)/v1/chat/completions")
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "authorization", value: "Bearer \(Self.clientKey)")
        request.body = .bytes(ByteBuffer(string: #"{"messages":[{"role":"user","content":"question \#(index)"}]}"#))
        do {
            let response = try await client.execute(request, timeout: .seconds(30))
            let body = try await response.body.collect(upTo: 1 << 20)
            let status = Int(response.status.code)
            if status == 200 { return Outcome(requestID: response.headers.first(name: "x-request-id"), status: 200) }
            let error = (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any])?["error"] as? [String: Any]
            return Outcome(requestID: nil, status: status, errorCode: error?["code"] as? String)
        } catch {
            return Outcome(requestID: nil, status: 0)
        }
    }

    private func get(_ client: HTTPClient, _ url: String) async throws -> [String: Any] {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "authorization", value: "Bearer \(Self.adminKey)")
        let response = try await client.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 24)
        return try #require(try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any])
    }

    /// `/stats` of `replica` once it has folded the ledger through `seq`.
    private func stats(_ client: HTTPClient, _ replica: Replica, through seq: Int64) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + .seconds(30)
        while true {
            let stats = try await get(client, "\(replica.baseURL)/stats")
            if Int64(stats["through_seq"] as? Int ?? 0) >= seq || ContinuousClock.now > deadline { return stats }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Every event of the ledger at `databaseURL`, decoded, and whether its chain verifies.
    private func ledgerEvents(_ databaseURL: String) async throws -> (events: [(StoredEvent, LedgerEvent)], intact: Bool) {
        var options = StoreOptions()
        options.readOnly = true
        options.createIfMissing = false
        let ledger = try Ledger(
            store: try await PostgresEventStore.open(url: PostgresURL(databaseURL), options: options),
            options: LedgerOptions(store: options, autoTrainAfterEvents: 0))
        let stored = try await ledger.events(after: 0, limit: Int.max)
        let intact = if case .intact = try await ledger.verify() { true } else { false }
        await ledger.close()
        return (try stored.map { ($0, try $0.decoded()) }, intact)
    }

    /// Each acknowledged request has exactly one `request.received` and one `completion.succeeded`.
    private func expectEachOnce(_ acknowledged: [String], in events: [(StoredEvent, LedgerEvent)]) {
        var received: [String: Int] = [:]
        var succeeded: [String: Int] = [:]
        for (stored, event) in events {
            switch event {
            case .requestReceived: received[stored.requestID, default: 0] += 1
            case .completionSucceeded: succeeded[stored.requestID, default: 0] += 1
            default: break
            }
        }
        let missing = acknowledged.filter { received[$0] != 1 || succeeded[$0] != 1 }
        #expect(missing.isEmpty, "acknowledged but not recorded exactly once: \(missing.prefix(5))")
        #expect(succeeded.values.allSatisfy { $0 == 1 })
    }

    @Test(.timeLimit(.minutes(5)))
    func threeReplicasUnderLoadLoseNothingWhenOneIsKilledAndTheSurvivorsAgree() async throws {
        try await TestDatabase.with { url in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("replicas-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            var replicas: [Replica] = []
            for index in 0..<3 { replicas.append(try await startReplica(index, databaseURL: url, in: directory)) }
            let client = HTTPClient(eventLoopGroupProvider: .singleton)
            let (killed, survivors, fallback) = (replicas[2], Array(replicas[0..<2]), replicas[0])

            // Four clients per replica, 25 requests each; the third replica is killed once it has
            // answered ten, and its clients then go to the first (as a load balancer would send them).
            let answeredByKilled = Counter()
            let outcomes = await withTaskGroup(of: [Outcome].self) { group in
                for (index, replica) in replicas.enumerated() {
                    for worker in 0..<4 {
                        group.addTask {
                            var outcomes: [Outcome] = []
                            for round in 0..<25 {
                                let target = index == 2 && answeredByKilled.value >= 10 ? fallback : replica
                                let outcome = await chat(client, target, index * 1_000 + worker * 100 + round)
                                outcomes.append(outcome)
                                if index == 2, outcome.status == 200, answeredByKilled.increment() == 10 {
                                    _ = try? await killed.process.stop(signal: SIGKILL)
                                }
                            }
                            return outcomes
                        }
                    }
                }
                return await group.reduce(into: []) { $0 += $1 }
            }
            let termination = try await killed.process.waitForExit()
            #expect(termination == .signaled(SIGKILL), "\(termination)")
            let acknowledged = outcomes.compactMap(\.requestID)
            // Only calls in flight on the killed replica may go unanswered.
            #expect(outcomes.filter { $0.status != 200 }.allSatisfy { $0.status == 0 })
            #expect(acknowledged.count >= 3 * 4 * 25 - 4)

            let (events, intact) = try await ledgerEvents(url)
            #expect(intact)
            expectEachOnce(acknowledged, in: events)
            let verify = try await CommandLineRunner().run(
                ["verify", "--ledger", "postgres"], environment: ["ROUTELEDGER_DATABASE_URL": url])
            #expect(verify.status == 0, "\(verify.stderr)")
            #expect(verify.stdout.hasPrefix("OK \(events.count) events"))

            // The survivors agree with each other and with a count of the ledger's own events.
            let head = Int64(events.count)
            let first = try await stats(client, survivors[0], through: head)
            let second = try await stats(client, survivors[1], through: head)
            let succeeded = events.filter { if case .completionSucceeded = $0.1 { true } else { false } }
            #expect(first["through_seq"] as? Int == Int(head))
            #expect(second["through_seq"] as? Int == Int(head))
            #expect(first["total_calls"] as? Int == succeeded.count)
            #expect(second["total_calls"] as? Int == succeeded.count)
            let cost = succeeded.reduce(0.0) { total, event in
                if case .completionSucceeded(let completion) = event.1 { total + completion.costUSD } else { total }
            }
            #expect(abs((first["total_cost_usd"] as? Double ?? -1) - cost) < 1e-6)
            #expect("\(first["total_cost_usd"] ?? "")" == "\(second["total_cost_usd"] ?? "")")
            #expect((first["model_distribution"] as? [String: Int]) == (second["model_distribution"] as? [String: Int]))

            for survivor in survivors { _ = try await survivor.process.stop() }
            try await client.shutdown()
        }
    }

    @Test(.timeLimit(.minutes(5)))
    func aDatabaseRestartUnderLoadIsA503WhileDownAndResumesWithoutRestartingTheGateway() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pg-restart-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let cluster = directory.appendingPathComponent("cluster").path
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Postgres/test-cluster.sh").path
        func clusterCommand(_ verb: String) async throws -> String {
            let run = try await ChildProcess(["bash", script, verb, cluster])
            let (termination, output) = try await run.outputToEnd()
            #expect(termination == .exited(0), "test-cluster.sh \(verb): \(termination)")
            return String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let url = try await clusterCommand("start")
        // Stopped (by its PID) and removed whatever the test does.
        let outcome: Result<Void, any Error>
        do {
            outcome = .success(try await restartUnderLoad(url, clusterCommand: clusterCommand, in: directory))
        } catch {
            outcome = .failure(error)
        }
        _ = try? await clusterCommand("stop")
        try? FileManager.default.removeItem(at: directory)
        try outcome.get()
    }

    private func restartUnderLoad(
        _ url: String, clusterCommand: (String) async throws -> String, in directory: URL
    ) async throws {
        let replica = try await startReplica(0, databaseURL: url, in: directory)
        let client = HTTPClient(eventLoopGroupProvider: .singleton)

        var outcomes: [Outcome] = []
        for index in 0..<10 { outcomes.append(await chat(client, replica, index)) }
        #expect(outcomes.allSatisfy { $0.status == 200 })

        // Down: every request is refused with the OpenAI envelope, code ledger_unavailable.
        _ = try await clusterCommand("stop")
        var whileDown: [Outcome] = []
        for index in 10..<13 { whileDown.append(await chat(client, replica, index)) }
        #expect(whileDown.allSatisfy { $0.status == 503 && $0.errorCode == "ledger_unavailable" }, "\(whileDown.map(\.status))")

        // Back: the same gateway process answers again once its pool reconnects.
        _ = try await clusterCommand("start")
        let deadline = ContinuousClock.now + .seconds(90)
        var afterRestart: [Outcome] = []
        var index = 13
        while ContinuousClock.now < deadline {
            let outcome = await chat(client, replica, index)
            index += 1
            afterRestart.append(outcome)
            if afterRestart.suffix(5).count == 5, afterRestart.suffix(5).allSatisfy({ $0.status == 200 }) { break }
            if outcome.status != 200 { try await Task.sleep(for: .milliseconds(200)) }
        }
        #expect(afterRestart.suffix(5).allSatisfy { $0.status == 200 })
        #expect(afterRestart.allSatisfy { $0.status == 200 || $0.status == 503 })

        let acknowledged = (outcomes + whileDown + afterRestart).compactMap(\.requestID)
        let (events, intact) = try await ledgerEvents(url)
        #expect(intact)
        expectEachOnce(acknowledged, in: events)
        _ = try await replica.process.stop()
        try await client.shutdown()
    }
}

/// A count shared by concurrent tasks.
private final class Counter: Sendable {
    private let count = Mutex(0)

    var value: Int { count.withLock { $0 } }

    /// Adds one and returns the new count.
    func increment() -> Int {
        count.withLock { count in
            count += 1
            return count
        }
    }
}
