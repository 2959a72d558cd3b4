import Hummingbird

/// The request context of every gateway route: Hummingbird's core storage plus who is calling,
/// and the encoder of its JSON answers.
struct GatewayContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The caller's key, once `APIKeyMiddleware` has checked it; nil when no keys are configured.
    var caller: APIKeys.Caller?
    /// Writes the `Codable` answers routes return (``ResponseEncodable``) as `application/json`.
    var responseEncoder: JSONResponseEncoder { JSONResponseEncoder() }

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }
}
