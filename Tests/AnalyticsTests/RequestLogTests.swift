import DomainEvents
import Foundation
import Ledger
import SQLiteSupport
import Testing

@testable import Analytics

/// The console's request log over real ledgers: keyset pages newest first yield every matching
/// request exactly once (while traffic is appended too), each filter selects exactly what a
/// brute-force filter over the stored rows selects, a rare combination stops at the scan bound
/// and continues, every query walks one index in its order, and bad parameters name themselves.
@Suite struct RequestLogTests {
    /// The requests `query` selects, worked out by hand over every stored row, newest first.
    private func bruteForce(_ rows: [CompletedRequest], _ query: RequestLogQuery) -> [CompletedRequest] {
        rows.filter { row in
            (query.model == nil || (row.model ?? row.decision?.chosenModel) == query.model)
                && (query.status == nil || row.status == query.status)
                && (query.apiKeyID == nil || row.apiKeyID == query.apiKeyID)
                && (query.team == nil || row.team == query.team)
                && (query.user == nil || row.user == query.user)
                && (query.tag == nil || row.tags.contains(query.tag!))
                && (query.requestID == nil || row.requestID == query.requestID)
                && (query.since.map { row.completedAt >= $0 } ?? true) && (query.until.map { row.completedAt < $0 } ?? true)
        }.sorted { ($0.completedAt, $0.completionSeq) > ($1.completedAt, $1.completionSeq) }
    }

    /// Every page of `query` from its cursor on, following `nextCursor`.
    private func walk(
        _ store: ProjectionStore, _ query: RequestLogQuery, maximumScan: Int = RequestLogQuery.maximumScan
    ) throws -> [RequestLogPage] {
        var query = query
        var pages: [RequestLogPage] = []
        while pages.count < 10_000 {
            let page = try store.requestLog(query, maximumScan: maximumScan)
            pages.append(page)
            guard let cursor = page.nextCursor else { break }
            query.before = try RequestLogPosition(cursor: cursor)
        }
        return pages
    }

    private func seqs(_ rows: [CompletedRequest]) -> [Int64] { rows.map(\.completionSeq) }

    @Test func aCursorWalkWhileTrafficIsAppendedYieldsEveryEarlierRequestOnceNewestFirst() async throws {
        var traffic = InterleavedTraffic(seed: 13)
        traffic.generate(requests: 600, concurrency: 8)
        let (ledger, rest) = try await TemporaryLedger.withFirstHalf(of: traffic)
        let projector = try ledger.projector()
        let endedAtStart = Set(traffic.events.dropLast(rest.count).filter(\.isEnd).map(\.stored.requestID))
        let failedAtStart = Set(traffic.completed.filter { !$0.succeeded }.map(\.requestID)).intersection(endedAtStart)

        // Two listings, all requests and the failed ones, each from its first page.
        var queries = [RequestLogQuery(limit: 11), RequestLogQuery(status: .failed, limit: 4)]
        var pages = [try await projector.requestLog(queries[0]), try await projector.requestLog(queries[1])]
        var seen = pages.map(\.rows)
        // Another task appends the rest of the traffic while both are walked, page by page.
        let writer = Task { try await ledger.append(rest, batch: 3) }
        while pages.contains(where: { $0.nextCursor != nil }) {
            for index in pages.indices {
                guard let cursor = pages[index].nextCursor else { continue }
                queries[index].before = try RequestLogPosition(cursor: cursor)
                pages[index] = try await projector.requestLog(queries[index])
                #expect(pages[index].rows.count <= queries[index].limit && !pages[index].scanLimitReached)
                seen[index] += pages[index].rows
            }
        }
        try await writer.value
        for (rows, expected) in zip(seen, [endedAtStart, failedAtStart]) {
            let ids = rows.map(\.requestID)
            #expect(Set(ids).count == ids.count, "a request was listed twice")
            #expect(Set(ids) == expected)
            let positions = rows.map(RequestLogPosition.init)
            #expect(positions == positions.sorted(by: >), "newest first")
        }
        #expect(seen[1].count > 20)
        // The appended traffic heads the next listing.
        let newest = try await projector.requestLog(RequestLogQuery(limit: 1)).rows
        #expect(newest.map(\.requestID) == [traffic.completed.last!.requestID])
        await ledger.close()
    }

