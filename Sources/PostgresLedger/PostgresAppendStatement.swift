import NIOCore
import PostgresNIO

/// A group's one statement (``PostgresAppender``), prepared once per connection: it is the same
/// text for every group (its rows are arrays), so PostgreSQL parses it once and plans it from
/// cache instead of each time — a good part of a small group's time on the server.
///
/// It moves the head from `expectedSeq` to `headSeq`, and only when it did, writes the rows and
/// the tree's completed nodes and notifies the listening replicas; its one row (the new head's
/// seq) says it did.
struct PostgresAppendStatement: PostgresPreparedStatement {
    typealias Row = Int64

    static let sql = """
        WITH moved AS (
            UPDATE ledger_head SET seq = $1::int8, hash = $2::bytea WHERE id = 1 AND seq = $3::int8
            RETURNING seq
        ), appended AS (
            INSERT INTO events (seq, event_id, request_id, type, schema, ts, dict_id, payload, hash)
            SELECT * FROM unnest($4::int8[], $5::uuid[], $6::bytea[], $7::text[], $8::int4[], $9::int8[],
                                 $10::int4[], $11::bytea[], $12::bytea[])
            WHERE EXISTS (SELECT FROM moved)
        ), tree AS (
            INSERT INTO merkle_nodes (level, idx, hash)
            SELECT * FROM unnest($13::int4[], $14::int8[], $15::bytea[])
            WHERE EXISTS (SELECT FROM moved)
            ON CONFLICT (level, idx) DO UPDATE SET hash = EXCLUDED.hash
        )
        SELECT seq FROM moved, pg_notify('\(PostgresEventStore.notificationChannel)', seq::text)
        """

    var headSeq: Int64
    var headHash: ByteBuffer
    var expectedSeq: Int64
    var columns: EventColumns
    var nodeLevels: [Int32]
    var nodeIndexes: [Int64]
    var nodeHashes: [ByteBuffer]

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 15)
        bindings.append(headSeq)
        bindings.append(headHash)
        bindings.append(expectedSeq)
        bindings.append(columns.seqs)
        bindings.append(columns.eventIDs)
        bindings.append(columns.requestIDs)
        bindings.append(columns.types)
        bindings.append(columns.schemas)
        bindings.append(columns.timestamps)
        bindings.append(columns.dictionaryIDs)
        bindings.append(columns.frames)
        bindings.append(columns.hashes)
        bindings.append(nodeLevels)
        bindings.append(nodeIndexes)
        bindings.append(nodeHashes)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Int64 {
        try row.decode(Int64.self)
    }
}
