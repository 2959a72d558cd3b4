import Analytics
import AsyncHTTPClient
import CanonicalJSON
import CommandLineHarness
import DomainEvents
import Foundation
import Ledger
import NIOCore
import NIOHTTP1
import TrafficFixtures

/// `routeledger-bench analytics`: a ledger of realistic gateway requests written through the real
/// append path, then the projection rebuild, `/stats` and `/stats/raw` pages (offset and cursor)
/// through a real `routeledger serve` (the executable beside this one), and the bytes on disk
/// against llm-compass's JSONL of the same records.
struct AnalyticsBenchmark {
    struct Result: Encodable {
        var requests: Int
        var events: Int64
        var generateSeconds: Double
        var rebuildSeconds: Double
        var rebuildEventsPerSecond: Double
        var stats: Percentiles
        var rawOffsetZero: Percentiles
        var deepOffset: Int
        var rawDeepOffset: Percentiles
        var rawDeepCursor: Percentiles
        /// By key (the synthetic traffic's eight `team-N` keys): `/stats?group_by=key`, one key's
        /// figures, and the first page of one key's raw records.
        var statsByKey: Percentiles
        var statsOneKey: Percentiles
        var rawOneKey: Percentiles
        /// The console's pages about tenants: the keys page (8 keys, 3 teams with budgets, the 40
        /// tags and 5 users) and the request log filtered by team, user, tag and key.
        var consoleKeys: Percentiles
        var consoleRequestsByTeam: Percentiles
        var consoleRequestsByUser: Percentiles
        var consoleRequestsByTag: Percentiles
        var consoleRequestsByKey: Percentiles
        var ledgerBytes: Int
        var projectionBytes: Int
        var jsonLinesBytes: Int
        var ledgerBytesPerRequest: Double { Double(ledgerBytes) / Double(requests) }
        var jsonLinesBytesPerRequest: Double { Double(jsonLinesBytes) / Double(requests) }
        var ratio: Double { Double(jsonLinesBytes) / Double(ledgerBytes) }
    }

    /// Latency percentiles of repeated HTTP calls, in milliseconds.
    struct Percentiles: Encodable {
        var samples: Int
        var p50: Double
        var p99: Double