    @Test(arguments: [4, 19] as [UInt64])
    func eachFilterReturnsExactlyTheMatchingRequests(seed: UInt64) async throws {
        let temporary = try await TemporaryLedger.withMixedTraffic(seed: seed)
        let projector = try temporary.projector(saveEvery: 97)
        try await projector.catchUp()
        let rows = try projector.store.requests()
        let times = rows.map(\.completedAt).sorted()
        let routedOnly = try #require(rows.first { $0.status == .failed && $0.decision != nil }?.decision?.chosenModel)
        let someID = rows[rows.count / 3].requestID
        let failedID = try #require(rows.first { $0.status == .failed }).requestID
        let queries = [
            RequestLogQuery(), RequestLogQuery(limit: 200), RequestLogQuery(model: "qwen-max"),
            RequestLogQuery(model: "gpt-4o-mini", limit: 7), RequestLogQuery(model: routedOnly, status: .failed),
            RequestLogQuery(model: "no-such-model"), RequestLogQuery(status: .failed, limit: 9),
            RequestLogQuery(status: .succeeded, until: times[times.count / 2]), RequestLogQuery(apiKeyID: "team-1", limit: 5),
            RequestLogQuery(status: .failed, apiKeyID: "team-0"), RequestLogQuery(apiKeyID: "nobody"),
            RequestLogQuery(requestID: someID), RequestLogQuery(status: .failed, requestID: failedID),
            RequestLogQuery(status: .succeeded, requestID: failedID),
            RequestLogQuery(since: times[times.count / 3], until: times[times.count * 2 / 3], limit: 13),
            RequestLogQuery(model: "qwen-turbo", since: times[times.count / 4] + 1, limit: 4),
            RequestLogQuery(model: "qwen-plus", status: .succeeded, apiKeyID: "team-2", limit: 3),
            RequestLogQuery(until: times[0]), RequestLogQuery(since: times.last! + 1),
        ]
        var nonEmpty = 0
        for query in queries {
            let expected = bruteForce(rows, query)
            let pages = try walk(projector.store, query)
            #expect(seqs(pages.flatMap { $0.rows }) == seqs(expected), "\(query)")
            #expect(pages.allSatisfy { $0.rows.count <= query.limit && !$0.scanLimitReached }, "\(query)")
            #expect(pages.last?.nextCursor == nil)
            // Through the projector, the first page is the same.
            #expect(try await projector.requestLog(query) == pages[0], "\(query)")
            if !expected.isEmpty { nonEmpty += 1 }
        }
        #expect(nonEmpty == queries.count - 5, "only the five queries made to match nothing are empty")
        // Every page but the last is full: a cursor is only given when older matches remain or were looked for.
        let failedPages = try walk(projector.store, RequestLogQuery(status: .failed, limit: 9))
        #expect(failedPages.dropLast().allSatisfy { $0.rows.count == 9 })
        await temporary.close()
    }

    @Test func teamUserAndTagFiltersWalkTheirIndexAndReturnExactlyTheMatchingRequests() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("log-\(UUID().uuidString)").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let store = try ProjectionStore(path: path)
        let rows = AttributionRollupsTests.requests(300, seed: 73)
        try store.save("stats", .init(seq: 1, version: 1, state: []), requests: rows)
        let times = rows.map(\.completedAt).sorted()
        let queries = [
            RequestLogQuery(team: "ops", limit: 7), RequestLogQuery(status: .failed, team: "research"),
            RequestLogQuery(user: "alice", limit: 11), RequestLogQuery(tag: "nightly", limit: 6),
            RequestLogQuery(tag: "批次", since: times[50], until: times[250], limit: 9),
            RequestLogQuery(apiKeyID: "key_a", tag: "tenant_id:acme"), RequestLogQuery(team: "ops", user: "bob", tag: "nightly"),
            RequestLogQuery(tag: "nobody"),
        ]
        for query in queries {
            let expected = bruteForce(rows, query)
            let pages = try walk(store, query)
            #expect(seqs(pages.flatMap { $0.rows }) == seqs(expected), "\(query)")
            #expect(pages.allSatisfy { $0.rows.count <= query.limit }, "\(query)")
            if query.tag != "nobody" { #expect(!expected.isEmpty, "\(query)") }
        }
        let connection = try SQLiteConnection(path: path, mode: .readWrite)
        for (query, search) in [
            (RequestLogQuery(team: "ops"), "SEARCH requests USING INDEX requests_by_team ("),
            (RequestLogQuery(user: "alice", tag: "nightly"), "SEARCH requests USING INDEX requests_by_user ("),
            (RequestLogQuery(tag: "nightly"), "SEARCH t USING PRIMARY KEY ("),
        ] {
            let scan = RequestLogScan(query)
            let statement = try connection.prepare("EXPLAIN QUERY PLAN " + scan.sql)
            scan.bind(to: statement)
            var details: [String] = []
            while try statement.step() { details.append(statement.text(3)) }
            let plan = details.joined(separator: "; ")
            #expect(plan.hasPrefix(search), "\(plan)")
            #expect(!plan.contains("TEMP B-TREE"), "\(plan)")
        }
    }

