import DomainEvents
import SQLiteSupport

/// What `/stats` filters and groups requests by besides model and time: the virtual key, its
/// team, a tag, or the request's `user` field.
public enum AttributionKind: String, Sendable, CaseIterable {
    case key, team, tag, user

    /// The kind's number in the projection store.
    var code: Int64 {
        switch self {
        case .key: 0
        case .team: 1
        case .tag: 2
        case .user: 3
        }
    }

    /// The values of this kind a request counts under (a request with three tags counts under each).
    func values(of request: CompletedRequest) -> [String] {
        switch self {
        case .key: request.apiKeyID.map { [$0] } ?? []
        case .team: request.team.map { [$0] } ?? []
        case .tag: request.tags
        case .user: request.user.map { [$0] } ?? []
        }
    }
}

/// Sums of the requests of one attribution value, by the model that served them (or that a failed
/// one was routed to).
public struct AttributionGroup: Sendable, Equatable {
    public var value: String
    public var totals = StatsAccumulator.Totals()
    /// Succeeded requests by model.
    public var models: [String: Int] = [:]

    mutating func add(_ totals: StatsAccumulator.Totals, model: String) {
        self.totals.add(totals)
        if totals.calls > 0 && !model.isEmpty { models[model, default: 0] += totals.calls }
    }
}

/// The projection store's attribution rollups: each ended request's sums added, per attribution
/// value and model, to the UTC hour, day and month it ended in, and to its all-time total — on
/// disk, written in the transaction that saves the checkpoint. An unbounded report reads the
/// totals; one over a range adds up whole months, then whole days, then whole hours, and reads the
/// requests of the partial hours at either end one by one: at most a hundred-odd rows per value
/// and model, and two hours of requests, whatever the ledger's size.
enum AttributionRollups {
    /// The levels, finest first: hour, day, month, and the all-time total (one period, start 0).
    enum Level: Int64, CaseIterable {
        case hour = 0, day = 1, month = 2, total = 3

        func start(of instant: Int64) -> Int64 {
            switch self {
            case .hour: CivilDays.floorDivide(instant, 3_600_000).quotient * 3_600_000
            case .day: BudgetPeriod.day.start(containing: instant)
            case .month: BudgetPeriod.month.start(containing: instant)
            case .total: 0
            }
        }

        /// The start of the next period after the one starting at `start`.
        func next(after start: Int64) -> Int64 {
            switch self {
            case .hour: start + 3_600_000
            case .day: start + CivilDays.millisecondsPerDay
            case .month: BudgetPeriod.month.reset(after: start) ?? start
            case .total: .max
            }
        }

        /// The first period start at or after `instant`.
        func ceiling(_ instant: Int64) -> Int64 {
            let start = start(of: instant)
            return start == instant ? start : next(after: start)
        }
    }

    static let schema = """
        CREATE TABLE IF NOT EXISTS attribution_rollups (
            level           INTEGER NOT NULL,
            kind            INTEGER NOT NULL,
            value           TEXT    NOT NULL,
            start           INTEGER NOT NULL,
            model           TEXT    NOT NULL,
            calls           INTEGER NOT NULL,
            failures        INTEGER NOT NULL,
            cost_usd        REAL    NOT NULL,
            latency_ms      REAL    NOT NULL,
            routing_ms      REAL    NOT NULL,
            input_tokens    INTEGER NOT NULL,
            output_tokens   INTEGER NOT NULL,
            PRIMARY KEY (level, kind, value, start, model)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS attribution_by_start ON attribution_rollups(level, kind, start);
        CREATE TABLE IF NOT EXISTS request_tags (
            tag             TEXT    NOT NULL,
            completed_at    INTEGER NOT NULL,
            completion_seq  INTEGER NOT NULL,
            PRIMARY KEY (tag, completed_at, completion_seq)
        ) WITHOUT ROWID;
        """

    private struct CellKey: Hashable {
        var level: Level
        var kind: AttributionKind
        var value: String
        var start: Int64
        var model: String
    }

