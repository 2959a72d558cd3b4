import Ledger

/// Joins a request's events, in ledger order, into a ``CompletedRequest`` when its last event
/// arrives. A pure fold: its state (the requests still open) is part of a projection's state, so a
/// request whose events straddle a checkpoint is joined exactly once.
public struct RequestAssembler: Sendable, Codable, Equatable {
    /// What is known of a request that has not ended yet.
    struct OpenRequest: Sendable, Codable, Equatable {
        var receivedAt: Int64
        var requestedModel: String?
        var decision: CompletedRequest.Decision?
        var failedAttempts = 0
    }

    private(set) var open: [String: OpenRequest] = [:]

    public init() {}

    /// Requests that have begun and not ended.
    public var openCount: Int { open.count }

    /// Folds one event in; the request it ends, if it ends one.
    public mutating func apply(_ event: ScannedEvent) -> CompletedRequest? {
        // Read through `event` rather than copying its envelope out: a copy retains every field.
        switch event.event {
        case .requestReceived(let received):
            var request = open[event.stored.requestID] ?? OpenRequest(receivedAt: event.stored.timestamp)
            request.receivedAt = event.stored.timestamp
            request.requestedModel = received.requestedModel
            open[event.stored.requestID] = request
        case .routingDecided(let decided):
            var request = open[event.stored.requestID] ?? OpenRequest(receivedAt: event.stored.timestamp)
            request.decision = CompletedRequest.Decision(
                strategy: decided.strategy.name, tier: decided.tier, taskType: decided.features.taskType,
                complexityScore: decided.features.complexityScore, chosenModel: decided.chosenModel,
                routingLatencyMicroseconds: decided.routingLatencyMicroseconds)
            open[event.stored.requestID] = request
        case .upstreamFailed:
            open[event.stored.requestID, default: OpenRequest(receivedAt: event.stored.timestamp)].failedAttempts += 1
        case .completionSucceeded(let completion):
            let request = open.removeValue(forKey: event.stored.requestID) ?? OpenRequest(receivedAt: event.stored.timestamp)
            return CompletedRequest(
                requestID: event.stored.requestID, receivedAt: request.receivedAt, completedAt: event.stored.timestamp,
                completionSeq: event.stored.seq, requestedModel: request.requestedModel, decision: request.decision,
                status: .succeeded, model: completion.model, provider: completion.provider,
                inputTokens: completion.inputTokens, outputTokens: completion.outputTokens, costUSD: completion.costUSD,
                latencyMilliseconds: completion.latencyMilliseconds, failedAttempts: request.failedAttempts)
        case .completionFailed(let failed):
            let request = open.removeValue(forKey: event.stored.requestID) ?? OpenRequest(receivedAt: event.stored.timestamp)
            return CompletedRequest(
                requestID: event.stored.requestID, receivedAt: request.receivedAt, completedAt: event.stored.timestamp,
                completionSeq: event.stored.seq, requestedModel: request.requestedModel, decision: request.decision,
                status: .failed, model: nil, provider: nil, inputTokens: 0, outputTokens: 0, costUSD: 0,
                latencyMilliseconds: nil, failedAttempts: request.failedAttempts, failureType: failed.errorType,
                failureStatus: failed.status)
        case .feedbackRecorded, .configApplied:
            break
        }
        return nil
    }
}