    @Test func aRareCombinationStopsAtTheScanBoundAndTheWalkStillFindsEverything() async throws {
        let temporary = try await TemporaryLedger.withMixedTraffic(seed: 23, failEvery: 11)
        let projector = try temporary.projector()
        try await projector.catchUp()
        let rows = try projector.store.requests()
        // Driven by the key's index (40 rows); the failures among them are checked row by row.
        let query = RequestLogQuery(status: .failed, apiKeyID: "team-0", limit: 3)
        let expected = bruteForce(rows, query)
        let keyRows = rows.filter { $0.apiKeyID == "team-0" }.count
        #expect(expected.count >= 2 && expected.count * 4 < keyRows)

        let pages = try walk(projector.store, query, maximumScan: 6)
        #expect(seqs(pages.flatMap { $0.rows }) == seqs(expected))
        #expect(pages.allSatisfy { $0.scanned <= 6 })
        #expect(pages.contains { $0.scanLimitReached && $0.rows.count < 3 && $0.nextCursor != nil })
        #expect(pages.reduce(0) { $0 + $1.scanned } <= keyRows + pages.count, "each row is examined about once")
        // Unbounded, the key's rows are read once and the page holds every match.
        let whole = try projector.store.requestLog(RequestLogQuery(status: .failed, apiKeyID: "team-0"))
        #expect(seqs(whole.rows) == seqs(expected) && whole.scanned == keyRows && !whole.scanLimitReached)
        #expect(whole.nextCursor == nil)
        await temporary.close()
    }

    @Test func eachFiltersQueryWalksOneIndexInItsOrder() async throws {
        let temporary = try TemporaryLedger()
        _ = try ProjectionStore(ledgerPath: temporary.path)
        let connection = try SQLiteConnection(path: temporary.path + "-projections", mode: .readWrite)
        let cursor = RequestLogPosition(completedAt: 1_763_700_000_000, completionSeq: 42)
        let cases: [(RequestLogQuery, String)] = [
            (RequestLogQuery(), "requests_by_time"),
            (RequestLogQuery(since: 1, until: 1_763_800_000_000, before: cursor), "requests_by_time"),
            (RequestLogQuery(status: .failed), "requests_by_status"),
            (RequestLogQuery(model: "qwen-max", status: .failed, before: cursor), "requests_by_model"),
            (RequestLogQuery(model: "qwen-max", status: .succeeded, apiKeyID: "team-1"), "requests_by_key"),
            (RequestLogQuery(apiKeyID: "team-1", requestID: "req-1", since: 5, before: cursor), "requests_by_id"),
        ]
        for (query, index) in cases {
            let scan = RequestLogScan(query)
            let statement = try connection.prepare("EXPLAIN QUERY PLAN " + scan.sql)
            scan.bind(to: statement)
            var details: [String] = []
            while try statement.step() { details.append(statement.text(3)) }
            #expect(details.count == 1, "\(details)")
            let plan = details.joined(separator: "; ")
            #expect(plan.hasPrefix("SEARCH requests USING INDEX \(index) ("), "\(plan)")
            #expect(plan.contains("completed_at<?"), "the walk starts at the upper bound: \(plan)")
            #expect(!plan.contains("TEMP B-TREE"), "\(plan)")
        }
        await temporary.close()
    }

