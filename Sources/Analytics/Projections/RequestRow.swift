import CanonicalJSON
import SQLiteSupport

/// A ``CompletedRequest`` as columns of the projection store's `requests` table (after its key
/// columns): binding costs a few hundred nanoseconds where JSON rows cost microseconds, and the
/// rows take a third of the space.
enum RequestRow {
    static let columns: [(name: String, type: String)] = [
        ("status", "INTEGER NOT NULL"), ("requested_model", "TEXT"), ("strategy", "TEXT"), ("tier", "TEXT"),
        ("task_type", "TEXT"), ("complexity_score", "REAL"), ("chosen_model", "TEXT"), ("routing_us", "INTEGER"),
        ("model", "TEXT"), ("provider", "TEXT"), ("input_tokens", "INTEGER NOT NULL"),
        ("output_tokens", "INTEGER NOT NULL"), ("cost_usd", "REAL NOT NULL"), ("latency_ms", "REAL"),
        ("failed_attempts", "INTEGER NOT NULL"), ("failure_type", "TEXT"), ("failure_status", "INTEGER"),
        ("api_key_id", "TEXT"), ("strategy_version", "INTEGER"), ("config_hash", "TEXT"), ("token_count", "INTEGER"),
        ("creativity", "REAL"), ("reasoning", "REAL"), ("contextual_knowledge", "REAL"), ("domain_knowledge", "REAL"),
        ("constraints", "REAL"), ("few_shots", "INTEGER"), ("prompt_fingerprint", "TEXT"), ("latency_snapshot", "TEXT"),
        ("unrecorded", "TEXT"), ("reason", "TEXT"), ("team", "TEXT"), ("end_user", "TEXT"), ("tags", "TEXT"),
    ]
    static let columnDefinitions = columns.map { "\($0.name) \($0.type)" }.joined(separator: ",\n")
    static let columnNames = columns.map(\.name).joined(separator: ", ")
    static let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")

    /// Binds the request's columns to `statement`, the first at parameter `first`.
    static func bind(_ request: CompletedRequest, to statement: SQLiteStatement, from first: Int32) {
        let decision = request.decision
        statement.bind(first, Int64(request.status == .succeeded ? 1 : 0))
        statement.bind(first + 1, request.requestedModel)
        statement.bind(first + 2, decision?.strategy)
        statement.bind(first + 3, decision?.tier)
        statement.bind(first + 4, decision?.taskType)
        statement.bind(first + 5, decision?.complexityScore)
        statement.bind(first + 6, decision?.chosenModel)
        statement.bind(first + 7, decision.map { Int64($0.routingLatencyMicroseconds) })
        statement.bind(first + 8, request.model)
        statement.bind(first + 9, request.provider)
        statement.bind(first + 10, Int64(request.inputTokens))
        statement.bind(first + 11, Int64(request.outputTokens))
        statement.bind(first + 12, request.costUSD)
        statement.bind(first + 13, request.latencyMilliseconds)
        statement.bind(first + 14, Int64(request.failedAttempts))
        statement.bind(first + 15, request.failureType)
        statement.bind(first + 16, request.failureStatus.map(Int64.init))
        statement.bind(first + 17, request.apiKeyID)
        statement.bind(first + 18, decision.map { Int64($0.strategyVersion) })
        statement.bind(first + 19, decision?.configHash)
        statement.bind(first + 20, decision.map { Int64($0.tokenCount) })
        statement.bind(first + 21, decision?.creativity)
        statement.bind(first + 22, decision?.reasoning)
        statement.bind(first + 23, decision?.contextualKnowledge)
        statement.bind(first + 24, decision?.domainKnowledge)
        statement.bind(first + 25, decision?.constraints)
        statement.bind(first + 26, decision.map { Int64($0.numberOfFewShots) })
        statement.bind(first + 27, decision?.promptFingerprint)
        statement.bind(first + 28, decision?.latencySnapshot.map(snapshotText))
        statement.bind(first + 29, decision.flatMap { $0.unrecorded.isEmpty ? nil : $0.unrecorded.joined(separator: ",") })
        statement.bind(first + 30, decision?.reason)
        statement.bind(first + 31, request.team)
        statement.bind(first + 32, request.user)
        statement.bind(first + 33, request.tags.isEmpty ? nil : tagsText(request.tags))
    }

    /// Tags as a JSON array (a tag may hold any character).
    static func tagsText(_ tags: [String]) -> String {
        var writer = JSONWriter(capacity: 64)
        writer.write(.array(tags.map(JSONValue.string)))
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// Tags read back from ``tagsText(_:)``.
    static func tags(text: String) -> [String] {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            var reader = JSONReader(buffer)
            guard case .array(let values)? = try? reader.value() else { return [] }
            return values.compactMap { if case .string(let tag) = $0 { tag } else { nil } }
        }
    }

