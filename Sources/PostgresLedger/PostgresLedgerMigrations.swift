/// The PostgreSQL ledger's schema, as named migrations applied in order (under an advisory lock,
/// so replicas starting together apply each once).
///
/// A migration is never edited once shipped: a change is a new migration appended to the list.
/// The tables mirror the SQLite ledger's (`LedgerMigrations`), plus `ledger_head`: the one row
/// every append moves from the head it linked to, which serializes appenders of every replica, so seqs are
/// global, gapless and in commit order, and the chain never forks.
enum PostgresLedgerMigrations {
    /// The key of the advisory lock held while migrating.
    static let lockKey: Int64 = 0x524C_4447_4D49_4752 // "RLDGMIGR"

    static let all: [(name: String, sql: [String])] = [
        (
            "2026-12-02-create-ledger",
            [
                """
                CREATE TABLE events (
                    seq        BIGINT  PRIMARY KEY,
                    event_id   UUID    NOT NULL UNIQUE,
                    request_id BYTEA   NOT NULL, -- UTF-8; bytes, because a request id may hold NUL
                    type       TEXT    NOT NULL,
                    schema     INTEGER NOT NULL,
                    ts         BIGINT  NOT NULL,
                    dict_id    INTEGER NOT NULL,
                    payload    BYTEA   NOT NULL,
                    hash       BYTEA   NOT NULL
                )
                """,
                "CREATE INDEX events_by_request ON events (request_id)",
                // Frames are zstd already: PostgreSQL's own compression would only cost time.
                "ALTER TABLE events ALTER COLUMN payload SET STORAGE EXTERNAL",
                """
                CREATE TABLE dictionaries (
                    id           INTEGER PRIMARY KEY,
                    created_ts   BIGINT  NOT NULL,
                    sample_count INTEGER NOT NULL,
                    bytes        BYTEA   NOT NULL
                )
                """,
                """
                CREATE TABLE merkle_nodes (
                    level INTEGER NOT NULL,
                    idx   BIGINT  NOT NULL,
                    hash  BYTEA   NOT NULL,
                    PRIMARY KEY (level, idx)
                )
                """,
                """
                CREATE TABLE ledger_head (
                    id   INTEGER PRIMARY KEY CHECK (id = 1),
                    seq  BIGINT  NOT NULL,
                    hash BYTEA   NOT NULL
                )
                """,
                "INSERT INTO ledger_head (id, seq, hash) VALUES (1, 0, '\\x0000000000000000000000000000000000000000000000000000000000000000')",
            ]
        ),
        (
            // Budgets and rate windows shared by every replica (``PostgresEventStore/admit``). A
            // counter is `scope|period|start`; a reservation holds a running request's maximum cost
            // against each of its counters until it settles; a window row is one request of a key
            // in its last minute. The functions take advisory locks on the key and the counters
            // (sorted, so two admissions never wait on each other in a circle) and run as one
            // statement: one round trip per admission and per settlement.
            "2026-12-03-create-limits",
            [
                "CREATE TABLE limit_spend (counter TEXT PRIMARY KEY, usd DOUBLE PRECISION NOT NULL)",
                // One row once the first replica seeded `limit_spend` from a ledger's history
                // (a ledger copied from SQLite with keys that already spent).
                "CREATE TABLE limit_seeded (id INTEGER PRIMARY KEY CHECK (id = 1))",
                """
                CREATE TABLE limit_reservations (
                    request_id TEXT             NOT NULL,
                    counter    TEXT             NOT NULL,
                    usd        DOUBLE PRECISION NOT NULL,
                    created_ms BIGINT           NOT NULL,
                    PRIMARY KEY (request_id, counter)
                )
                """,
                "CREATE INDEX limit_reservations_by_counter ON limit_reservations (counter)",
                """
                CREATE TABLE limit_window (
                    window_key TEXT    NOT NULL,
                    request_id TEXT    NOT NULL,
                    at_ms      BIGINT  NOT NULL,
                    tokens     INTEGER NOT NULL,
                    PRIMARY KEY (window_key, request_id)
                )
                """,
                "CREATE INDEX limit_window_by_time ON limit_window (window_key, at_ms)",
                """
                CREATE FUNCTION routeledger_admit(
                    p_request TEXT, p_window TEXT, p_rpm INTEGER, p_tpm INTEGER, p_tokens INTEGER, p_now BIGINT,
                    p_counters TEXT[], p_limits DOUBLE PRECISION[], p_cost DOUBLE PRECISION)
                RETURNS TABLE (refusal TEXT, counter_index INTEGER, used DOUBLE PRECISION, retry_after_ms BIGINT)
                LANGUAGE plpgsql AS $$
                DECLARE
                    n INTEGER;
                    window_tokens BIGINT;
                    oldest BIGINT;
                    spent DOUBLE PRECISION;
                    i INTEGER;
                BEGIN
                    PERFORM pg_advisory_xact_lock(hashtextextended(name, 0))
                    FROM (SELECT DISTINCT unnest(array_append(p_counters, 'window|' || p_window)) AS name ORDER BY 1) AS names;
                    IF p_rpm IS NOT NULL OR p_tpm IS NOT NULL THEN
                        DELETE FROM limit_window WHERE window_key = p_window AND at_ms <= p_now - 60000;
                        SELECT count(*), coalesce(sum(tokens), 0), min(at_ms) INTO n, window_tokens, oldest
                        FROM limit_window WHERE window_key = p_window;
                        IF p_rpm IS NOT NULL AND n >= p_rpm THEN
                            RETURN QUERY SELECT 'rpm'::TEXT, NULL::INTEGER, n::DOUBLE PRECISION, oldest + 60000 - p_now;
                            RETURN;
                        END IF;
                        IF p_tpm IS NOT NULL AND p_tokens > p_tpm THEN
                            RETURN QUERY SELECT 'tpm'::TEXT, NULL::INTEGER, window_tokens::DOUBLE PRECISION, NULL::BIGINT;
                            RETURN;
                        END IF;
                        IF p_tpm IS NOT NULL AND window_tokens + p_tokens > p_tpm THEN
                            -- The wait until enough of the window's tokens have left it.
                            RETURN QUERY
                            SELECT 'tpm'::TEXT, NULL::INTEGER, window_tokens::DOUBLE PRECISION, min(w.at_ms) + 60000 - p_now
                            FROM (
                                SELECT at_ms, sum(tokens) OVER (ORDER BY at_ms, request_id) AS leaving
                                FROM limit_window WHERE window_key = p_window
                            ) AS w
                            WHERE window_tokens - w.leaving + p_tokens <= p_tpm;
                            RETURN;
                        END IF;
                    END IF;
                    FOR i IN 1 .. coalesce(array_length(p_counters, 1), 0) LOOP
                        SELECT coalesce((SELECT usd FROM limit_spend WHERE counter = p_counters[i]), 0)
                             + coalesce((SELECT sum(usd) FROM limit_reservations WHERE counter = p_counters[i]), 0)
                        INTO spent;
                        IF spent + p_cost > p_limits[i] THEN
                            RETURN QUERY SELECT 'budget'::TEXT, i, spent, NULL::BIGINT;
                            RETURN;
                        END IF;
                    END LOOP;
                    INSERT INTO limit_reservations (request_id, counter, usd, created_ms)
                    SELECT p_request, c, p_cost, p_now FROM (SELECT DISTINCT unnest(p_counters) AS c) AS counters;
                    IF p_rpm IS NOT NULL OR p_tpm IS NOT NULL THEN
                        INSERT INTO limit_window (window_key, request_id, at_ms, tokens) VALUES (p_window, p_request, p_now, p_tokens);
                    END IF;
                    RETURN QUERY SELECT NULL::TEXT, NULL::INTEGER, NULL::DOUBLE PRECISION, NULL::BIGINT;
                END
                $$
                """,
                """
                CREATE FUNCTION routeledger_settle(p_request TEXT, p_window TEXT, p_cost DOUBLE PRECISION, p_tokens INTEGER)
                RETURNS VOID LANGUAGE plpgsql AS $$
                BEGIN
                    -- One transaction: an admission sees the reservation or the spend, never neither.
                    INSERT INTO limit_spend (counter, usd)
                    SELECT counter, p_cost FROM limit_reservations WHERE request_id = p_request
                    ON CONFLICT (counter) DO UPDATE SET usd = limit_spend.usd + EXCLUDED.usd;
                    DELETE FROM limit_reservations WHERE request_id = p_request;
                    UPDATE limit_window SET tokens = p_tokens WHERE window_key = p_window AND request_id = p_request;
                END
                $$
                """,
            ]
        ),
    ]
}
