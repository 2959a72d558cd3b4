import CanonicalJSON
import DomainEvents
import Router

/// The `routing` object added to every response (and to the first chunk of a stream): what was
/// decided and why, and who finally answered.
struct RoutingSummary: Sendable {
    var requestID: String
    var decision: RoutingDecided
    /// The model and provider that answered (after failover, possibly not the chosen one).
    var servedBy: ModelDefinition
    var provider: ProviderDefinition
    var attempts: Int

    var json: JSONValue {
        let features = decision.features
        return .object([
            "request_id": .string(requestID),
            "strategy": .string(decision.strategy.name),
            "strategy_version": .int(Int64(decision.strategy.version)),
            "tier": .string(decision.tier),
            "task_type": .string(features.taskType),
            "complexity_score": .double(features.complexityScore),
            "prompt_tokens_estimate": .int(Int64(features.tokenCount)),
            "reason": .string(decision.reason),
            "chosen_model": .string(decision.chosenModel),
            "model": .string(servedBy.name),
            "provider": .string(provider.name),
            "simulated": .bool(provider.kind == .simulated),
            "attempts": .int(Int64(attempts)),
            "fallback_used": .bool(servedBy.name != decision.chosenModel),
            "routing_latency_us": .int(Int64(decision.routingLatencyMicroseconds)),
            "config_hash": .string(decision.configHash),
        ])
    }
}
