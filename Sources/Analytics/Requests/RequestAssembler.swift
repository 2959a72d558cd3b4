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
        let stored = event.stored
        switch event.event {
        case .requestReceived(let received):
            var request = open[stored.requestID] ?? OpenRequest(receivedAt: stored.timestamp)
            request.receivedAt = stored.timestamp
            request.requestedModel = received.requestedModel
            open[stored.requestID] = request
        case .routingDecided(let decided):
            var request = open[stored.requestID] ?? OpenRequest(receivedAt: stored.timestamp)
            request.decision = CompletedRequest.Decision(
                strategy: decided.strategy.name, tier: decided.tier, taskType: decided.features.taskType,
                complexityScore: decided.features.complexityScore, chosenModel: decided.chosenModel,
                routingLatencyMicroseconds: decided.routingLatencyMicroseconds)
            open[stored.requestID] = request
        case .upstreamFailed:
            open[stored.requestID, default: OpenRequest(receivedAt: stored.timestamp)].failedAttempts += 1
        case .completionSucceeded(let completion):
            let request = open.removeValue(forKey: stored.requestID) ?? OpenRequest(receivedAt: stored.timestamp)
            return CompletedRequest(
                requestID: stored.requestID, receivedAt: request.receivedAt, completedAt: stored.timestamp,
                completionSeq: stored.seq, requestedModel: request.requestedModel, decision: request.decision,
                status: .succeeded, model: completion.model, provider: completion.provider,
                inputTokens: completion.inputTokens, outputTokens: completion.outputTokens, costUSD: completion.costUSD,
                latencyMilliseconds: completion.latencyMilliseconds, failedAttempts: request.failedAttempts)
        case .completionFailed(let failed):
            let request = open.removeValue(forKey: stored.requestID) ?? OpenRequest(receivedAt: stored.timestamp)
            return CompletedRequest(
                requestID: stored.requestID, receivedAt: request.receivedAt, completedAt: stored.timestamp,
                completionSeq: stored.seq, requestedModel: request.requestedModel, decision: request.decision,
                status: .failed, model: nil, provider: nil, inputTokens: 0, outputTokens: 0, costUSD: 0,
                latencyMilliseconds: nil, failedAttempts: request.failedAttempts, failureType: failed.errorType,
                failureStatus: failed.status)
        case .feedbackRecorded, .configApplied:
            break
        }
        return nil
    }
}
