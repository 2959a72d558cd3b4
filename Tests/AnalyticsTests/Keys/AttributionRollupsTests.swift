@testable import Analytics
import DomainEvents
import Foundation
import SeededRandom
import Testing

/// The attribution rollups add up to the same figures as the requests they were built from, for
/// any time range (whole months, days and hours plus partial hours at the ends), any value, model
/// filter and grouping.
@Suite struct AttributionRollupsTests {
    static let start: Int64 = 1_767_225_600_000 // 2026-01-01T00:00:00Z

    /// `count` requests over about 80 days, with keys, teams, tags and users from small sets.
    static func requests(_ count: Int, seed: UInt64) -> [CompletedRequest] {
        var random = SeededGenerator(seed: seed)
        var completedAt = start
        return (0..<count).map { index in
            completedAt += Int64.random(in: 1...(12 * 3_600_000), using: &random)
            let succeeded = Int.random(in: 0..<10, using: &random) > 0
            let key = ["key_a", "key_b", "key_c", nil].randomElement(using: &random)!
            let tags = Array(Set((0..<Int.random(in: 0...3, using: &random)).map { _ in
                ["tenant_id:acme", "tenant_id:globex", "nightly", "批次"].randomElement(using: &random)!
            })).sorted()
            return CompletedRequest(
                requestID: "r\(index)", receivedAt: completedAt - 500, completedAt: completedAt, completionSeq: Int64(index + 1),
                requestedModel: nil, apiKeyID: key, decision: nil, status: succeeded ? .succeeded : .failed,
                model: succeeded ? ["model-a", "model-b"].randomElement(using: &random)! : nil, provider: succeeded ? "p" : nil,
                inputTokens: succeeded ? Int.random(in: 1...500, using: &random) : 0,
                outputTokens: succeeded ? Int.random(in: 1...500, using: &random) : 0,
                costUSD: succeeded ? Double(Int.random(in: 1...10_000, using: &random)) / 1e6 : 0,
                latencyMilliseconds: succeeded ? Double(Int.random(in: 10...2_000, using: &random)) : nil,
                failedAttempts: 0, failureType: succeeded ? nil : "upstream_error", failureStatus: succeeded ? nil : 502,
                team: key.map { $0 == "key_c" ? "ops" : "research" }, tags: tags,
                user: ["alice", "bob", nil].randomElement(using: &random)!)
        }
    }

    /// The same figures counted one request at a time.
    static func recount(
        _ requests: [CompletedRequest], kind: AttributionKind, value: String?, model: String?, since: Int64, until: Int64
    ) -> [String: AttributionGroup] {
        var groups: [String: AttributionGroup] = [:]
        for request in requests where request.completedAt >= since && request.completedAt < until {
            let sample = StatsSample(request)
            if let model, sample.model != model { continue }
            for group in kind.values(of: request) where value == nil || group == value {
                var totals = StatsAccumulator.Totals()
                totals.add(sample)
                groups[group, default: AttributionGroup(value: group)].add(totals, model: sample.model ?? "")
            }
        }
        return groups
    }

    @Test func everyRangeAddsUpToTheRecountOfItsRequests() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("attribution-\(UUID().uuidString)").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let store = try ProjectionStore(path: path)
        let requests = Self.requests(400, seed: 71)
        // Saved in several transactions, as a follower saves.
        for (index, chunk) in stride(from: 0, to: requests.count, by: 37).enumerated() {
            let slice = Array(requests[chunk..<min(chunk + 37, requests.count)])
            try store.save("stats", .init(seq: Int64(index), version: 1, state: []), requests: slice)
        }
        var random = SeededGenerator(seed: 72)
        let end = requests.last!.completedAt + 1
        var ranges: [(Int64?, Int64?)] = [
            (nil, nil), (Self.start, end), (Self.start + 3_600_000, Self.start + 86_400_000 * 40),
            // Open-ended: read as whole periods up to the last request's month.
            (Self.start + 86_400_000 * 31, nil), (Self.start + 86_400_000 * 45 + 1_234_567, nil), (end - 3_600_000, nil),
            (Self.start + 86_400_000 * 10, end + 86_400_000 * 90), (nil, Self.start + 86_400_000 * 50),
            (Self.start - 86_400_000 * 40, nil), (Self.start - 5, Self.start + 86_400_000 * 20 + 7), (end + 5, nil), (nil, Self.start),
        ]
        for _ in 0..<40 {
            let a = Int64.random(in: Self.start...end, using: &random)
            let b = Int64.random(in: Self.start...end, using: &random)
            ranges.append((min(a, b), max(a, b) + 1))
        }
        for (since, until) in ranges {
            for kind in AttributionKind.allCases {
                for (value, model) in [(nil, nil), (kind == .tag ? "nightly" : kind == .user ? "alice" : kind == .team ? "ops" : "key_b", nil),
                                       (nil, "model-a")] as [(String?, String?)] {
                    let stored = try store.attributionGroups(kind, value: value, model: model, since: since, until: until)
                    let expected = Self.recount(requests, kind: kind, value: value, model: model, since: since ?? .min, until: until ?? .max)
                    if since == nil && until == nil && value == nil && model == nil { #expect(expected.count >= 2, "\(kind)") }
                    #expect(Set(stored.keys) == Set(expected.keys), "\(kind) \(value ?? "*") \(since ?? 0)–\(until ?? 0)")
                    for (group, figures) in expected {
                        let found = try #require(stored[group])
                        #expect(found.totals.calls == figures.totals.calls)
                        #expect(found.totals.failures == figures.totals.failures)
                        #expect(found.totals.inputTokens == figures.totals.inputTokens)
                        #expect(found.totals.outputTokens == figures.totals.outputTokens)
                        #expect(abs(found.totals.costUSD - figures.totals.costUSD) < 1e-9)
                        #expect(abs(found.totals.latencyMilliseconds - figures.totals.latencyMilliseconds) < 1e-6)
                        #expect(found.models == figures.models)
                    }
                }
            }
        }
    }

    @Test func aRangeIsWholeMonthsDaysAndHoursBetweenPartialHours() {
        let since = Self.start + 30 * 60_000 // 2026-01-01T00:30Z
        let until = Self.start + 90 * 86_400_000 + 5 * 3_600_000 + 60_000 // 2026-04-01T05:01Z
        let plan = AttributionRollups.decompose(since..<until)
        let hour: Int64 = 3_600_000
        #expect(plan.edges == [since..<(Self.start + hour), (Self.start + 90 * 86_400_000 + 5 * hour)..<until])
        let levels = plan.whole.map(\.0)
        #expect(levels.contains(.month) && levels.contains(.day) && levels.contains(.hour))
        // The pieces tile the range exactly.
        var pieces = plan.edges
        for (level, range) in plan.whole {
            var start = range.lowerBound
            while start < range.upperBound {
                pieces.append(start..<level.next(after: start))
                start = level.next(after: start)
            }
        }
        pieces.sort { $0.lowerBound < $1.lowerBound }
        #expect(pieces.first?.lowerBound == since && pieces.last?.upperBound == until)
        #expect(zip(pieces, pieces.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
    }
}
