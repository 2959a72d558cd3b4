import CanonicalJSON
import DomainEvents

/// One request as a raw record, in llm-compass's record shape —
/// `{timestamp, request: {messages, temperature, max_tokens, stream, user_specified_model},
/// routing: {method, query, routing_latency_ms, tier, complexity_score, task_type, …},
/// llm: {model, response_id, response_content, input_tokens, output_tokens, total_tokens, cost_usd,
/// llm_latency_ms}}` — plus routeledger's `request_id`, `seq`, `status`, `failed_attempts` and
/// `failure`. Built from the request's events alone.
///
/// For a request imported from llm-compass, the record rendered from its events is corrected by the
/// `origin` its `request.received` carries, so the original record comes back exactly — except
/// that a listing's `timestamp` is always epoch seconds, with `time` the same instant in ISO-8601.
public enum RawRecord {
    /// The top-level keys routeledger adds to llm-compass's shape.
    public static let identityKeys: Set<String> = ["request_id", "seq", "status", "failed_attempts", "failure"]

    /// The record of an ended request (nil while it is open): `timestamp` in epoch seconds, a JSON
    /// number as llm-compass writes `time.time()` (an imported record's own when it wrote one), and
    /// `time`, the same instant in ISO-8601 UTC.
    public static func render(_ history: RequestHistory) -> [String: JSONValue]? {
        guard let seq = history.endSeq else { return nil }
        var record = llmCompassRecord(history)
        switch record["timestamp"] {
        case .int?, .double?: break
        default: record["timestamp"] = RecordTimestamp.epochSeconds(history.receivedAt)
        }
        record["time"] = .string(RecordTimestamp.format(history.receivedAt))
        record["request_id"] = .string(history.requestID)
        record["seq"] = .int(seq)
        record["status"] = .string(history.succeeded != nil ? "succeeded" : "failed")
        record["failed_attempts"] = .int(Int64(history.failedAttempts.count))
        record["failure"] = failure(history.failed)
        return record
    }

    /// `completion.failed` as `{type, status, message, attempts}`; null when the request did not fail.
    static func failure(_ failed: CompletionFailed?) -> JSONValue {
        guard let failed else { return .null }
        return .object([
            "type": .string(failed.errorType), "status": .int(Int64(failed.status)),
            "message": .string(failed.message), "attempts": .int(Int64(failed.attempts)),
        ])
    }

    /// Only llm-compass's part of the record (what `export --format llm-compass` writes): the
    /// sections rendered from the events, corrected by the import origin if there is one.
    public static func llmCompassRecord(_ history: RequestHistory) -> [String: JSONValue] {
        var record = rendered(history)
        if let origin = history.received?.origin { apply(origin, to: &record) }
        return record
    }

    /// The record the events give, before any import correction.
    public static func rendered(_ history: RequestHistory) -> [String: JSONValue] {
        [
            "timestamp": .string(RecordTimestamp.format(history.receivedAt)),
            "request": .object(request(history.received)),
            "routing": history.decided.map { .object(routing($0, messages: history.received?.messages)) } ?? .null,
            "llm": history.succeeded.map { .object(llm($0)) } ?? .null,
        ]
    }

    static func request(_ received: RequestReceived?) -> [String: JSONValue] {
        var request: [String: JSONValue] = ["temperature": .null, "max_tokens": .null, "stream": .bool(false)]
        for (key, value) in received?.params ?? [:] { request[key] = value }
        request["messages"] = received?.messages.map(JSONValue.array) ?? .null
        request["user_specified_model"] = received?.requestedModel.map(JSONValue.string) ?? .null
        return request
    }

