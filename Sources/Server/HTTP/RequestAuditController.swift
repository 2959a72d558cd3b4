import Analytics
import HTTPTypes
import Hummingbird
import Ledger
import NIOCore

/// `GET /v1/requests/{request_id}`: the audit trail of one request (admin key when keys are
/// configured: it holds the prompt). Unknown id → 404.
struct RequestAuditController: Sendable {
    let projector: StatsProjector

    func addRoutes(to group: RouterGroup<GatewayContext>) {
        group.get("v1/requests/:request_id") { _, context in
            let requestID = context.parameters.get("request_id") ?? ""
            guard let audit = try await projector.audit(requestID) else {
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