    /// Adds `requests` to the rollups and their tags to `request_tags` (inside the caller's transaction).
    static func add(_ requests: [CompletedRequest], to connection: SQLiteConnection) throws {
        var cells: [CellKey: StatsAccumulator.Totals] = [:]
        var tagged: [(tag: String, completedAt: Int64, seq: Int64)] = []
        for request in requests {
            let sample = StatsSample(request)
            let model = sample.model ?? ""
            for kind in AttributionKind.allCases {
                for value in kind.values(of: request) {
                    for level in Level.allCases {
                        let key = CellKey(level: level, kind: kind, value: value, start: level.start(of: request.completedAt), model: model)
                        cells[key, default: StatsAccumulator.Totals()].add(sample)
                    }
                }
            }
            for tag in request.tags { tagged.append((tag, request.completedAt, request.completionSeq)) }
        }
        if !cells.isEmpty {
            let upsert = try connection.prepare("""
                INSERT INTO attribution_rollups (level, kind, value, start, model, calls, failures, cost_usd, latency_ms,
                    routing_ms, input_tokens, output_tokens) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (level, kind, value, start, model) DO UPDATE SET
                    calls = calls + excluded.calls, failures = failures + excluded.failures,
                    cost_usd = cost_usd + excluded.cost_usd, latency_ms = latency_ms + excluded.latency_ms,
                    routing_ms = routing_ms + excluded.routing_ms, input_tokens = input_tokens + excluded.input_tokens,
                    output_tokens = output_tokens + excluded.output_tokens
                """)
            for (key, totals) in cells {
                upsert.reset()
                upsert.bind(1, key.level.rawValue)
                upsert.bind(2, key.kind.code)
                upsert.bind(3, key.value)
                upsert.bind(4, key.start)
                upsert.bind(5, key.model)
                upsert.bind(6, Int64(totals.calls))
                upsert.bind(7, Int64(totals.failures))
                upsert.bind(8, totals.costUSD)
                upsert.bind(9, totals.latencyMilliseconds)
                upsert.bind(10, totals.routingMilliseconds)
                upsert.bind(11, Int64(totals.inputTokens))
                upsert.bind(12, Int64(totals.outputTokens))
                _ = try upsert.step()
            }
        }
        if !tagged.isEmpty {
            let insert = try connection.prepare(
                "INSERT OR IGNORE INTO request_tags (tag, completed_at, completion_seq) VALUES (?, ?, ?)")
            for row in tagged {
                insert.reset()
                insert.bind(1, row.tag)
                insert.bind(2, row.completedAt)
                insert.bind(3, row.seq)
                _ = try insert.step()
            }
        }
    }