    static func routing(_ decided: RoutingDecided, messages: [JSONValue]?) -> [String: JSONValue] {
        let features = decided.features
        return [
            "method": .string(decided.strategy.name),
            "query": query(messages).map(JSONValue.string) ?? .null,
            "routing_latency_ms": .double(Double(decided.routingLatencyMicroseconds) / 1_000),
            "tier": decided.tier.isEmpty ? .null : .string(decided.tier),
            "complexity_score": .double(features.complexityScore),
            "task_type": features.taskType.isEmpty ? .null : .string(features.taskType),
            "domain_knowledge": .double(features.domainKnowledge),
            "reasoning": .double(features.reasoning),
            "creativity": .double(features.creativity),
            "contextual_knowledge": .double(features.contextualKnowledge),
            "constraints": .double(features.constraints),
            "number_of_few_shots": .int(Int64(features.numberOfFewShots)),
            "token_count": .int(Int64(features.tokenCount)),
            "chosen_model": .string(decided.chosenModel),
            "reason": .string(decided.reason),
            "params": .object(decided.strategy.params),
            "config_hash": .string(decided.configHash),
        ]
    }

    static func llm(_ completion: CompletionSucceeded) -> [String: JSONValue] {
        [
            "model": .string(completion.model),
            "provider": .string(completion.provider),
            "response_id": completion.upstreamResponseID.map(JSONValue.string) ?? .null,
            "response_content": completion.responseText.map(JSONValue.string) ?? .null,
            "input_tokens": .int(Int64(completion.inputTokens)),
            "output_tokens": .int(Int64(completion.outputTokens)),
            "total_tokens": .int(Int64(completion.inputTokens + completion.outputTokens)),
            "cost_usd": .double(completion.costUSD),
            "llm_latency_ms": .double(completion.latencyMilliseconds),
            "finish_reason": completion.finishReason.map(JSONValue.string) ?? .null,
        ]
    }

    /// The text the router classified: the last user message's text (string content, or its text
    /// parts joined by newlines); nil when the prompt was redacted.
    public static func query(_ messages: [JSONValue]?) -> String? {
        guard let messages else { return nil }
        for case .object(let message) in messages.reversed() where message["role"]?.stringValue == "user" {
            switch message["content"] {
            case .string(let text): return text
            case .array(let parts):
                return parts.compactMap { part -> String? in
                    guard case .object(let fields) = part, fields["type"]?.stringValue == "text" else { return nil }
                    return fields["text"]?.stringValue
                }.joined(separator: "\n")
            default: return nil
            }
        }
        return nil
    }

    // MARK: - Import corrections

    /// The section name of top-level keys in an ``ImportOrigin``.
    static let topLevel = "record"
    static let sections = ["request", "routing", "llm"]

    /// The origin that turns `rendered` into `original`: every key of `original` the rendering
    /// lacks or holds differently is kept, every key it has that `original` lacks is absent.
    public static func origin(
        format: String, line: Int, original: [String: JSONValue], rendered: [String: JSONValue]
    ) -> ImportOrigin {
        var kept: [String: JSONValue] = [:]
        var absent: [String: JSONValue] = [:]
        func compare(_ original: [String: JSONValue], _ rendered: [String: JSONValue], section: String) {
            var keep: [String: JSONValue] = [:]
            for (key, value) in original where rendered[key] != value {
                if section == topLevel, sections.contains(key), case .object(let inner) = value,
                    case .object(let renderedInner)? = rendered[key]
                {
                    compare(inner, renderedInner, section: key)
                } else {
                    keep[key] = value
                }
            }
            let missing = rendered.keys.filter { original[$0] == nil }.sorted()
            if !keep.isEmpty { kept[section] = .object(keep) }
            if !missing.isEmpty { absent[section] = .array(missing.map(JSONValue.string)) }
        }
        compare(original, rendered, section: topLevel)
        return ImportOrigin(format: format, line: line, kept: kept, absent: absent)
    }

    static func apply(_ origin: ImportOrigin, to record: inout [String: JSONValue]) {
        func patch(_ object: inout [String: JSONValue], section: String) {
            if case .array(let keys)? = origin.absent[section] {
                for case .string(let key) in keys { object.removeValue(forKey: key) }
            }
            if case .object(let kept)? = origin.kept[section] {
                for (key, value) in kept { object[key] = value }
            }
        }
        patch(&record, section: topLevel)
        for section in sections {
            guard case .object(var inner)? = record[section] else { continue }
            patch(&inner, section: section)
            record[section] = .object(inner)
        }
    }
}
