import Ledger
import PostgresNIO

extension PostgresEventStore {
    /// The outcome of ``admit(requestID:window:requestsPerMinute:tokensPerMinute:tokens:now:counters:limits:costUSD:)``.
    public enum LimitAdmission: Sendable, Equatable {
        case admitted
        /// The window holds `inWindow` requests already.
        case requestsPerMinute(inWindow: Int, retryAfterMilliseconds: Int64)
        /// The window's tokens and the prompt's would pass the limit; nil retry when the prompt
        /// alone does.
        case tokensPerMinute(inWindow: Int, retryAfterMilliseconds: Int64?)
        /// The counter at `index` holds `usedUSD` (spent and reserved), too much to take the cost.
        case budget(index: Int, usedUSD: Double)
    }

    /// Admits a request against limits every replica shares, in one statement: the key's window
    /// of the last minute (`requestsPerMinute`, `tokensPerMinute` with the prompt's `tokens`) and
    /// each budget counter (`scope|period|start`, with its limit in USD), reserving `costUSD`
    /// against every counter. Admissions of one key or one counter are serialized by advisory
    /// locks, so a concurrent burst through any number of replicas never over-admits.
    public func admit(
        requestID: String, window: String, requestsPerMinute: Int?, tokensPerMinute: Int?, tokens: Int, now: Int64,
        counters: [String], limits: [Double], costUSD: Double
    ) async throws -> LimitAdmission {
        try await database { [logger] connection in
            let rows = try await connection.query(
                """
                SELECT refusal, counter_index, used, retry_after_ms FROM routeledger_admit(
                    \(requestID), \(window), \(requestsPerMinute.map(Int32.init))::int4, \(tokensPerMinute.map(Int32.init))::int4,
                    \(Int32(clamping: tokens)), \(now), \(counters)::text[], \(limits)::float8[], \(costUSD))
                """, logger: logger)
            for try await (refusal, index, used, retryAfter) in rows.decode((String?, Int32?, Double?, Int64?).self) {
                switch refusal {
                case nil: return .admitted
                case "rpm": return .requestsPerMinute(inWindow: Int(used ?? 0), retryAfterMilliseconds: retryAfter ?? 0)
                case "tpm": return .tokensPerMinute(inWindow: Int(used ?? 0), retryAfterMilliseconds: retryAfter)
                default: return .budget(index: Int(index ?? 1) - 1, usedUSD: used ?? 0)
                }
            }
            throw LedgerError(.storage, "routeledger_admit answered no row")
        }
    }

    /// Replaces a request's reservations with its real cost, and its prompt's tokens in the
    /// window with its real count; nothing for a request that holds none.
    public func settle(requestID: String, window: String, costUSD: Double, tokens: Int) async throws {
        try await database { [logger] connection in
            _ = try await connection.query(
                "SELECT routeledger_settle(\(requestID), \(window), \(costUSD), \(Int32(clamping: tokens)))", logger: logger)
        }
    }

    /// Adds `costUSD` to each counter's spend (a request that held no reservation).
    public func addLimitSpend(_ costUSD: Double, to counters: [String]) async throws {
        try await database { [logger] connection in
            _ = try await connection.query(
                """
                INSERT INTO limit_spend (counter, usd) SELECT c, \(costUSD) FROM unnest(\(counters)::text[]) AS c
                ON CONFLICT (counter) DO UPDATE SET usd = limit_spend.usd + EXCLUDED.usd
                """, logger: logger)
        }
    }

    /// The spend and reservations of each counter.
    public func limitUse(of counters: [String]) async throws -> [(spentUSD: Double, reservedUSD: Double)] {
        try await database { [logger] connection in
            let rows = try await connection.query(
                """
                SELECT c.counter,
                       coalesce((SELECT usd FROM limit_spend s WHERE s.counter = c.counter), 0),
                       coalesce((SELECT sum(usd) FROM limit_reservations r WHERE r.counter = c.counter), 0)
                FROM unnest(\(counters)::text[]) AS c(counter)
                """, logger: logger)
            var use: [String: (Double, Double)] = [:]
            for try await (counter, spent, reserved) in rows.decode((String, Double, Double).self) { use[counter] = (spent, reserved) }
            return counters.map { use[$0] ?? (0, 0) }
        }
    }

    /// The requests and tokens in a window's last minute before `now`.
    public func limitWindow(_ window: String, now: Int64) async throws -> (requests: Int, tokens: Int) {
        try await database { [logger] connection in
            let rows = try await connection.query(
                "SELECT count(*), coalesce(sum(tokens), 0) FROM limit_window WHERE window_key = \(window) AND at_ms > \(now - 60_000)",
                logger: logger)
            for try await (count, tokens) in rows.decode((Int64, Int64).self) { return (Int(count), Int(tokens)) }
            return (0, 0)
        }
    }

    /// Seeds the budget counters with `spend` (counter → USD) if no replica did yet: the first
    /// replica to start on a ledger that already holds spend (copied from SQLite) brings it in
    /// once; every later start finds the mark and adds nothing (no counter is ever counted twice).
    /// Returns whether it seeded.
    public func seedLimitSpend(_ spend: [String: Double]) async throws -> Bool {
        try await database { [logger] connection in
            try await connection.query("BEGIN", logger: logger)
            do {
                let marked = try await connection.query(
                    "INSERT INTO limit_seeded (id) VALUES (1) ON CONFLICT DO NOTHING RETURNING id", logger: logger)
                var first = false
                for try await _ in marked { first = true }
                if first, !spend.isEmpty {
                    let counters = Array(spend.keys)
                    let amounts = counters.map { spend[$0] ?? 0 }
                    try await connection.query(
                        """
                        INSERT INTO limit_spend (counter, usd) SELECT * FROM unnest(\(counters)::text[], \(amounts)::float8[])
                        ON CONFLICT (counter) DO UPDATE SET usd = limit_spend.usd + EXCLUDED.usd
                        """, logger: logger)
                }
                try await connection.query("COMMIT", logger: logger)
                return first
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }
}

extension PostgresEventStore {
    /// A reservation no replica settled: its request, its reserved amount, when it was made.
    public struct StaleReservation: Sendable, Equatable {
        public var requestID: String
        public var usd: Double
        public var createdAt: Int64
    }

    /// The requests whose reservations were made before `before` (Unix ms) and are still held —
    /// a replica stopped between admitting and settling them — at most `limit`, oldest first.
    public func staleReservations(before: Int64, limit: Int) async throws -> [StaleReservation] {
        try await database { [logger] connection in
            let rows = try await connection.query(
                """
                SELECT request_id, max(usd), min(created_ms) FROM limit_reservations WHERE created_ms < \(before)
                GROUP BY request_id ORDER BY min(created_ms) LIMIT \(Int64(limit))
                """, logger: logger)
            var stale: [StaleReservation] = []
            for try await (requestID, usd, createdAt) in rows.decode((String, Double, Int64).self) {
                stale.append(StaleReservation(requestID: requestID, usd: usd, createdAt: createdAt))
            }
            return stale
        }
    }
}
