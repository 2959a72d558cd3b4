import CanonicalJSON
import HTTPTypes
import Hummingbird
import NIOHTTP1

/// An error as the OpenAI API reports it: `{"error": {"message", "type", "param", "code"}}` with a
/// fitting HTTP status. Every error the gateway returns has this shape.
struct OpenAIError: HTTPResponseError, CustomStringConvertible {
    var status: HTTPResponse.Status
    var message: String
    /// `invalid_request_error`, `authentication_error`, `permission_error`, `api_error`, …
    var type: String
    /// The request field at fault, if one is.
    var param: String?
    /// A stable machine-readable code, e.g. `model_not_found`.
    var code: String?
    /// The request's id when it got that far, sent as `x-request-id`.
    var requestID: String?
    /// More headers for the answer (`Retry-After` of a rate limit).
    var headers: HTTPFields = [:]

    var description: String { "\(status.code) \(type): \(message)" }

    /// 400: the request is malformed or a field has a bad value.
    init(
        status: HTTPResponse.Status, message: String, type: String, param: String? = nil, code: String? = nil,
        requestID: String? = nil
    ) {
        self.status = status
        self.message = message
        self.type = type
        self.param = param
        self.code = code
        self.requestID = requestID
    }

    static func invalidRequest(_ message: String, param: String? = nil, code: String? = nil) -> OpenAIError {
        OpenAIError(status: .badRequest, message: message, type: "invalid_request_error", param: param, code: code)
    }

    /// 404: the model (or another named resource) does not exist.
    static func notFound(_ message: String, param: String? = nil, code: String? = nil) -> OpenAIError {
        OpenAIError(status: .notFound, message: message, type: "invalid_request_error", param: param, code: code)
    }

    /// 401: no key, or a key the gateway does not accept. The message never repeats the key.
    static func unauthorized(_ message: String) -> OpenAIError {
        OpenAIError(status: .unauthorized, message: message, type: "authentication_error", code: "invalid_api_key")
    }

    /// 413: the body is larger than `server.max_body_bytes`.
    static func bodyTooLarge(limit: Int) -> OpenAIError {
        OpenAIError(
            status: .contentTooLarge, message: "request body is larger than the limit of \(limit) bytes",
            type: "invalid_request_error", code: "request_too_large")
    }

    /// 400: the request's HTTP framing is broken — most often a body shorter than its
    /// `Content-Length`, the client having closed its side before sending the rest.
    static func malformedHTTP(_ error: HTTPParserError) -> OpenAIError {
        let message = error == .invalidEOFState
            ? "the connection ended before the request body was complete (shorter than its Content-Length)"
            : "the request is not valid HTTP: \(error)"
        return OpenAIError(status: .badRequest, message: message, type: "invalid_request_error", code: "malformed_request")
    }

    /// The envelope as JSON bytes.
    var envelope: [UInt8] {
        var writer = JSONWriter(capacity: 128 + message.utf8.count)
        writer.beginObject()
        writer.key("error")
        writer.beginObject()
        writer.key("code")
        if let code { writer.string(code) } else { writer.null() }
        writer.field("message", message)
        writer.key("param")
        if let param { writer.string(param) } else { writer.null() }
        writer.field("type", type)
        writer.endObject()
        writer.endObject()
        return writer.bytes
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = Response.json(envelope, status: status, requestID: requestID)
        response.headers.append(contentsOf: headers)
        return response
    }
}
