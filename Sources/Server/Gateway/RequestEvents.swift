import CanonicalJSON
import DomainEvents
import Foundation
import HTTPTypes
import Ledger
import Router

/// Builds the ledger events of one request from what the gateway saw (SPEC section 2).
struct RequestEvents: Sendable {
    let requestID: String
    let redaction: RedactionSettings

    func received(
        _ body: ChatCompletionBody, caller: APIKeys.Caller?, tags: [String], promptTokens: Int, endpoint: String
    ) -> NewEvent {
        event(.requestReceived(RequestReceived(
            requestID: requestID, apiKeyID: caller?.keyID, team: caller?.team, tags: tags, keysSeq: caller?.keysSeq, user: body.user,
            requestedModel: body.requestedModel,
            params: body.recordedParams, messages: redaction.prompts ? nil : body.rawMessages,
            estimatedPromptTokens: promptTokens, endpoint: endpoint)))
    }

    /// `request.received` of an embeddings request: its inputs stand where a chat's messages do.
    func received(_ body: EmbeddingsBody, caller: APIKeys.Caller?, tags: [String], promptTokens: Int) -> NewEvent {
        event(.requestReceived(RequestReceived(
            requestID: requestID, apiKeyID: caller?.keyID, team: caller?.team, tags: tags, keysSeq: caller?.keysSeq, user: body.user,
            requestedModel: body.model,
            params: body.recordedParams, messages: redaction.prompts ? nil : body.rawInputs,
            estimatedPromptTokens: promptTokens, endpoint: "embeddings")))
    }

    /// `routing.decided` of an embeddings request: not routed, the named model (tier and task type
    /// `embedding`), with its fallback plan.
    func decidedEmbedding(
        model: ModelDefinition, requestedAs: String, tokenCount: Int, fallbackPlan: [String], configHash: String,
        latencyMicroseconds: Int
    ) -> NewEvent {
        event(.routingDecided(RoutingDecided(
            strategy: StrategyRef(name: StrategyRef.userSpecified, version: 1, params: ["model": .string(requestedAs)]),
            features: PromptFeatures(
                tokenCount: tokenCount, complexityScore: 0, taskType: ModelKind.embedding.rawValue,
                tier: ModelKind.embedding.rawValue, creativity: 0, reasoning: 0, contextualKnowledge: 0,
                domainKnowledge: 0, constraints: 0, numberOfFewShots: 0),
            candidates: [], chosenModel: model.name, tier: ModelKind.embedding.rawValue, fallbackPlan: fallbackPlan,
            reason: "requested model \(requestedAs) → \(model.name) (embeddings are not routed)",
            routingLatencyMicroseconds: latencyMicroseconds, configHash: configHash)))
    }

    func decided(_ decision: RoutingDecided) -> NewEvent {
        event(.routingDecided(decision))
    }

    /// `upstream.failed` for a failed attempt, `upstream.skipped` for a model whose breaker refused it.
    func setback(_ setback: FailoverExecutor.Setback) -> NewEvent {
        switch setback {
        case .failed(let attempt): return failed(attempt)
        case .skipped(let skipped):
            let change = skipped.breakerChange
            return event(.upstreamSkipped(UpstreamSkipped(
                provider: skipped.provider, model: skipped.model, reason: skipped.reason,
                breakerEventID: change?.eventID.uuidString.lowercased(), breakerChangedAt: change?.timestamp,
                breakerCause: change?.cause.rawValue, errorClass: change?.errorClass, message: change?.message)))
        }
    }

    func failed(_ attempt: FailoverExecutor.FailedAttempt) -> NewEvent {
        event(.upstreamFailed(UpstreamFailed(
            provider: attempt.provider, model: attempt.model, attempt: attempt.attempt,
            errorClass: attempt.failure.kind.rawValue, status: attempt.failure.status,
            latencyMilliseconds: attempt.latencyMilliseconds, message: attempt.failure.message)))
    }

    func succeeded(_ completion: CompletionRecord) -> NewEvent {
        let model = completion.model
        let prices = completion.prices
        let cost = completion.costUSD
        return event(.completionSucceeded(CompletionSucceeded(
            model: model.name, provider: completion.provider.name, upstreamResponseID: completion.responseID,
            inputTokens: completion.inputTokens, outputTokens: completion.outputTokens,
            tokenSource: completion.tokensCountedByProvider ? "provider" : "estimated", costUSD: cost,
            prices: prices, latencyMilliseconds: completion.latencyMilliseconds,
            timeToFirstTokenMilliseconds: completion.timeToFirstTokenMilliseconds,
            finishReason: completion.finishReason, responseText: redaction.responses ? nil : completion.text,
            simulated: completion.provider.kind == .simulated)))
    }

    func failedForGood(_ error: OpenAIError, attempts: Int) -> NewEvent {
        event(.completionFailed(CompletionFailed(
            errorType: error.code ?? error.type, status: Int(error.status.code), message: error.message, attempts: attempts)))
    }

    private func event(_ event: LedgerEvent) -> NewEvent {
        NewEvent(requestID: requestID, event: event)
    }
}

/// What a finished completion is recorded with.
struct CompletionRecord: Sendable {
    var model: ModelDefinition
    var provider: ProviderDefinition
    var responseID: String?
    var inputTokens: Int
    var outputTokens: Int
    var tokensCountedByProvider: Bool
    var latencyMilliseconds: Double
    var timeToFirstTokenMilliseconds: Double?
    var finishReason: String?
    var text: String?

    /// The answering model's prices.
    var prices: TokenPrices { TokenPrices(inputPer1K: model.inputPricePer1K, outputPer1K: model.outputPricePer1K) }
    /// What the answer cost: its tokens at the model's prices.
    var costUSD: Double { prices.cost(inputTokens: inputTokens, outputTokens: outputTokens) }
}
