import DomainEvents
import HTTPTypes
import Ledger
import Router

/// What every request handler shares: configuration, router, ledger, upstreams and breakers.
/// Built once by `buildApplication`.
struct Gateway: Sendable {
    let config: RouteledgerConfig
    let router: RequestRouter
    /// The classifier service the router's features come from (`routing.classifier.kind: http`).
    let classifierService: ClassifierService?
    let ledger: Ledger
    /// Sends a call to the chosen model's providers in turn until one answers.
    let failover: FailoverExecutor
    let breakers: BreakerBoard
    /// The latest health probe of each provider that has a health check.
    let probeResults: ProbeResults
    /// Fed from every acknowledged batch of events.
    let metrics: GatewayMetrics
    /// Fed from acknowledged completions; read by the `latency` strategy.
    let latencies = ObservedLatencies()
    /// Woken after each acknowledged batch, so the stats projection follows the ledger.
    let follower: ProjectionFollower
    /// Virtual keys' and teams' budgets and rate limits.
    let limits: TenantLimits
    /// The virtual keys, as the ledger holds them.
    let virtualKeys: VirtualKeys
    /// With a ledger shared by several replicas: the completions this process appends, which
    /// `ReplicaSharing` must not count twice when the follower folds them.
    var ownEvents: OwnEvents?

    /// Appends `events` and waits for the acknowledgement, even when the handler's task has been
    /// cancelled (a client that hung up must not lose its request's record): `Ledger.append` does
    /// not observe cancellation — its writer resumes every submission once committed — so it is
    /// called directly, without a task of its own (one thread hand-off less per request). A ledger
    /// that cannot write is reported as 503. Returns the events' receipts (their seqs), in order.
    @discardableResult
    func record(_ events: [NewEvent]) async throws -> [EventReceipt] {
        if let ownEvents {
            for event in events {
                if case .completionSucceeded = event.event { ownEvents.insert(event.eventID) }
            }
        }
        do {
            let receipts = try await ledger.append(events)
            observe(events)
            return receipts
        } catch {
            throw OpenAIError(
                status: .serviceUnavailable, message: "the ledger cannot record this request: \(error)",
                type: "api_error", code: "ledger_unavailable")
        }
    }

    /// The most a request can cost, for its budget reservation: its prompt and `outputTokens`
    /// (the client's `max_tokens`, else the model's output cap) at the highest prices among the
    /// chosen model and the models its failover plan may call instead.
    func maxCost(model name: String, promptTokens: Int, outputTokens: Int?, choices: Int = 1) -> Double {
        let models = ([name] + router.fallbackPlan(for: name)).compactMap { config.catalog.model(named: $0) }
        let output = outputTokens ?? models.map(\.outputCap).max() ?? 0
        let inputPrice = models.map(\.inputPricePer1K).max() ?? 0
        let outputPrice = models.map(\.outputPricePer1K).max() ?? 0
        return TokenPrices(inputPer1K: inputPrice, outputPer1K: outputPrice)
            .cost(inputTokens: promptTokens, outputTokens: output * max(1, choices))
    }

    private func observe(_ events: [NewEvent]) {
        follower.notify()
        metrics.observe(events)
        for event in events {
            if case .completionSucceeded(let completion) = event.event, completion.finishReason != "cancelled" {
                latencies.record(model: completion.model, milliseconds: completion.latencyMilliseconds)
            }
        }
    }
}
