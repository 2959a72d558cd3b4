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
    ]
}
