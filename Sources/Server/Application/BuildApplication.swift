import Console
import DomainEvents
import Analytics
import AsyncHTTPClient
import Foundation
import Hummingbird
import Ledger
import Logging
import PostgresLedger
import Router

/// Builds the gateway: opens the ledger and records `config.applied`, reads the API keys, sets
/// up the upstream providers, breakers and routes. Tests build the same application.
///
/// `onServerRunning` is called with the bound port once the server listens.
func buildApplication(
    _ options: GatewayOptions, logger: Logger, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    let config = options.config
    let keys = try APIKeys(settings: config.auth, environment: options.environment)
    let headSigner: HeadSigner?
    do {
        headSigner = try HeadSigner(environment: options.environment)
    } catch let error as HeadSigningError {
        throw GatewayStartError(message: error.message)
    }
    guard !keys.isOpen || options.isLoopback || options.insecure else {
        throw GatewayStartError(
            message: "refusing to serve \(options.host) with no API keys configured "
                + "(set auth.client_key_envs and auth.admin_key_env, or pass --insecure)")
    }
    var ledgerOptions = LedgerOptions()
    ledgerOptions.store.durability = config.ledger.durability == .full ? .full : .normal
    // SQLite folds the WAL back into the file inside the commit that crosses this size, with two
    // fsyncs, and no append is acknowledged meanwhile: a smaller fold is a shorter stall. Added
    // p99 at 1 connection in `routeledger-bench gateway`: ~10 ms with the ledger's default (1,000 pages of
    // 16 KiB), ~3 ms with 200, ~1.6 ms with 50 (throughput unchanged). A background checkpointer
    // was tried: under sustained appends it never catches up, and its fallback stalls longer.
    ledgerOptions.store.checkpointPages = 50
    let ledger = try await options.ledger.open(options: ledgerOptions, environment: options.environment, logger: logger)

    var clientConfiguration = HTTPClient.Configuration()
    clientConfiguration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 256)
    let httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: clientConfiguration)
    var providers: [String: any UpstreamProvider] = [:]
    for provider in config.catalog.providers {
        providers[provider.name] = makeUpstream(provider, client: httpClient, environment: options.environment)
    }
    // Load the tokenizer now, not on the first request (about 20 ms); likewise the classifier's
    // model and both scanners' scalar tables, built on first use (the first routed request took
    // 12 ms to decide).
    let warmUp = "Warm up: 你好, ¿qué tal? こんにちは 🙂"
    for encoding in Set(config.catalog.models.map(\.encoding)).union([.cl100kBase]) {
        _ = Tokenizer.shared(encoding).count(warmUp)
    }
    _ = LearnedPromptClassifier().classify(PromptInput(lastUserMessage: warmUp))
    // The stats projection catches up with what the ledger holds before the server starts.
    let projector: StatsProjector
    do {
        projector = try StatsProjector(ledger: ledger, store: try ProjectionStore(path: options.projectionsPath))
        try await projector.catchUp()
    } catch {
        await ledger.close()
        try? await httpClient.shutdown()
        throw error
    }

    let virtualKeys: VirtualKeys
    do {
        virtualKeys = try await VirtualKeys(ledger: ledger)
    } catch {
        await ledger.close()
        try? await httpClient.shutdown()
        throw error
    }

    let liveFeed = LiveRequestFeed()
    let follower = ProjectionFollower(projector: projector, liveFeed: liveFeed, logger: logger)
    // Replicas sharing a PostgreSQL ledger apply each other's breaker moves and completions.
    let ownEvents = ledger.store is PostgresEventStore ? OwnEvents() : nil
    let breakerChanges = BreakerChangeRecorder(ledger: ledger, follower: follower, ownEvents: ownEvents, logger: logger)
    let breakers = BreakerBoard(
        providers: config.catalog.providers.map(\.name), settings: config.routing.breaker, now: options.breakerClock,
        onChange: breakerChanges.enqueue)
    let probeResults = ProbeResults()
    let metrics = GatewayMetrics(catalog: config.catalog)
    let prober = HealthProber(
        targets: HealthProber.targets(config.catalog, client: httpClient, environment: options.environment),
        breakers: breakers, results: probeResults, metrics: metrics, logger: logger)
    let limitStore: any TenantLimitStore
    do {
        let spend = await projector.projection.tenantSpend
        if let shared = ledger.store as? PostgresEventStore {
            let store = PostgresTenantLimits(store: shared)
            try await store.seed(from: spend)
            limitStore = store
        } else {
            limitStore = LocalTenantLimits(spend: spend)
        }
    } catch {
        await ledger.close()
        try? await httpClient.shutdown()
        throw error
    }
    var gateway = Gateway(
        config: config, router: RequestRouter(config: config),
        classifierService: config.routing.classifier.flatMap { settings in
            settings.kind == .http ? ClassifierService(client: httpClient, settings: settings) : nil
        },
        ledger: ledger,
        failover: FailoverExecutor(
            catalog: config.catalog, planner: FailoverPlanner(catalog: config.catalog, retries: config.routing.retries),
            providers: providers, breakers: breakers),
        breakers: breakers, probeResults: probeResults, metrics: metrics, follower: follower,
        limits: TenantLimits(store: limitStore, logger: logger), virtualKeys: virtualKeys)
    gateway.ownEvents = ownEvents
    if let ownEvents {
        let sharing = ReplicaSharing(ownEvents: ownEvents, breakers: breakers, latencies: gateway.latencies)
        await projector.observeFoldedEvents(sharing.apply)
    }
    do {
        try await gateway.record([ConfigAppliedEvent.make(config, source: options.configSource)])
    } catch {
        await ledger.close()
        try? await httpClient.shutdown()
        throw error
    }

    let router = Router(context: GatewayContext.self)
    router.middlewares.add(OpenAIErrorMiddleware(maxBodyBytes: config.server.maxBodyBytes))
    let info = InfoController(gateway: gateway)
    info.addHealthRoutes(to: router)
    let v1 = router.group("v1").add(middleware: APIKeyMiddleware(keys: keys, virtualKeys: virtualKeys, requirement: .client))
    ChatCompletionsController(gateway: gateway).addRoutes(to: v1)
    EmbeddingsController(gateway: gateway).addRoutes(to: v1)
    FeedbackController(gateway: gateway).addRoutes(to: v1)
    KeyInfoController(limits: gateway.limits).addRoutes(to: v1)
    info.addModelRoutes(to: v1)
    // The console signs browsers in itself (a session cookie instead of a bearer key).
    try ConsoleController(
        config: config, configSource: options.configSource, keys: keys, projector: projector, gateway: gateway,
        liveFeed: liveFeed
    ).addRoutes(to: router)
    let admin = router.group().add(middleware: APIKeyMiddleware(keys: keys, virtualKeys: virtualKeys, requirement: .admin))
    MetricsController(metrics: gateway.metrics).addRoutes(to: admin)
    KeysController(
        administration: KeyAdministration(ledger: ledger), virtualKeys: virtualKeys, maxBodyBytes: config.server.maxBodyBytes
    ).addRoutes(to: admin)
    StatsController(projector: projector).addRoutes(to: admin)
    RequestAuditController(projector: projector).addRoutes(to: admin)
    LedgerProofController(ledger: ledger, signer: headSigner).addRoutes(to: admin)
    ReplayController(projector: projector, maxBodyBytes: config.server.maxBodyBytes).addRoutes(to: admin)
    ProviderTestController(test: ConnectionTest(catalog: config.catalog, providers: providers)).addRoutes(to: admin)

    var app = Application(
        router: router,
        configuration: .init(address: .hostname(options.host, port: options.port), serverName: "routeledger"),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? options.port) },
        logger: logger)
    app.addServices(
        ClosingService(name: "ledger") { await ledger.close() },
        ClosingService(name: "http-client") { try? await httpClient.shutdown() },
        follower, LedgerWatcher(ledger: ledger, follower: follower), liveFeed, breakerChanges, prober,
        ReservationSweeper(ledger: ledger, logger: logger))
    return app
}

/// The upstream for `provider`'s kind.
func makeUpstream(_ provider: ProviderDefinition, client: HTTPClient, environment: [String: String]) -> any UpstreamProvider {
    switch provider.kind {
    case .openai: OpenAIUpstream(client: client, provider: provider, environment: environment)
    case .anthropic: AnthropicUpstream(client: client, provider: provider, environment: environment)
    case .simulated: SimulatedUpstream(provider: provider)
    }
}

/// The gateway cannot start as configured.
struct GatewayStartError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
