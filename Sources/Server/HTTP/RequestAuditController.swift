import Analytics
import CanonicalJSON
import Hummingbird
import Ledger

/// `GET /v1/requests/{request_id}`: the audit trail of one request (admin key when keys are
/// configured: it holds the prompt). Unknown id → 404.
///
/// The audit's SQLite reads and hashing run on the blocking-read executor, never on the
/// cooperative threads that serve `/stats` and the gateway, nor inside the projector actor.
struct RequestAuditController: Sendable {
    let projector: StatsProjector

    func addRoutes(to group: RouterGroup<GatewayContext>) {
        group.get("v1/requests/{request_id}") { _, context in
            let requestID = try context.parameters.require("request_id")
            let audit = try await withTaskExecutorPreference(BlockingReadExecutor.shared) {
                try await projector.audit(requestID)
            }
            guard let audit else {
                throw OpenAIError.notFound("no request with id \(requestID) in the ledger", param: "request_id")
            }
            // Written by the fast writer: the audit is benchmarked (`bench history`, p99 ≤ 5 ms).
            return Response.json(audit.json, capacity: 8_192)
        }
    }
}