    @Test(arguments: [
        ("status", "ok"), ("status", "FAILED"), ("limit", "0"), ("limit", "-2"), ("limit", "ten"), ("limit", "1.5"),
        ("since", "yesterday"), ("until", "2025-13-01T00:00:00Z"), ("cursor", "garbage"),
        ("cursor", RawCursor.make(before: 9)), ("cursor", OpaqueCursor.make(prefix: "rl-log1:", [5, 0])),
        ("cursor", OpaqueCursor.make(prefix: "rl-log1:", [5])), ("cursor", OpaqueCursor.make(prefix: "rl-log1:", [5, 6]) + "A"),
        ("cursor", String(RequestLogPosition(completedAt: 5, completionSeq: 6).cursor.dropLast())),
    ] as [(String, String)])
    func badParametersAreProblemsNamingTheParameter(parameter: String, text: String) {
        func given(_ name: String) -> String? { name == parameter ? text : nil }
        #expect {
            try RequestLogQuery.parse(
                model: nil, status: given("status"), key: nil, requestID: nil, since: given("since"), until: given("until"),
                limit: given("limit"), cursor: given("cursor"))
        } throws: { error in
            (error as? InvalidQuery)?.parameter == parameter
        }
    }

    @Test func parametersAreReadAsStatsReadsThemAndEmptyMeansAbsent() throws {
        let empty = try RequestLogQuery.parse(
            model: "", status: "", key: "", requestID: "", since: "", until: "", limit: "", cursor: "")
        #expect(empty == RequestLogQuery())
        let position = RequestLogPosition(completedAt: 1_763_719_200_250, completionSeq: 77)
        let query = try RequestLogQuery.parse(
            model: "qwen-max", status: "failed", key: "team-1", requestID: "req-9", since: "2025-11-21T10:00:00Z",
            until: "1763720000.5", limit: "9999", cursor: position.cursor)
        #expect(query == RequestLogQuery(
            model: "qwen-max", status: .failed, apiKeyID: "team-1", requestID: "req-9", since: 1_763_719_200_000,
            until: 1_763_720_000_500, limit: RequestLogQuery.maximumLimit, before: position))
        #expect(throws: InvalidQuery.self) {
            try RequestLogQuery.parse(
                model: nil, status: nil, key: nil, requestID: nil, since: "1763720000", until: "1763720000", limit: nil,
                cursor: nil)
        }
        for (at, seq) in [(0, 1), (-86_400_000, 3), (1_763_719_200_250, .max), (.min, 1), (.max, 12)] as [(Int64, Int64)] {
            let position = RequestLogPosition(completedAt: at, completionSeq: seq)
            #expect(try RequestLogPosition(cursor: position.cursor) == position)
        }
        #expect(RequestLogPosition(completedAt: 5, completionSeq: 6).cursor != RawCursor.make(before: 6))
    }

    @Test func theLiveFeedKeepsTheLast200EndedOldestFirst() async throws {
        let ledger = try TemporaryLedger()
        var traffic = InterleavedTraffic(seed: 8)
        traffic.generate(requests: 450, concurrency: 5)
        let projector = try ledger.projector(saveEvery: 50)
        #expect(await projector.recentlyEnded(after: 0, limit: 10).isEmpty)
        // Appended and folded in slices, as the follower folds them.
        for start in stride(from: 0, to: traffic.events.count, by: 300) {
            try await ledger.append(traffic.events[start..<min(start + 300, traffic.events.count)])
            try await projector.catchUp(saveAtEnd: false)
        }
        let ended = seqs(try projector.store.requests())
        #expect(ended.count == 450)
        #expect(seqs(await projector.recentlyEnded(after: 0, limit: 1_000)) == Array(ended.suffix(200)))
        let fiftiethLast = ended[ended.count - 50]
        #expect(seqs(await projector.recentlyEnded(after: fiftiethLast, limit: 1_000)) == Array(ended.suffix(49)))
        #expect(seqs(await projector.recentlyEnded(after: fiftiethLast, limit: 5)) == Array(ended.suffix(5)))
        #expect(await projector.recentlyEnded(after: ended.last!, limit: 5).isEmpty)
        #expect(await projector.recentlyEnded(after: 0, limit: 0).isEmpty)
        try await projector.rebuild()
        #expect(await projector.recentlyEnded(after: 0, limit: 10).isEmpty)

        var ring = RecentRequests(capacity: 3)
        let template = try #require(try projector.store.requests().first)
        for seq in 1...10 as ClosedRange<Int64> {
            var request = template
            request.completionSeq = seq
            ring.append(request)
            #expect(seqs(ring.ended(after: 0, limit: 10)) == Array(max(1, seq - 2)...seq))
        }
        await ledger.close()
    }
}