        init(_ durations: [Duration]) {
            let sorted = durations.map { $0 / .milliseconds(1) }.sorted()
            samples = sorted.count
            p50 = sorted.isEmpty ? 0 : sorted[sorted.count / 2]
            p99 = sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int((Double(sorted.count) * 0.99).rounded(.up)) - 1)]
        }
    }

    var requests: Int
    var producers: Int
    var directory: URL

    func run(log progress: (String) -> Void) async throws -> Result {
        let ledgerPath = directory.appendingPathComponent("analytics.sqlite").path
        progress("writing \(requests) requests through the ledger's append path (\(producers) concurrent writers)")
        let started = ContinuousClock.now
        let jsonLinesBytes = try await generate(at: ledgerPath)
        let generateSeconds = (ContinuousClock.now - started).seconds

        progress("rebuilding the projections from seq 1")
        let (events, rebuildSeconds) = try await rebuild(ledgerPath)
        let ledgerBytes = Self.fileSize(ledgerPath)
        let projectionBytes = Self.fileSize(ledgerPath + "-projections")

        progress("starting routeledger serve on the ledger")
        let executable = try BuiltExecutable.named("routeledger").path
        let server = try await ChildProcess(
            [executable, "serve", "--port", "0", "--ledger", ledgerPath], environment: ["LOG_LEVEL": "error"])
        return try await server.whileRunning {
            let line = await server.firstLine()
            guard let address = line.split(separator: " ").first(where: { $0.hasPrefix("http://") }) else {
                throw BenchError("the server did not start: \(line)")
            }
            let client = HTTPClient.shared
            func time(_ path: String, times: Int) async throws -> Percentiles {
                var durations: [Duration] = []
                durations.reserveCapacity(times)
                for _ in 0..<times {
                    let request = HTTPClientRequest(url: "\(address)\(path)")
                    let start = ContinuousClock.now
                    let response = try await client.execute(request, timeout: .seconds(60))
                    let body = try await response.body.collect(upTo: 64 << 20)
                    durations.append(ContinuousClock.now - start)
                    guard response.status == .ok else {
                        throw BenchError("GET \(path) answered \(response.status.code): \(String(buffer: body))")
                    }
                }
                return Percentiles(durations)
            }
            progress("GET /stats × 2000")
            _ = try await time("/stats", times: 200)
            let stats = try await time("/stats", times: 2_000)
            progress("GET /stats/raw?limit=50 × 1000")
            let offsetZero = try await time("/stats/raw?limit=50", times: 1_000)
            let depth = requests * 9 / 10
            progress("GET /stats/raw?limit=50&offset=\(depth) × 30")
            let deep = try await time("/stats/raw?limit=50&offset=\(depth)", times: 30)
            let cursor = try await cursorAt(depth: depth, client: client, address: String(address))
            progress("GET /stats/raw?limit=50&cursor=… (at depth \(depth)) × 1000")
            let deepCursor = try await time("/stats/raw?limit=50&cursor=\(cursor)", times: 1_000)
            progress("GET /stats?group_by=key, /stats?key=team-3, /stats/raw?key=team-3&limit=50 × 1000 each")
            _ = try await time("/stats?group_by=key", times: 50)
            let byKey = try await time("/stats?group_by=key", times: 1_000)
            let oneKey = try await time("/stats?key=team-3", times: 1_000)
            let rawOneKey = try await time("/stats/raw?key=team-3&limit=50", times: 1_000)
            progress("GET /console/keys and /console/requests?team=|user=|tag=|key= × 300 each")
            _ = try await time("/console/keys", times: 30)
            let consoleKeys = try await time("/console/keys", times: 300)
            let byTeam = try await time("/console/requests?team=ops", times: 300)
            let byUser = try await time("/console/requests?user=carol", times: 300)
            let byTag = try await time("/console/requests?tag=tenant_id:acme7", times: 300)
            let byKeyLog = try await time("/console/requests?key=team-3", times: 300)
            return Result(
                requests: requests, events: events, generateSeconds: generateSeconds, rebuildSeconds: rebuildSeconds,
                rebuildEventsPerSecond: Double(events) / rebuildSeconds, stats: stats, rawOffsetZero: offsetZero,
                deepOffset: depth, rawDeepOffset: deep, rawDeepCursor: deepCursor, statsByKey: byKey, statsOneKey: oneKey,
                rawOneKey: rawOneKey, consoleKeys: consoleKeys, consoleRequestsByTeam: byTeam,
                consoleRequestsByUser: byUser, consoleRequestsByTag: byTag, consoleRequestsByKey: byKeyLog, ledgerBytes: ledgerBytes,
                projectionBytes: projectionBytes, jsonLinesBytes: jsonLinesBytes)
        }
    }

    /// Appends the requests, each request's events in one call as the gateway does, from
    /// `producers` concurrent tasks; the bytes of llm-compass's JSONL of the same records.
    private func generate(at path: String) async throws -> Int {
        let ledger = try Ledger(path: path)
        try await ledger.append(Self.keysAndTeams())
        // Requests arrive every ~0.2 s on average: the traffic is placed to end about now, so the
        // console's keys page ("this month") reads months that hold it.
        var traffic = SyntheticTraffic(seed: 7, startMilliseconds: UnixTime.nowMilliseconds() - Int64(requests) * 203 - 60_000)
        var jsonLinesBytes = 0
        var written = 0
        while written < requests {
            let count = min(producers * 64, requests - written)
            var batch: [[NewEvent]] = []
            batch.reserveCapacity(count)
            for _ in 0..<count {
                let events = traffic.nextGatewayRequest()
                jsonLinesBytes += Self.jsonLineBytes(events)
                batch.append(events)
            }
            let requests = batch
            let producers = producers
            try await withThrowingTaskGroup(of: Void.self) { group in
                for producer in 0..<producers {
                    group.addTask {
                        for index in stride(from: producer, to: requests.count, by: producers) {
                            _ = try await ledger.append(requests[index])
                        }
                    }
                }
                try await group.waitForAll()
            }
            written += count
        }
        await ledger.close()
        return jsonLinesBytes
    }

    /// The traffic's eight keys (`team-1` … `team-8`, in their teams, with budgets that are not
    /// reached) and their teams' budgets, as `routeledger keys create` and `teams update` record them.
    static func keysAndTeams() -> [NewEvent] {
        let keys = (1...8).map { key in
            NewEvent(requestID: KeyDirectory.requestID, event: .keyCreated(KeyCreated(
                keyID: "team-\(key)", secretSHA256: KeyDirectory.hash("bench-secret-\(key)"),
                settings: KeySettings(
                    team: SyntheticTraffic.team(ofKey: key), name: "bench \(key)",
                    limits: KeyLimits(budgets: [Budget(usd: 1_000_000, period: .month)], requestsPerMinute: 100_000)),
                actor: "cli:bench")))
        }
        let teams = ["research", "ops", "web"].map { team in
            NewEvent(requestID: KeyDirectory.requestID, event: .teamUpdated(TeamUpdated(
                team: team, budgets: [Budget(usd: 5_000_000, period: .month), Budget(usd: 500_000, period: .day)], actor: "cli:bench")))
        }
        return keys + teams
    }

    /// The bytes of the request's llm-compass record as one line of llm-compass's log: the record
    /// as Python's `json.dumps` writes it by default (a space after every `:` and `,` outside
    /// strings; the generated text is ASCII, so `ensure_ascii` changes nothing) and a newline.
    private static func jsonLineBytes(_ events: [NewEvent]) -> Int {
        guard let first = events.first else { return 0 }
        var history = RequestHistory(requestID: first.requestID, receivedAt: first.timestamp)
        for event in events {
            if let payload = event.event { history.add(payload, seq: 0, timestamp: event.timestamp) }
        }
        var writer = JSONWriter(capacity: 2_048)
        writer.write(.object(RawRecord.llmCompassRecord(history)))
        var separators = 0
        var inString = false
        var escaped = false
        for byte in writer.bytes {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte == UInt8(ascii: ":") || byte == UInt8(ascii: ",") {
                separators += 1
            }
        }
        return writer.bytes.count + separators + 1
    }

    private func rebuild(_ path: String) async throws -> (Int64, Double) {
        let ledger = try Ledger(path: path)
        let projector = try StatsProjector(ledger: ledger, store: try ProjectionStore(ledgerPath: path))
        let started = ContinuousClock.now
        try await projector.rebuild()
        let seconds = (ContinuousClock.now - started).seconds
        let seq = await projector.projection.seq
        await ledger.close()
        return (seq, seconds)
    }

    /// The cursor of the page that starts `depth` records from the newest.
    private func cursorAt(depth: Int, client: HTTPClient, address: String) async throws -> String {
        let response = try await client.execute(
            HTTPClientRequest(url: "\(address)/stats/raw?limit=1&offset=\(depth - 1)"), timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 1 << 20)
        guard let json = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any],
            let cursor = json["next_cursor"] as? String
        else { throw BenchError("no next_cursor at offset \(depth - 1)") }
        return cursor
    }

    /// The bytes of the SQLite file at `path` and its write-ahead log.
    static func fileSize(_ path: String) -> Int {
        ["", "-wal"].reduce(0) { total, suffix in
            total + ((try? FileManager.default.attributesOfItem(atPath: path + suffix)[.size] as? Int) ?? 0)
        }
    }
}