    /// The groups of `kind` (only `value`'s when given) over the requests that ended in
    /// [`since`, `until`), restricted to `model` when given.
    static func groups(
        _ kind: AttributionKind, value: String?, model: String?, since: Int64?, until: Int64?, in connection: SQLiteConnection
    ) throws -> [String: AttributionGroup] {
        var groups: [String: AttributionGroup] = [:]
        func add(_ group: String, _ totals: StatsAccumulator.Totals, model: String) {
            groups[group, default: AttributionGroup(value: group)].add(totals, model: model)
        }
        let plan: (whole: [(Level, Range<Int64>)], edges: [Range<Int64>])
        if since == nil && until == nil {
            plan = ([(.total, 0..<1)], [])
        } else {
            let bounds = try span(kind, value: value, in: connection)
            guard bounds.lowerBound < bounds.upperBound else { return [:] }
            // A bound beyond the stored requests (or none): the periods that hold the first or
            // last requests hold nothing outside the range, so they are read as whole periods —
            // "since the 1st of the month" is one month row per value and model, not a row per day
            // or hour.
            let low = since.map { $0 > bounds.lowerBound } == true ? since! : Level.month.start(of: bounds.lowerBound)
            let high = until.map { $0 < bounds.upperBound } == true ? until! : Level.month.ceiling(bounds.upperBound)
            guard low < high else { return [:] }
            plan = decompose(low..<high)
        }
        let query = try connection.prepare("""
            SELECT value, model, sum(calls), sum(failures), sum(cost_usd), sum(latency_ms), sum(routing_ms),
                   sum(input_tokens), sum(output_tokens)
            FROM attribution_rollups
            WHERE level = ? AND kind = ? \(value == nil ? "" : "AND value = ?") AND start >= ? AND start < ?
            \(model == nil ? "" : "AND model = ?")
            GROUP BY value, model
            """)
        for (level, range) in plan.whole {
            query.reset()
            var index: Int32 = 1
            query.bind(index, level.rawValue); index += 1
            query.bind(index, kind.code); index += 1
            if let value { query.bind(index, value); index += 1 }
            query.bind(index, range.lowerBound); index += 1
            query.bind(index, range.upperBound); index += 1
            if let model { query.bind(index, model) }
            while try query.step() {
                var totals = StatsAccumulator.Totals()
                totals.calls = Int(query.int64(2))
                totals.failures = Int(query.int64(3))
                totals.costUSD = query.double(4)
                totals.latencyMilliseconds = query.double(5)
                totals.routingMilliseconds = query.double(6)
                totals.inputTokens = Int(query.int64(7))
                totals.outputTokens = Int(query.int64(8))
                add(query.text(0), totals, model: query.text(1))
            }
        }
        let rows = try connection.prepare(RequestRow.selectAll + " WHERE completed_at >= ? AND completed_at < ? ORDER BY completion_seq")
        for edge in plan.edges {
            rows.reset()
            rows.bind(1, edge.lowerBound)
            rows.bind(2, edge.upperBound)
            while try rows.step() {
                let request = RequestRow.read(rows)
                let sample = StatsSample(request)
                if let model, sample.model != model { continue }
                for group in Set(kind.values(of: request)) where value == nil || group == value {
                    var totals = StatsAccumulator.Totals()
                    totals.add(sample)
                    add(group, totals, model: sample.model ?? "")
                }
            }
        }
        return groups
    }

    /// From the first hour to the end of the last hour that holds a request of `kind` (`value`'s
    /// when given): a range clipped to it needs no edge reads beyond the stored requests.
    ///
    /// Two subqueries, each one seek at an end of an index: SQLite reads a lone `min()` or `max()`
    /// from the index's end, but `min(start), max(start)` in one query walks every hour row.
    private static func span(_ kind: AttributionKind, value: String?, in connection: SQLiteConnection) throws -> Range<Int64> {
        let rows = "FROM attribution_rollups WHERE level = 0 AND kind = ?" + (value == nil ? "" : " AND value = ?")
        let statement = try connection.prepare("SELECT (SELECT min(start) \(rows)), (SELECT max(start) \(rows))")
        statement.bind(1, kind.code)
        if let value { statement.bind(2, value) }
        statement.bind(value == nil ? 2 : 3, kind.code)
        if let value { statement.bind(4, value) }
        guard try statement.step(), !statement.isNull(0) else { return 0..<0 }
        return statement.int64(0)..<(statement.int64(1) + 3_600_000)
    }

    /// `range` as whole months, days and hours (each level's ranges of period starts) and the
    /// partial hours at either end.
    static func decompose(_ range: Range<Int64>) -> (whole: [(Level, Range<Int64>)], edges: [Range<Int64>]) {
        var whole: [(Level, Range<Int64>)] = []
        var edges: [Range<Int64>] = []
        func split(_ range: Range<Int64>, at level: Level) {
            let first = level.ceiling(range.lowerBound)
            let end = level.start(of: range.upperBound)
            guard first < end else {
                if let finer = Level(rawValue: level.rawValue - 1) { split(range, at: finer) } else { edges.append(range) }
                return
            }
            if let finer = Level(rawValue: level.rawValue - 1) {
                if range.lowerBound < first { split(range.lowerBound..<first, at: finer) }
                whole.append((level, first..<end))
                if end < range.upperBound { split(end..<range.upperBound, at: finer) }
            } else {
                if range.lowerBound < first { edges.append(range.lowerBound..<first) }
                whole.append((level, first..<end))
                if end < range.upperBound { edges.append(end..<range.upperBound) }
            }
        }
        split(range, at: .month)
        return (whole, edges)
    }
}
