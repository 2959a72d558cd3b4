import CanonicalJSON
import DomainEvents

/// The three payloads of an llm-compass record. Values of the wrong type, or figures routeledger
/// cannot count with (negative, or absurdly large), become 0 or empty here; the import origin keeps
/// them as written.
extension LLMCompassRecord {
    /// `request.received`: the model the client asked for, the messages, and every other key of
    /// `request` as a parameter, verbatim.
    static func receivedEvent(requestID: String, request: [String: JSONValue], llm: [String: JSONValue]) -> RequestReceived {
        var messages: [JSONValue]?
        if case .array(let list)? = request["messages"] { messages = list }
        return RequestReceived(
            requestID: requestID, requestedModel: request["user_specified_model"]?.stringValue,
            params: request.filter { $0.key != "messages" && $0.key != "user_specified_model" }, messages: messages,
            estimatedPromptTokens: count(llm["input_tokens"]) ?? 0, endpoint: "chat.completions")
    }

    /// `routing.decided`: llm-compass's method as the strategy (version 0: not one of routeledger's
    /// implementations), its classifier figures as the features.
    static func routingEvent(_ routing: [String: JSONValue], chosenModel: String) -> RoutingDecided {
        let method = routing["method"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        let tier = routing["tier"]?.stringValue ?? ""
        func score(_ key: String) -> Double { routing[key]?.doubleValue ?? 0 }
        let features = PromptFeatures(
            tokenCount: count(routing["token_count"]) ?? 0, complexityScore: score("complexity_score"),
            taskType: routing["task_type"]?.stringValue ?? "", tier: tier, creativity: score("creativity"),
            reasoning: score("reasoning"), contextualKnowledge: score("contextual_knowledge"),
            domainKnowledge: score("domain_knowledge"), constraints: score("constraints"),
            numberOfFewShots: count(routing["number_of_few_shots"]) ?? 0)
        let described = [method.map { "method \($0)" }, tier.isEmpty ? nil : "tier \(tier)"].compactMap { $0 }
        let reason = "imported from \(format)" + (described.isEmpty ? "" : " (\(described.joined(separator: ", ")))")
        let microseconds = amount(routing["routing_latency_ms"], atMost: Double(Int32.max) / 1_000).map { Int(($0 * 1_000).rounded()) }
        return RoutingDecided(
            strategy: StrategyRef(name: method ?? format, version: 0), features: features, candidates: [],
            chosenModel: chosenModel, tier: tier, fallbackPlan: [], reason: reason,
            routingLatencyMicroseconds: microseconds ?? 0, configHash: "")
    }

    /// `completion.succeeded`: tokens as the provider counted them, llm-compass's cost (its prices
    /// were not logged, so they are recorded as 0) and latency, and the response text.
    static func completionEvent(_ llm: [String: JSONValue], model: String) -> CompletionSucceeded {
        CompletionSucceeded(
            model: model, provider: llm["provider"]?.stringValue ?? format,
            upstreamResponseID: llm["response_id"]?.stringValue, inputTokens: count(llm["input_tokens"]) ?? 0,
            outputTokens: count(llm["output_tokens"]) ?? 0, tokenSource: "provider",
            costUSD: amount(llm["cost_usd"], atMost: 1_000_000) ?? 0, prices: TokenPrices(inputPer1K: 0, outputPer1K: 0),
            latencyMilliseconds: amount(llm["llm_latency_ms"], atMost: 1e9) ?? 0, finishReason: nil,
            responseText: llm["response_content"]?.stringValue)
    }

    /// A whole number from 0 to `Int32.max` (token counts: sums over many records must not overflow).
    private static func count(_ value: JSONValue?) -> Int? {
        guard let number = value?.doubleValue, number.rounded() == number, (0...Double(Int32.max)).contains(number) else {
            return nil
        }
        return Int(number)
    }

    /// A number from 0 to `limit` (costs and latencies: sums over many records must stay finite).
    private static func amount(_ value: JSONValue?, atMost limit: Double) -> Double? {
        guard let number = value?.doubleValue, (0...limit).contains(number) else { return nil }
        return number
    }
}
