import CanonicalJSON
import DomainEvents
import Ledger
import Router

/// Joins a request's events, in ledger order, into a ``CompletedRequest`` when its last event
/// arrives. A pure fold: its state (the requests still open) is part of a projection's state, so a
/// request whose events straddle a checkpoint is joined exactly once.
public struct RequestAssembler: Sendable, Codable, Equatable {
    /// What is known of a request that has not ended yet.
    struct OpenRequest: Sendable, Codable, Equatable {
        var receivedAt: Int64
        var requestedModel: String?
        var apiKeyID: String?
        var team: String?
        var tags: [String] = []
        var user: String?
        /// Features an imported record lacked (see ``CompletedRequest/Decision/unrecorded``).
        var unrecordedByImport: [String] = []
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
            request.apiKeyID = received.apiKeyID
            request.team = received.team
            request.tags = received.tags
            request.user = received.user
            if received.origin != nil { request.unrecordedByImport = Self.unrecordedByImport(event.stored) }
            open[event.stored.requestID] = request
        case .routingDecided(let decided):
            var request = open[event.stored.requestID] ?? OpenRequest(receivedAt: event.stored.timestamp)
            request.decision = CompletedRequest.Decision(decided, unrecordedByImport: request.unrecordedByImport)
            open[event.stored.requestID] = request
        case .upstreamFailed:
            open[event.stored.requestID, default: OpenRequest(receivedAt: event.stored.timestamp)].failedAttempts += 1
        case .completionSucceeded(let completion):
            let request = open.removeValue(forKey: event.stored.requestID) ?? OpenRequest(receivedAt: event.stored.timestamp)
            return CompletedRequest(
                requestID: event.stored.requestID, receivedAt: request.receivedAt, completedAt: event.stored.timestamp,
                completionSeq: event.stored.seq, requestedModel: request.requestedModel, apiKeyID: request.apiKeyID,
                decision: request.decision,
                status: .succeeded, model: completion.model, provider: completion.provider,
                inputTokens: completion.inputTokens, outputTokens: completion.outputTokens, costUSD: completion.costUSD,
                latencyMilliseconds: completion.latencyMilliseconds, failedAttempts: request.failedAttempts,
                team: request.team, tags: request.tags, user: request.user)
        case .completionFailed(let failed):
            let request = open.removeValue(forKey: event.stored.requestID) ?? OpenRequest(receivedAt: event.stored.timestamp)
            return CompletedRequest(
                requestID: event.stored.requestID, receivedAt: request.receivedAt, completedAt: event.stored.timestamp,
                completionSeq: event.stored.seq, requestedModel: request.requestedModel, apiKeyID: request.apiKeyID,
                decision: request.decision,
                status: .failed, model: nil, provider: nil, inputTokens: 0, outputTokens: 0, costUSD: 0,
                latencyMilliseconds: nil, failedAttempts: request.failedAttempts, failureType: failed.errorType,
                failureStatus: failed.status, team: request.team, tags: request.tags, user: request.user)
        case .feedbackRecorded, .configApplied, .providerBreakerChanged, .upstreamSkipped, .keyCreated, .keyUpdated,
            .keyRevoked, .teamUpdated:
            break
        }
        return nil
    }

    /// The features an imported record lacked or held as something else than a number: the
    /// routing keys its ``ImportOrigin`` lists as absent or kept as written. The payload is read
    /// again in full for it (a scan skips open-ended values), which only imports pay.
    static func unrecordedByImport(_ stored: StoredEvent) -> [String] {
        guard case .requestReceived(let received)? = try? stored.decoded(), let origin = received.origin else { return [] }
        var keys: Set<String> = []
        if case .array(let absent)? = origin.absent["routing"] { keys.formUnion(absent.compactMap(\.stringValue)) }
        if case .object(let kept)? = origin.kept["routing"] { keys.formUnion(kept.keys) }
        return StrategyInputs(recordedNames: keys).names
    }
}
