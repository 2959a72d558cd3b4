import CanonicalJSON
import DomainEvents
import Router

/// Derives, for an imported record, the features the live router would have recorded — token
/// count, classification, prompt fingerprint, and the tier its decision would have filed them under
/// — from the recorded messages, with the router's own ``RequestRouter/features(of:)`` and
/// ``RequestRouter/decide(features:request:latencySnapshot:)``, so imported history replays under every
/// strategy.
public struct ImportFeatureDeriver: Sendable {
    /// `derived_at` of features derived here.
    public static let derivedAt = "import"

    /// The router whose tokenizer, classifier and catalog derive the features.
    public let router: RequestRouter

    public init(router: RequestRouter) {
        self.router = router
    }

    /// The derived features of a request with `messages` (as recorded) that asked for
    /// `requestedModel`; nil when there are no messages to derive from. A requested model the
    /// catalog does not know, or a malformed `router-…` string, is derived as the default
    /// strategy would decide it.
    public func derived(messages: [JSONValue]?, requestedModel: String?) -> DerivedFeatures? {
        guard let chat = messages.map(Self.chatMessages), !chat.isEmpty else { return nil }
        let features = router.features(of: chat)
        let request = (try? ModelRequest.parse(requestedModel, catalog: router.config.catalog)) ?? .defaultStrategy
        let decision = router.decide(features: features, request: request)
        var named: String?
        if case .explicit(let model, _) = request { named = model }
        return DerivedFeatures(
            derivedAt: Self.derivedAt, routerVersion: RequestRouter.featuresVersion, features: decision.features,
            requestedModel: named)
    }

    /// The messages as the gateway reads a request's: each object with a string `role`, its
    /// content a string, text parts joined by newlines, or nothing; its `name` when a string.
    /// Entries the gateway would have refused (not an object, no role) are left out.
    static func chatMessages(_ messages: [JSONValue]) -> [ChatMessage] {
        messages.compactMap { item in
            guard case .object(let message) = item, case .string(let role)? = message["role"] else { return nil }
            let content: String
            switch message["content"] {
            case .string(let text)?:
                content = text
            case .array(let parts)?:
                content = parts.compactMap { part -> String? in
                    guard case .object(let fields) = part, fields["type"]?.stringValue == "text" else { return nil }
                    return fields["text"]?.stringValue
                }.joined(separator: "\n")
            default:
                content = ""
            }
            return ChatMessage(role: role, content: content, name: message["name"]?.stringValue)
        }
    }
}
