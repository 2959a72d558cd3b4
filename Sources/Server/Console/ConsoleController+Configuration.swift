import Analytics
import Console
import Hummingbird
import Router

extension ConsoleController {
    /// Config-history rows on one page.
    static let configHistoryPage = 50

    /// The configuration page; `before` (a seq) pages the `config.applied` history.
    func configuration(_ request: Request, _ access: ConsoleAccess) async throws -> Response {
        let query = request.uri.queryParameters
        var before: Int64?
        if let text = query["before"].map(String.init), !text.isEmpty {
            guard let seq = Int64(text), seq > 0 else {
                throw ConsoleProblem(invalid: InvalidQuery(
                    parameter: "before", message: "before must be a ledger seq (a whole number > 0), not \"\(text)\""),
                    backHref: "/console/configuration")
            }
            before = seq
        }
        let rows = try await projector.appliedConfigs(before: before, limit: Self.configHistoryPage + 1)
        let page = Array(rows.prefix(Self.configHistoryPage))
        let older = rows.count > Self.configHistoryPage ? page.last.map { "/console/configuration?before=\($0.seq)" } : nil
        return html(templates.render(ConfigurationPage(
            config: config, configHash: gateway.router.configHash, source: configSource, history: page,
            historyCount: try await projector.appliedConfigCount(), olderHref: older, access: access)))
    }
}
