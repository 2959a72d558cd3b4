import Analytics
import Console
import Hummingbird
import Router

extension ConsoleController {
    /// The providers page, with the outcome of a connection test just run, if any.
    func providers(_ access: ConsoleAccess, testOutcome: ConnectionTest.Outcome?) async throws -> Response {
        let page = ProvidersPage(
            catalog: config.catalog, breakers: gateway.breakers, probes: gateway.probeResults, observed: gateway.latencies.snapshot(),
            stats: try await projector.report(), testOutcome: testOutcome, access: access)
        return html(templates.render(page))
    }

    /// Runs **Test connection** against `provider` and shows the providers page with its outcome.
    func testConnection(_ provider: String, _ access: ConsoleAccess) async throws -> Response {
        let test = ConnectionTest(catalog: config.catalog, providers: gateway.failover.providers)
        do {
            return try await providers(access, testOutcome: try await test.run(provider))
        } catch let refusal as ConnectionTest.Refusal {
            guard case .unknownProvider = refusal else {
                throw ConsoleProblem(
                    status: .badRequest, heading: "Cannot test \(provider)", message: refusal.message, parameter: "provider",
                    backHref: "/console/providers")
            }
            throw ConsoleProblem(
                status: .notFound, heading: "No such provider", message: "no provider named \(provider) is configured",
                parameter: "provider", backHref: "/console/providers")
        }
    }
}
