import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Router

/// `routeledger serve`: runs the gateway until SIGTERM or SIGINT, then drains in-flight requests
/// and flushes the ledger.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the OpenAI-compatible gateway.",
        discussion: """
            With no --config, ./routeledger.yaml is used when it exists, else the built-in \
            configuration (a simulated provider: no API key needed). API keys are read from the \
            environment variables the configuration names.
            """
    )

    @Option(help: "The configuration file (YAML).")
    var config: String?

    @Option(help: "Interface to bind (default: the configuration's server.host, 127.0.0.1).")
    var host: String?

    @Option(help: "TCP port; 0 picks a free one (default: the configuration's server.port, 8080).")
    var port: Int?

    @Option(
        help: "The ledger: PATH or sqlite:PATH, postgres or postgres:VARIABLE (default: the configuration's ledger section, ./routeledger.sqlite).")
    var ledger: String?

    @Option(help: "This process's projections file (default: the configuration's ledger.projections, else beside the ledger).")
    var projections: String?

    @Flag(help: "Allow a non-loopback bind with no API keys configured.")
    var insecure = false

    func validate() throws {
        if let port, !(0...65_535).contains(port) { throw ValidationError("--port must be between 0 and 65535") }
    }

    func run() async throws {
        let (settings, source) = try Self.loadConfig(config)
        var logger = Logger(label: "routeledger")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        let options = GatewayOptions(
            config: settings, configSource: source, host: host, port: port,
            ledger: try ledger.map(LedgerAddress.init(parsing:)), projectionsPath: projections, insecure: insecure,
            environment: ProcessInfo.processInfo.environment)
        let app = try await buildApplication(options, logger: logger) { port in
            let line = "routeledger: serving on http://\(options.host):\(port) (config: \(source), ledger: \(options.ledger))\n"
            FileHandle.standardOutput.write(Data(line.utf8))
        }
        try await app.runService()
    }

    /// The configuration to serve and where it came from.
    static func loadConfig(_ path: String?) throws -> (RouteledgerConfig, String) {
        if let path { return (try RouteledgerConfig.load(path: path), path) }
        let defaultPath = "./routeledger.yaml"
        if FileManager.default.fileExists(atPath: defaultPath) {
            return (try RouteledgerConfig.load(path: defaultPath), defaultPath)
        }
        return (RouteledgerConfig.builtIn, "built-in")
    }
}
