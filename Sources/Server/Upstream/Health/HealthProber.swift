import AsyncHTTPClient
import Logging
import Router
import ServiceLifecycle

/// Probes every provider that has a `health_check` in the background: the first probe at start,
/// each next one `interval_ms` after the previous one ended (so never more often than configured),
/// each within the check's `timeout_ms`. A probe's result feeds the provider's breaker (a failure
/// opens it, a pass closes it once its cooldown is over), and is kept for `/status`, `/metrics`
/// and the console. Probes are not traffic: nothing is recorded for them but the breaker's moves.
/// They stop at graceful shutdown.
struct HealthProber: Service {
    /// One provider's probe and its settings.
    struct Target: Sendable {
        var probe: ProviderProbe
        var settings: HealthCheckSettings
        /// The model a `completion` probe asks.
        var model: ModelDefinition?
    }

    let targets: [Target]

    /// A target for each provider of `catalog` with a health check, its upstream built with the
    /// check's own timeout (a provider's `timeout_ms` is sized for long answers).
    static func targets(_ catalog: ModelCatalog, client: HTTPClient, environment: [String: String]) -> [Target] {
        catalog.providers.compactMap { provider in
            guard let settings = provider.healthCheck else { return nil }
            var probed = provider
            probed.timeoutMs = settings.timeoutMs
            let model = settings.model.flatMap(catalog.model(named:)) ?? catalog.firstChatModel(servedBy: provider.name)
            return Target(
                probe: ProviderProbe(provider: probed, upstream: makeUpstream(probed, client: client, environment: environment)),
                settings: settings, model: model)
        }
    }
    let breakers: BreakerBoard
    let results: ProbeResults
    let metrics: GatewayMetrics
    let logger: Logger

    func run() async {
        // A service that returns early stops the whole group: with nothing to probe, wait.
        guard !targets.isEmpty else {
            try? await gracefulShutdown()
            return
        }
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                for target in targets {
                    group.addTask { await probeForever(target) }
                }
            }
        }
    }

    private func probeForever(_ target: Target) async {
        let provider = target.probe.provider.name
        while !Task.isCancelled {
            let result: ProbeResult
            if target.settings.kind == .completion, let model = target.model {
                result = await target.probe.complete(model).result
            } else {
                result = await target.probe.listModels()
            }
            // A probe cut short by shutdown says nothing about the provider.
            guard !Task.isCancelled else { return }
            results.record(result, for: provider)
            breakers.recordProbe(provider, result)
            metrics.observeProbe(
                provider: provider, passed: result.passed, latencyMilliseconds: result.latencyMilliseconds,
                atMilliseconds: result.at)
            if !result.passed {
                logger.warning("health probe of \(provider) failed: \(result.status): \(result.error ?? "")")
            }
            try? await Task.sleep(for: .milliseconds(target.settings.intervalMs))
        }
    }
}
