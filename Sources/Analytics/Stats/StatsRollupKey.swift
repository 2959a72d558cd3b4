/// Which cell of a rollup bucket a request adds to: the model the `model` filter matches, tier,
/// task type, status and API key. Ordered by its packed bytes, so a bucket adds its cells up in
/// the same order in every process.
struct StatsRollupKey: Sendable, Hashable, Comparable {
    /// The model a request is filtered by (see ``StatsSample/model``) and whether it answered.
    struct Model: Sendable, Hashable {
        var name: String?
        var answered: Bool
    }

    var model: Model
    var tier: String?
    var taskType: String?
    var succeeded: Bool
    var apiKeyID: String?
    /// A failed request's status (see ``StatsSample/failureStatus``); nil when it succeeded.
    var failureStatus: String?

    init(model: Model, tier: String?, taskType: String?, succeeded: Bool, apiKeyID: String?, failureStatus: String? = nil) {
        self.model = model
        self.tier = tier
        self.taskType = taskType
        self.succeeded = succeeded
        self.apiKeyID = apiKeyID
        self.failureStatus = failureStatus
    }

    init(_ sample: StatsSample) {
        self.init(
            model: Model(name: sample.model, answered: sample.answered), tier: sample.tier, taskType: sample.taskType,
            succeeded: sample.succeeded, apiKeyID: sample.apiKeyID, failureStatus: sample.failureStatus)
    }

    /// Whether a request of this cell matches the `model` filter (nil: every request does).
    func matches(model filter: String?) -> Bool {
        filter == nil || model.name == filter
    }

    /// The key as stored.
    var packed: [UInt8] {
        var writer = PackedBytes()
        model.write(to: &writer)
        writer.append(tier)
        writer.append(taskType)
        writer.append(succeeded)
        writer.append(apiKeyID)
        writer.append(failureStatus)
        return writer.bytes
    }

    /// A key read back from ``packed``; nil when the bytes are not one.
    init?(packed: [UInt8]) {
        var reader = PackedBytes.Reader(packed)
        guard let model = Model(from: &reader), let tier = reader.text(), let taskType = reader.text(),
            let succeeded = reader.flag(), let apiKeyID = reader.text(), let failureStatus = reader.text(), reader.isAtEnd
        else { return nil }
        self.init(
            model: model, tier: tier, taskType: taskType, succeeded: succeeded, apiKeyID: apiKeyID, failureStatus: failureStatus)
    }

    static func < (lhs: StatsRollupKey, rhs: StatsRollupKey) -> Bool {
        lhs.packed.lexicographicallyPrecedes(rhs.packed)
    }
}

extension StatsRollupKey.Model {
    func write(to writer: inout PackedBytes) {
        writer.append(name)
        writer.append(answered)
    }

    /// The model as stored.
    var packed: [UInt8] {
        var writer = PackedBytes()
        write(to: &writer)
        return writer.bytes
    }

    init?(from reader: inout PackedBytes.Reader) {
        guard let name = reader.text(), let answered = reader.flag() else { return nil }
        self.init(name: name, answered: answered)
    }

    /// A model read back from ``packed``; nil when the bytes are not one.
    init?(packed: [UInt8]) {
        var reader = PackedBytes.Reader(packed)
        guard let model = Self(from: &reader), reader.isAtEnd else { return nil }
        self = model
    }
}
