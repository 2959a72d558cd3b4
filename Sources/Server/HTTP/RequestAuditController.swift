import Analytics
import CanonicalJSON
import HTTPTypes
import Hummingbird
import NIOCore

/// `GET /v1/requests/{request_id}`: the audit trail of one request (admin key when keys are
/// configured: it holds the prompt). Unknown id → 404.
///
/// The audit's SQLite reads and hashing run on the blocking-read executor, never on the
/// cooperative threads that serve `/stats` and the gateway, nor inside the projector actor.
struct RequestAuditController: Sendable {
    let projector: StatsProjector

    func addRoutes(to group: RouterGroup<GatewayContext>) {
        group.get("v1/requests/:request_id") { _, context in
            let requestID = context.parameters.get("request_id") ?? ""
            let audit = try await withTaskExecutorPreference(BlockingReadExecutor.shared) {
                try await projector.audit(requestID)
            }
            guard let audit else {
                throw OpenAIError.notFound("no request with id \(requestID) in the ledger", param: "request_id")
            }
            var writer = JSONWriter(capacity: 8_192)
            writer.write(audit.json)
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(bytes: writer.bytes)))
        }
    }
}