    /// A latency snapshot as a JSON object.
    static func snapshotText(_ snapshot: [String: Double]) -> String {
        var writer = JSONWriter(capacity: 64)
        writer.write(.object(snapshot.mapValues(JSONValue.double)))
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// A latency snapshot read back from ``snapshotText(_:)``.
    static func snapshot(text: String) -> [String: Double] {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            var reader = JSONReader(buffer)
            guard case .object(let object)? = try? reader.value() else { return [:] }
            return object.compactMapValues(\.doubleValue)
        }
    }

    /// The `SELECT` of whole stored requests: the key columns, then ``columns``, as ``read(_:)`` reads them.
    static let selectAll = "SELECT completion_seq, request_id, received_at, completed_at, \(columnNames) FROM requests"

    /// ``selectAll`` of the requests with a tag: `request_tags t` joined to `requests r`.
    static let selectAllTagged = "SELECT r.completion_seq, r.request_id, r.received_at, r.completed_at, "
        + columns.map { "r.\($0.name)" }.joined(separator: ", ")
        + " FROM request_tags t JOIN requests r ON r.completion_seq = t.completion_seq"

    /// The request of a row selected by ``selectAll``.
    static func read(_ statement: SQLiteStatement) -> CompletedRequest {
        let first: Int32 = 4
        func text(_ column: Int32) -> String? { statement.isNull(column) ? nil : statement.text(column) }
        let decision = statement.isNull(first + 2) ? nil : CompletedRequest.Decision(
            strategy: statement.text(first + 2), tier: statement.text(first + 3), taskType: statement.text(first + 4),
            complexityScore: statement.double(first + 5), chosenModel: statement.text(first + 6),
            routingLatencyMicroseconds: Int(statement.int64(first + 7)), reason: statement.text(first + 30),
            strategyVersion: Int(statement.int64(first + 18)),
            configHash: statement.text(first + 19), tokenCount: Int(statement.int64(first + 20)),
            creativity: statement.double(first + 21), reasoning: statement.double(first + 22),
            contextualKnowledge: statement.double(first + 23), domainKnowledge: statement.double(first + 24),
            constraints: statement.double(first + 25), numberOfFewShots: Int(statement.int64(first + 26)),
            promptFingerprint: text(first + 27), latencySnapshot: text(first + 28).map(snapshot(text:)),
            unrecorded: text(first + 29).map { $0.split(separator: ",").map(String.init) } ?? [])
        return CompletedRequest(
            requestID: statement.text(1), receivedAt: statement.int64(2), completedAt: statement.int64(3),
            completionSeq: statement.int64(0),
            requestedModel: text(first + 1), apiKeyID: text(first + 17), decision: decision, status: statement.int64(first) == 1 ? .succeeded : .failed,
            model: text(first + 8), provider: text(first + 9), inputTokens: Int(statement.int64(first + 10)),
            outputTokens: Int(statement.int64(first + 11)), costUSD: statement.double(first + 12),
            latencyMilliseconds: statement.isNull(first + 13) ? nil : statement.double(first + 13),
            failedAttempts: Int(statement.int64(first + 14)), failureType: text(first + 15),
            failureStatus: statement.isNull(first + 16) ? nil : Int(statement.int64(first + 16)),
            team: text(first + 31), tags: text(first + 33).map(tags(text:)) ?? [], user: text(first + 32))
    }

    /// The `SELECT` of what the stats add up of stored requests, as ``sample(_:)`` reads it: a
    /// dozen columns instead of all of them (no strings but the keys, no snapshot to parse).
    static let selectSample = "SELECT completion_seq, completed_at, status, model, chosen_model, tier, task_type, "
        + "api_key_id, routing_us, cost_usd, latency_ms, input_tokens, output_tokens, failure_status, failure_type FROM requests"

    /// The sample of a row selected by ``selectSample``.
    static func sample(_ statement: SQLiteStatement) -> StatsSample {
        func text(_ column: Int32) -> String? { statement.isNull(column) ? nil : statement.text(column) }
        let model = text(3)
        return StatsSample(
            completedAt: statement.int64(1), completionSeq: statement.int64(0), succeeded: statement.int64(2) == 1,
            model: model ?? text(4), answered: model != nil, tier: text(5), taskType: text(6), apiKeyID: text(7),
            routingMicroseconds: Int(statement.int64(8)), costUSD: statement.double(9),
            latencyMilliseconds: statement.isNull(10) ? nil : statement.double(10), inputTokens: Int(statement.int64(11)),
            outputTokens: Int(statement.int64(12)),
            failureStatus: statement.isNull(13) ? text(14) : String(statement.int64(13)))
    }
}
