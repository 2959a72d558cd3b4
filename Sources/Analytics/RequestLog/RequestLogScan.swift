import SQLiteSupport

/// How the projection store reads a request log page: down ONE index, newest first from the
/// query's upper bound, chosen by the most selective filter set (request id, then API key, user,
/// tag, team, then model, then status, else time alone); the other filters are checked on each
/// row read. A tag is walked in `request_tags` (tag, completed_at, completion_seq), joined to its rows. Each
/// index ends in (completed_at, rowid), so the `ORDER BY` is the index's order (no sort) and the
/// row-value bound `(completed_at, completion_seq) < (?, ?)` starts the walk at the cursor.
struct RequestLogScan {
    /// The filter whose index is walked.
    enum Driver: Equatable {
        case requestID(String), apiKeyID(String), user(String), tag(String), team(String), model(String)
        case status(CompletedRequest.Status), time
    }

    let driver: Driver
    /// Rows below this position, at or after `since`.
    let upperBound: RequestLogPosition
    let since: Int64

    init(_ query: RequestLogQuery) {
        if let requestID = query.requestID {
            driver = .requestID(requestID)
        } else if let key = query.apiKeyID {
            driver = .apiKeyID(key)
        } else if let user = query.user {
            driver = .user(user)
        } else if let tag = query.tag {
            driver = .tag(tag)
        } else if let team = query.team {
            driver = .team(team)
        } else if let model = query.model {
            driver = .model(model)
        } else if let status = query.status {
            driver = .status(status)
        } else {
            driver = .time
        }
        // `(completed_at, seq) < (until, Int64.min)` is `completed_at < until`: one bound for both.
        let untilBound = RequestLogPosition(completedAt: query.until ?? .max, completionSeq: .min)
        upperBound = min(query.before ?? untilBound, untilBound)
        since = query.since ?? .min
    }

    /// The index of `requests` walked and the equality on its first column, if any; nil for a
    /// tag, walked in `request_tags` instead.
    private var index: (name: String, condition: String?)? {
        switch driver {
        case .requestID: ("requests_by_id", "request_id = ?")
        case .apiKeyID: ("requests_by_key", "api_key_id = ?")
        case .user: ("requests_by_user", "end_user = ?")
        case .team: ("requests_by_team", "team = ?")
        case .tag: nil
        case .model: ("requests_by_model", "coalesce(model, chosen_model) = ?")
        case .status: ("requests_by_status", "status = ?")
        case .time: ("requests_by_time", nil)
        }
    }

    /// The `SELECT` of whole rows (``RequestRow/read(_:)``), newest first.
    var sql: String {
        guard let (name, condition) = index else {
            return RequestRow.selectAllTagged + " WHERE t.tag = ? AND (t.completed_at, t.completion_seq) < (?, ?) "
                + "AND t.completed_at >= ? ORDER BY t.completed_at DESC, t.completion_seq DESC"
        }
        return RequestRow.selectAll + " INDEXED BY \(name) WHERE " + (condition.map { $0 + " AND " } ?? "")
            + "(completed_at, completion_seq) < (?, ?) AND completed_at >= ? "
            + "ORDER BY completed_at DESC, completion_seq DESC"
    }

    /// Binds the driving filter's value and the bounds to a statement of ``sql``.
    func bind(to statement: SQLiteStatement) {
        var next: Int32 = 1
        switch driver {
        case .requestID(let text), .apiKeyID(let text), .user(let text), .tag(let text), .team(let text), .model(let text):
            statement.bind(next, text)
            next += 1
        case .status(let status):
            statement.bind(next, Int64(status == .succeeded ? 1 : 0))
            next += 1
        case .time: break
        }
        statement.bind(next, upperBound.completedAt)
        statement.bind(next + 1, upperBound.completionSeq)
        statement.bind(next + 2, since)
    }
}
