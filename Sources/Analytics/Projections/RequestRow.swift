import Ledger

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
    }

    /// The request whose columns start at result column `first`.
    static func read(
        _ statement: SQLiteStatement, from first: Int32, requestID: String, receivedAt: Int64, completedAt: Int64,
        completionSeq: Int64
    ) -> CompletedRequest {
        func text(_ column: Int32) -> String? { statement.isNull(column) ? nil : statement.text(column) }
        let decision = statement.isNull(first + 2) ? nil : CompletedRequest.Decision(
            strategy: statement.text(first + 2), tier: statement.text(first + 3), taskType: statement.text(first + 4),
            complexityScore: statement.double(first + 5), chosenModel: statement.text(first + 6),
            routingLatencyMicroseconds: Int(statement.int64(first + 7)))
        return CompletedRequest(
            requestID: requestID, receivedAt: receivedAt, completedAt: completedAt, completionSeq: completionSeq,
            requestedModel: text(first + 1), decision: decision, status: statement.int64(first) == 1 ? .succeeded : .failed,
            model: text(first + 8), provider: text(first + 9), inputTokens: Int(statement.int64(first + 10)),
            outputTokens: Int(statement.int64(first + 11)), costUSD: statement.double(first + 12),
            latencyMilliseconds: statement.isNull(first + 13) ? nil : statement.double(first + 13),
            failedAttempts: Int(statement.int64(first + 14)), failureType: text(first + 15),
            failureStatus: statement.isNull(first + 16) ? nil : Int(statement.int64(first + 16)))
    }
}
