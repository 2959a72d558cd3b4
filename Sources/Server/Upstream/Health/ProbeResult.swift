import CanonicalJSON

/// The outcome of a provider's latest health probe, for `/status`, `/metrics` and the console.
struct ProbeResult: Sendable, Equatable {
    /// When the probe started, in Unix milliseconds.
    var at: Int64
    var passed: Bool
    var latencyMilliseconds: Double
    /// `200`, or the failure's class (`connection`, `timeout`, `status 503`, `malformed`).
    var status: String
    /// The failure, without secrets.
    var error: String?

    /// The result as `/status` shows it.
    var json: JSONValue {
        .object([
            "at": .int(at), "passed": .bool(passed), "latency_ms": .double((latencyMilliseconds * 100).rounded() / 100),
            "status": .string(status), "error": error.map(JSONValue.string) ?? .null,
        ])
    }
}
