/// Which recorded requests a replay, sweep or calibration reads: received in [`since`, `until`),
/// answered by (or, when failed, routed to) `model`, sent with key `key` (of team `team`, with
/// tag `tag`, for user `user`), ended with `status`.
public struct ReplaySelection: Sendable, Equatable {
    /// Unix milliseconds, inclusive.
    public var since: Int64?
    /// Unix milliseconds, exclusive.
    public var until: Int64?
    public var model: String?
    /// An API key id (never a key).
    public var key: String?
    public var team: String?
    public var tag: String?
    public var user: String?
    public var status: CompletedRequest.Status?

    public init(
        since: Int64? = nil, until: Int64? = nil, model: String? = nil, key: String? = nil, team: String? = nil,
        tag: String? = nil, user: String? = nil, status: CompletedRequest.Status? = nil
    ) {
        self.since = since
        self.until = until
        self.model = model
        self.key = key
        self.team = team
        self.tag = tag
        self.user = user
        self.status = status
    }

    /// Reads the selection as given: times as `/stats` takes them, status `succeeded` or `failed`.
    public static func parse(
        since: String?, until: String?, model: String?, key: String?, team: String? = nil, tag: String? = nil,
        user: String? = nil, status: String?
    ) throws(InvalidQuery) -> ReplaySelection {
        func present(_ text: String?) -> String? { text.flatMap { $0.isEmpty ? nil : $0 } }
        let times = try StatsFilter.parse(since: since, until: until, model: model)
        var parsedStatus: CompletedRequest.Status?
        if let status, !status.isEmpty {
            guard let known = CompletedRequest.Status(rawValue: status) else {
                throw InvalidQuery(
                    parameter: "status", message: "status must be succeeded or failed, not \"\(status)\"")
            }
            parsedStatus = known
        }
        return ReplaySelection(
            since: times.since, until: times.until, model: times.model, key: present(key), team: present(team),
            tag: present(tag), user: present(user), status: parsedStatus)
    }

    /// The rows of `table` selected, in table order.
    public func rows(of table: ReplayTable) -> [Int32] {
        let model = model.map { table.symbols.existingCode($0) ?? -2 }
        let key = key.map { table.symbols.existingCode($0) ?? -2 }
        let team = team.map { table.symbols.existingCode($0) ?? -2 }
        let user = user.map { table.symbols.existingCode($0) ?? -2 }
        let tag = tag.map { table.symbols.existingCode($0) ?? -2 }
        var rows: [Int32] = []
        rows.reserveCapacity(table.count)
        for row in 0..<table.count {
            if let since, table.receivedAt[row] < since { continue }
            if let until, table.receivedAt[row] >= until { continue }
            if let status, table.succeeded[row] != (status == .succeeded) { continue }
            if let key, table.apiKey[row] != key { continue }
            if let team, table.team[row] != team { continue }
            if let user, table.user[row] != user { continue }
            if let tag, !table.tagCodes[Int(table.tagOffsets[row])..<Int(table.tagOffsets[row + 1])].contains(tag) { continue }
            if let model {
                let actual = table.succeeded[row] ? table.servedModel[row] : table.chosenModel[row]
                if actual != model { continue }
            }
            rows.append(Int32(row))
        }
        return rows
    }

    /// The selection in words, for a report (`received 2026-11-01T00:00:00Z … , status failed`).
    public var summary: String {
        var parts: [String] = []
        if since != nil || until != nil {
            let from = since.map { RecordTimestamp.format($0) } ?? "the first request"
            let to = until.map { RecordTimestamp.format($0) } ?? "the last"
            parts.append("received from \(from) until \(to)")
        }
        if let model { parts.append("model \(model)") }
        if let key { parts.append("key \(key)") }
        if let team { parts.append("team \(team)") }
        if let tag { parts.append("tag \(tag)") }
        if let user { parts.append("user \(user)") }
        if let status { parts.append("status \(status.rawValue)") }
        return parts.isEmpty ? "every recorded request" : parts.joined(separator: ", ")
    }
}
