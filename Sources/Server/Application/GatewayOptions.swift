import Router

/// Everything `buildApplication` needs beyond code: the configuration and where to serve it.
struct GatewayOptions: Sendable {
    var config: RouteledgerConfig
    /// Where the configuration came from (a path, or `built-in`), recorded in `config.applied`.
    var configSource: String
    var host: String
    /// 0 picks a free port.
    var port: Int
    var ledger: LedgerAddress
    /// This process's projections file (stats, request log).
    var projectionsPath: String
    /// Serve on a non-loopback address with no API keys configured.
    var insecure = false
    /// The process environment: API keys are read from it, never from the configuration.
    var environment: [String: String]
    /// The time circuit breakers are judged by; tests pass their own to move past a cooldown.
    var breakerClock: @Sendable () -> ContinuousClock.Instant = { .now }

    /// Options from `config` (its server and ledger sections), overridden by what is given.
    init(
        config: RouteledgerConfig, configSource: String, host: String? = nil, port: Int? = nil,
        ledger: LedgerAddress? = nil, projectionsPath: String? = nil, insecure: Bool = false,
        environment: [String: String]
    ) {
        self.config = config
        self.configSource = configSource
        self.host = host ?? config.server.host
        self.port = port ?? config.server.port
        self.ledger = ledger ?? LedgerAddress(config.ledger)
        self.projectionsPath = projectionsPath ?? (ledger == nil ? config.ledger.projections : nil)
            ?? self.ledger.defaultProjectionsPath
        self.insecure = insecure
        self.environment = environment
    }

    /// The bind address serves this machine only.
    var isLoopback: Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
