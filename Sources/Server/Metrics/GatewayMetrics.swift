import CoreMetrics
import DomainEvents
import Ledger
import Prometheus
import Router

/// The gateway's Prometheus metrics (`GET /metrics`), kept through swift-metrics with a registry of
/// this application's own (not the process-wide `MetricsSystem`, so tests can build several apps).
///
/// They are fed from the events the gateway records, after the ledger acknowledged them, so the
/// figures agree with the ledger. Labels take only catalog model and provider names, strategy
/// and tier names, error classes and HTTP statuses: a bounded set, whatever clients send.
final class GatewayMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    private let models: [String: ModelMetrics]
    private let other: ModelMetrics

    /// Handles for one model, made once.
    private struct ModelMetrics: Sendable {
        var requests: CoreMetrics.Counter
        var inputTokens: CoreMetrics.Counter
        var outputTokens: CoreMetrics.Counter
        var cost: CoreMetrics.FloatingPointCounter
        var duration: CoreMetrics.Timer
        var timeToFirstToken: CoreMetrics.Timer
    }

    init(catalog: ModelCatalog) {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        let latencyBuckets: [Duration] = [
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
            .milliseconds(2_500), .seconds(5), .seconds(10), .seconds(30), .seconds(60),
        ]
        factory.defaultDurationHistogramBuckets = latencyBuckets
        self.factory = factory
        func handles(_ model: String) -> ModelMetrics {
            ModelMetrics(
                requests: .init(label: "routeledger_requests_total", dimensions: [("model", model)], factory: factory),
                inputTokens: .init(label: "routeledger_tokens_total", dimensions: [("model", model), ("kind", "input")], factory: factory),
                outputTokens: .init(label: "routeledger_tokens_total", dimensions: [("model", model), ("kind", "output")], factory: factory),
                cost: .init(label: "routeledger_cost_usd_total", dimensions: [("model", model)], factory: factory),
                duration: .init(label: "routeledger_request_duration_seconds", dimensions: [("model", model)], factory: factory),
                timeToFirstToken: .init(label: "routeledger_time_to_first_token_seconds", dimensions: [("model", model)], factory: factory))
        }
        models = Dictionary(uniqueKeysWithValues: catalog.models.map { ($0.name, handles($0.name)) })
        other = handles("other")
    }

    /// Counts what `events` (just acknowledged) say happened.
    func observe(_ events: [NewEvent]) {
        for event in events {
            switch event.event {
            case .routingDecided(let decided):
                CoreMetrics.Counter(
                    label: "routeledger_routing_decisions_total",
                    dimensions: [("strategy", decided.strategy.name), ("tier", decided.tier)], factory: factory
                ).increment()
            case .completionSucceeded(let completion):
                let handles = models[completion.model] ?? other
                handles.requests.increment()
                handles.inputTokens.increment(by: completion.inputTokens)
                handles.outputTokens.increment(by: completion.outputTokens)
                handles.cost.increment(by: completion.costUSD)
                handles.duration.recordNanoseconds(Int64(completion.latencyMilliseconds * 1e6))
                if let ttft = completion.timeToFirstTokenMilliseconds {
                    handles.timeToFirstToken.recordNanoseconds(Int64(ttft * 1e6))
                }
            case .completionFailed(let failed):
                CoreMetrics.Counter(
                    label: "routeledger_requests_failed_total", dimensions: [("status", String(failed.status))],
                    factory: factory
                ).increment()
            case .upstreamFailed(let failed):
                CoreMetrics.Counter(
                    label: "routeledger_upstream_failures_total",
                    dimensions: [("provider", failed.provider), ("error_class", failed.errorClass)], factory: factory
                ).increment()
            default:
                break
            }
        }
    }

    /// Counts one health probe of `provider`: `routeledger_health_probes_total{provider, result}`,
    /// and sets `routeledger_provider_up{provider}` (1 after a passing probe, 0 after a failing
    /// one), `routeledger_health_probe_latency_seconds{provider}` and
    /// `routeledger_health_probe_timestamp_seconds{provider}` (when it ran, Unix seconds).
    func observeProbe(provider: String, passed: Bool, latencyMilliseconds: Double, atMilliseconds: Int64) {
        CoreMetrics.Gauge(label: "routeledger_health_probe_timestamp_seconds", dimensions: [("provider", provider)], factory: factory)
            .record(Double(atMilliseconds) / 1_000)
        CoreMetrics.Counter(
            label: "routeledger_health_probes_total", dimensions: [("provider", provider), ("result", passed ? "pass" : "fail")],
            factory: factory
        ).increment()
        CoreMetrics.Gauge(label: "routeledger_provider_up", dimensions: [("provider", provider)], factory: factory)
            .record(passed ? 1 : 0)
        CoreMetrics.Gauge(label: "routeledger_health_probe_latency_seconds", dimensions: [("provider", provider)], factory: factory)
            .record(latencyMilliseconds / 1_000)
    }

    /// The Prometheus text exposition of every metric.
    func exposition() -> [UInt8] {
        registry.emitToBuffer()
    }
}
