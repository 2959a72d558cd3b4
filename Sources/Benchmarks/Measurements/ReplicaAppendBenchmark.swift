import DomainEvents
import Foundation
import Ledger
import PostgresLedger
import PostgresTestSupport
import TrafficFixtures

/// `routeledger-bench replicas`, its append part: the same realistic events appended with group
/// commit through 1, 2, 3… PostgreSQL stores on one database — as that many gateway replicas do,
/// each store with its own connection pool and append queue — and through one SQLite store beside
/// them, with the CPU this process and PostgreSQL's processes spent per 1,000 events.
struct ReplicaAppendBenchmark {
    var events: Int
    /// Concurrent appenders in all, spread evenly over the replicas.
    var producers: Int
    var replicaCounts: [Int]
    /// The PostgreSQL server's URL (maintenance database); a database is made per run and dropped.
    var serverURL: String
    var directory: URL

    struct Run: Encodable {
        var store: String
        /// `append` (encoding and compressing on the appenders' tasks), or `store path` (events
        /// prepared before timing: only linking, writing and committing are timed).
        var path: String
        var replicas: Int
        var events: Int
        var eventsPerSecond: Double
        var benchCPUMillisecondsPer1kEvents: Double
        var postgresCPUMillisecondsPer1kEvents: Double

        enum CodingKeys: String, CodingKey {
            case store, path, replicas, events
            case eventsPerSecond = "events_per_s"
            case benchCPUMillisecondsPer1kEvents = "appender_cpu_ms_per_1k_events"
            case postgresCPUMillisecondsPer1kEvents = "postgres_cpu_ms_per_1k_events"
        }
    }

    func run(log: (String) -> Void) async throws -> [Run] {
        var traffic = SyntheticTraffic()
        var requests: [[NewEvent]] = []
        while requests.count * 2 < events { requests.append(traffic.nextRequest()) }
        log("generated \(requests.count * 2) events (\(requests.count) requests)")
        var runs: [Run] = []

        for prepared in [false, true] {
            let sqlite = try Ledger(
                path: directory.appendingPathComponent("append-\(prepared).sqlite").path,
                options: LedgerOptions(autoTrainAfterEvents: 0))
            runs.append(try await measure(store: "sqlite", requests, through: [sqlite], prepared: prepared))
            await sqlite.close()
            log(Self.line(runs[runs.count - 1]))

            for count in replicaCounts {
                try await TestDatabase.with(server: serverURL) { url in
                    var ledgers: [Ledger] = []
                    for _ in 0..<count {
                        let store = try await PostgresEventStore.open(url: PostgresURL(url))
                        ledgers.append(try Ledger(store: store, options: LedgerOptions(autoTrainAfterEvents: 0)))
                    }
                    runs.append(try await measure(store: "postgres", requests, through: ledgers, prepared: prepared))
                    for ledger in ledgers {
                        guard try await ledger.head()?.seq == Int64(requests.count * 2) else {
                            throw LedgerError(.storage, "the benchmark ledger lost events")
                        }
                        await ledger.close()
                    }
                }
                log(Self.line(runs[runs.count - 1]))
            }
        }
        return runs
    }

    static func line(_ run: Run) -> String {
        String(
            format: "%@ × %d, %@: %.0f events/s, appender CPU %.1f ms and PostgreSQL CPU %.1f ms per 1,000 events",
            run.store, run.replicas, run.path, run.eventsPerSecond, run.benchCPUMillisecondsPer1kEvents,
            run.postgresCPUMillisecondsPer1kEvents)
    }

    /// Appends every request (one `append` of its two events each) from `producers` tasks spread
    /// over `ledgers`, timing the wall clock and the CPU spent; `prepared`: encoded and compressed
    /// before timing starts.
    private func measure(
        store: String, _ requests: [[NewEvent]], through ledgers: [Ledger], prepared: Bool
    ) async throws -> Run {
        let producers = max(ledgers.count, self.producers - self.producers % ledgers.count)
        let preparedRequests = prepared ? try requests.map { try $0.map(ledgers[0].prepare) } : []
        let cpuBefore = (own: CPUTime.ownSeconds(), postgres: CPUTime.processSeconds(named: "postgres"))
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for producer in 0..<producers {
                let ledger = ledgers[producer % ledgers.count]
                group.addTask {
                    for index in stride(from: producer, to: requests.count, by: producers) {
                        if prepared {
                            _ = try await ledger.append(prepared: preparedRequests[index])
                        } else {
                            _ = try await ledger.append(requests[index])
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let seconds = (ContinuousClock.now - start).seconds
        let total = Double(requests.count * 2)
        let own = CPUTime.ownSeconds() - cpuBefore.own
        let postgres = CPUTime.processSeconds(named: "postgres") - cpuBefore.postgres
        return Run(
            store: store, path: prepared ? "store path" : "append", replicas: ledgers.count, events: Int(total), eventsPerSecond: (total / seconds).rounded(),
            benchCPUMillisecondsPer1kEvents: (own * 1e6 / total).rounded(to: 2),
            postgresCPUMillisecondsPer1kEvents: (postgres * 1e6 / total).rounded(to: 2))
    }
}
