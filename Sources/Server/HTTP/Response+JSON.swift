import CanonicalJSON
import HTTPTypes
import Hummingbird
import NIOCore

extension Response {
    /// An `application/json` answer whose body is `bytes`, already JSON, with `x-request-id` when
    /// the request has one. Every JSON response is built here: the hot paths (chat completions,
    /// embeddings, raw pages, audits, error envelopes) call it with bytes from the fast
    /// ``JSONWriter``, everything else returns a `Codable` value that ``JSONResponseEncoder``
    /// encodes and hands to it.
    static func json(_ bytes: some Sequence<UInt8>, status: HTTPResponse.Status = .ok, requestID: String? = nil) -> Response {
        Response(
            status: status, headers: .answer(contentType: "application/json", requestID: requestID),
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// `value` written by the fast ``JSONWriter`` (compact, keys sorted: what `JSONEncoder` writes
    /// with `.sortedKeys` and `.withoutEscapingSlashes`), as an `application/json` answer.
    static func json(
        _ value: JSONValue, status: HTTPResponse.Status = .ok, capacity: Int = 1_024, requestID: String? = nil
    ) -> Response {
        var writer = JSONWriter(capacity: capacity)
        writer.write(value)
        return json(writer.bytes, status: status, requestID: requestID)
    }
}
