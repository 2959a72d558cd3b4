/// The filters and page of a request log listing (`model`, `status`, `key`, `team`, `user`,
/// `tag`, `request_id`, `since`, `until`, `limit`, `cursor`), checked. Every filter set must match.
public struct RequestLogQuery: Sendable, Equatable {
    /// The most rows one page holds; a larger `limit` is lowered to it.
    public static let maximumLimit = 200
    public static let defaultLimit = 50
    /// The most stored rows one page examines: a rare combination of filters costs at most this
    /// much per page, and the listing continues from where it stopped.
    public static let maximumScan = 5_000

    /// The model that answered, or for a request no model answered, the one it was routed to
    /// (the `/stats` `model` filter).
    public var model: String?
    public var status: CompletedRequest.Status?
    public var apiKeyID: String?
    /// The virtual key's team.
    public var team: String?
    /// The request's `user` field.
    public var user: String?
    /// One of the request's tags.
    public var tag: String?
    public var requestID: String?
    /// Unix ms, inclusive: requests that ended at or after it.
    public var since: Int64?
    /// Unix ms, exclusive: requests that ended before it.
    public var until: Int64?
    /// In 1...``maximumLimit``.
    public var limit: Int
    /// Continue strictly below this position (the cursor's).
    public var before: RequestLogPosition?

    public init(
        model: String? = nil, status: CompletedRequest.Status? = nil, apiKeyID: String? = nil, team: String? = nil,
        user: String? = nil, tag: String? = nil, requestID: String? = nil,
        since: Int64? = nil, until: Int64? = nil, limit: Int = defaultLimit, before: RequestLogPosition? = nil
    ) {
        self.model = model
        self.status = status
        self.apiKeyID = apiKeyID
        self.team = team
        self.user = user
        self.tag = tag
        self.requestID = requestID
        self.since = since
        self.until = until
        self.limit = min(max(1, limit), Self.maximumLimit)
        self.before = before
    }

    /// Reads the parameters as given; nil or empty means absent. Times are read as `/stats`
    /// reads them (ISO-8601 or epoch seconds, `until` later than `since`); `status` is
    /// `succeeded` or `failed`; `limit` a whole number ≥ 1 (lowered to ``maximumLimit``); a
    /// cursor must be one this server wrote. Each problem names its parameter.
    public static func parse(
        model: String?, status: String?, key: String?, team: String? = nil, user: String? = nil, tag: String? = nil,
        requestID: String?, since: String?, until: String?, limit: String?, cursor: String?
    ) throws(InvalidQuery) -> RequestLogQuery {
        func present(_ text: String?) -> String? { text.flatMap { $0.isEmpty ? nil : $0 } }
        let times = try StatsFilter.parse(since: present(since), until: present(until), model: present(model))
        let parsedStatus = try present(status).map { text throws(InvalidQuery) in
            guard let status = CompletedRequest.Status(rawValue: text) else {
                throw InvalidQuery(parameter: "status", message: "status must be succeeded or failed, not \"\(text)\"")
            }
            return status
        }
        let parsedLimit = try present(limit).map { text throws(InvalidQuery) in
            guard let number = Int(text), number >= 1 else {
                throw InvalidQuery(parameter: "limit", message: "limit must be a whole number ≥ 1, not \"\(text)\"")
            }
            return number
        }
        let position = try present(cursor).map { text throws(InvalidQuery) in try RequestLogPosition(cursor: text) }
        return RequestLogQuery(
            model: times.model, status: parsedStatus, apiKeyID: present(key), team: present(team), user: present(user),
            tag: present(tag), requestID: present(requestID),
            since: times.since, until: times.until, limit: parsedLimit ?? defaultLimit, before: position)
    }

    /// Whether `request` passes every filter (the cursor aside).
    func matches(_ request: CompletedRequest) -> Bool {
        (model == nil || (request.model ?? request.decision?.chosenModel) == model)
            && (status == nil || request.status == status)
            && (apiKeyID == nil || request.apiKeyID == apiKeyID)
            && (team == nil || request.team == team)
            && (user == nil || request.user == user)
            && (tag == nil || request.tags.contains(tag!))
            && (requestID == nil || request.requestID == requestID)
            && request.completedAt >= since ?? .min && request.completedAt < until ?? .max
    }
}
