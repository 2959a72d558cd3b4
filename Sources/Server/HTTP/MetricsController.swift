import HTTPTypes
import Hummingbird
import NIOCore

/// `GET /metrics`: the Prometheus text exposition of ``GatewayMetrics`` (admin key when keys are
/// configured: it shows traffic and spend).
struct MetricsController: Sendable {
    let metrics: GatewayMetrics

    func addRoutes(to group: RouterGroup<GatewayContext>) {
        group.get("metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: metrics.exposition())))
        }
    }
}
