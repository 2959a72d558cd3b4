import Analytics
import Console
import Foundation
import Router

/// Each provider's breaker (phase, failures in a row, when it lets a probe through), its failed
/// attempts by error class since start (`GET /status`), and for each model it serves the latency
/// the router observes now and the percentiles of `/stats`; with a **Test connection** form per
/// provider and the last test's outcome.
struct ProvidersPage: ConsolePage {
    static let template = "providers"

    struct Count: Sendable {
        var name: String
        var count: Int
    }

    struct ServedModel: Sendable {
        var provider: String
        var name: String
        /// The router's rolling median now, if it observed the model.
        var observedMilliseconds: String
        var requests: Int
        var p50, p90, p99: String
    }

    struct Provider: Sendable {
        var name, kind, endpoint, keyVariable: String
        var phase: String
        var consecutiveFailures: Int
        var retryAfter: String
        var errors: Int
        var errorsByClass: [Count]
        /// The health check and its latest probe, in words; `—` without one.
        var healthCheck: String
        var models: [ServedModel]
    }

    struct TestResult: Sendable {
        var provider, model, status, latency: String
        var ok: Bool
        var answeredBy: String?
        var error: String?
    }

    var chrome: ConsoleChrome
    var providers: [Provider]
    var testResult: TestResult?

    init(
        catalog: ModelCatalog, breakers: BreakerBoard, probes: ProbeResults, observed: [String: Double], stats: StatsReport,
        testOutcome: ConnectionTest.Outcome?, access: ConsoleAccess
    ) {
        chrome = ConsoleChrome(title: "Providers", section: .providers, access: access)
        let statuses = Dictionary(breakers.status().map { ($0.provider, $0) }) { first, _ in first }
        providers = catalog.providers.map { provider in
            let status = statuses[provider.name]
            return Provider(
                name: provider.name, kind: provider.kind.rawValue, endpoint: provider.baseURL ?? "in-process",
                keyVariable: provider.apiKeyEnv ?? "—", phase: status?.phase.rawValue ?? "closed",
                consecutiveFailures: status?.consecutiveFailures ?? 0,
                retryAfter: status?.retryAfterMs.map { "\($0) ms" } ?? "—",
                errors: breakers.errorCount(provider.name),
                errorsByClass: breakers.errorsByClass(provider.name).sorted { $0.key < $1.key }.map {
                    Count(name: $0.key, count: $0.value)
                },
                healthCheck: Self.healthCheck(provider, latest: probes.latest(provider.name)),
                models: catalog.models.filter { $0.provider == provider.name }.map { model in
                    let percentiles = stats.latencyPercentilesByModel[model.name]
                    return ServedModel(
                        provider: provider.name, name: model.name, observedMilliseconds: observed[model.name].map { ConsoleFormat.milliseconds($0) } ?? "—",
                        requests: percentiles?.count ?? 0,
                        p50: percentiles.map { ConsoleFormat.milliseconds($0.p50) } ?? "—",
                        p90: percentiles.map { ConsoleFormat.milliseconds($0.p90) } ?? "—",
                        p99: percentiles.map { ConsoleFormat.milliseconds($0.p99) } ?? "—")
                })
        }
        testResult = testOutcome.map { outcome in
            TestResult(
                provider: outcome.provider, model: outcome.model, status: outcome.status,
                latency: ConsoleFormat.milliseconds(outcome.latencyMilliseconds), ok: outcome.succeeded,
                answeredBy: outcome.answeredBy, error: outcome.error)
        }
    }

    /// `models every 30000 ms: passed, 12.3 ms, 2026-12-02 14:05:02 UTC`, or `—`.
    private static func healthCheck(_ provider: ProviderDefinition, latest: ProbeResult?) -> String {
        guard let settings = provider.healthCheck else { return "—" }
        let schedule = "\(settings.kind.rawValue) every \(settings.intervalMs) ms"
        guard let latest else { return schedule + ": no probe yet" }
        let outcome = latest.passed ? "passed" : "failed (\(latest.status)\(latest.error.map { ": " + $0 } ?? ""))"
        return "\(schedule): \(outcome), \(ConsoleFormat.milliseconds(latest.latencyMilliseconds)), "
            + ConsoleFormat.time(latest.at)
    }
}
