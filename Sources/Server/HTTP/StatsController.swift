import Analytics
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// `GET /stats`: the stats projection, caught up with the ledger, optionally filtered by
/// `since`, `until` (ISO-8601 or epoch seconds) and `model`. Admin key when keys are configured.
struct StatsController: Sendable {
    let projector: StatsProjector

    func addRoutes(to group: RouterGroup<GatewayContext>) {
        group.get("stats") { request, _ in
            let query = request.uri.queryParameters
            let filter: StatsFilter
            do throws(StatsFilter.Problem) {
                filter = try StatsFilter.parse(
                    since: query["since"].map(String.init), until: query["until"].map(String.init),
                    model: query["model"].map(String.init))
            } catch {
                throw OpenAIError.invalidRequest(error.message, param: error.parameter)
            }
            let report = try await projector.report(filter)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(report))))
        }
    }
}
