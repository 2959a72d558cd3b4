import CanonicalJSON

/// Anthropic's error types (`{"type": "error", "error": {"type", "message"}}`), the HTTP status
/// each comes with, and the OpenAI error type a client is told.
enum AnthropicErrorType {
    /// The documented status of `type`; 500 for types the reference does not list.
    static func status(of type: String) -> Int {
        switch type {
        case "invalid_request_error": 400
        case "authentication_error": 401
        case "billing_error": 402
        case "permission_error": 403
        case "not_found_error": 404
        case "request_too_large": 413
        case "rate_limit_error": 429
        case "timeout_error": 504
        case "overloaded_error": 529
        default: 500
        }
    }

    /// The OpenAI error type for `type`: the same name where OpenAI has one.
    static func openAIType(of type: String) -> String {
        switch type {
        case "invalid_request_error", "request_too_large", "billing_error": "invalid_request_error"
        case "authentication_error", "permission_error", "not_found_error", "rate_limit_error": type
        default: "api_error"
        }
    }

    /// The failure an Anthropic error object stands for (an error response's body, or a stream's
    /// `error` event), with `status` when the HTTP status is known.
    static func failure(_ object: [String: JSONValue], status: Int? = nil) -> UpstreamFailure? {
        guard case .object(let error)? = object["error"], case .string(let type)? = error["type"] else { return nil }
        let message = error["message"]?.stringValue ?? type
        return UpstreamFailure(
            kind: .status, status: status ?? Self.status(of: type),
            message: "\(type): " + String(message.prefix(UpstreamHTTP.errorExcerptBytes)),
            errorType: openAIType(of: type))
    }
}
