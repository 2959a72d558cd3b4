/// A request's `model` field that cannot be served.
///
/// A struct with a `Code` rather than an enum, so new cases can be added without breaking callers.
public struct ModelRequestError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What kind of problem this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public var description: String { name }

        /// A `router-<scorer>-<threshold>` string with an unknown scorer or a threshold outside [0, 1] (HTTP 400).
        public static let invalidRouterModel = Code(name: "invalid_router_model")
        /// Neither a catalog model nor an alias (HTTP 404).
        public static let unknownModel = Code(name: "model_not_found")
        /// A catalog model of the wrong kind for the endpoint: an embedding model asked for a chat
        /// completion, or a chat model or router asked for embeddings (HTTP 400).
        public static let wrongModelKind = Code(name: "model_not_supported")
    }

    /// What kind of problem this is.
    public let code: Code
    /// The model string as the client sent it.
    public let model: String
    /// What is wrong, for the error envelope.
    public let message: String

    /// An error about `model`.
    public init(_ code: Code, model: String, message: String) {
        self.code = code
        self.model = model
        self.message = message
    }

    public var description: String { message }
}
