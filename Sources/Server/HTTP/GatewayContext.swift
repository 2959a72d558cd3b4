import Hummingbird

/// The request context of every gateway route: Hummingbird's core storage plus who is calling.
struct GatewayContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The caller's key, once `APIKeyMiddleware` has checked it; nil when no keys are configured.
    var caller: APIKeys.Caller?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }
}
