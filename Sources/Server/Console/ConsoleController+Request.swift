import Analytics
import Console
import Hummingbird
import Ledger

extension ConsoleController {
    /// The audit page of `requestID` (what `GET /v1/requests/{id}` answers); an unknown id is a
    /// 404 page.
    func requestAudit(_ requestID: String, _ access: ConsoleAccess) async throws -> Response {
        guard let audit = try await projector.audit(requestID) else {
            throw ConsoleProblem(
                status: .notFound, heading: "No such request", message: "no request with id \(requestID) in the ledger",
                parameter: nil, backHref: "/console/requests")
        }
        return html(templates.render(RequestPage(audit: audit, access: access)))
    }
}
