import Foundation
import Hummingbird

/// How a route's `Codable` answer (a ``ResponseEncodable``) becomes a response: compact JSON with
/// sorted keys and unescaped slashes — the bytes the fast ``JSONWriter`` writes for the same
/// value — sent as `application/json`, like every other JSON answer of the gateway.
struct JSONResponseEncoder: ResponseEncoder {
    func encode(_ value: some Encodable, from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Response.json(try encoder.encode(value))
    }
}
