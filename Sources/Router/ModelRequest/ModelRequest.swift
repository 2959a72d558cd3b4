/// What a client asked for with the `model` field of a request (SPEC section 3).
public enum ModelRequest: Equatable, Sendable {
    /// No model, `""` or `auto`: the configured default strategy decides.
    case defaultStrategy
    /// `router-<scorer>-<threshold>`: score ≥ threshold → strong model, else weak model.
    case threshold(scorer: ThresholdScorer, threshold: Double)
    /// A catalog model, named directly or through an alias; `model` is the resolved catalog name.
    case explicit(model: String, requestedAs: String)

    /// Whether `model` names a model (or alias) rather than asking the router to choose: not absent,
    /// empty, `auto` or `router-…`. Decided without a catalog, for recorded requests.
    public static func namesAModel(_ model: String?) -> Bool {
        guard let model, !model.isEmpty, model != ModelNameRules.auto else { return false }
        return !model.hasPrefix(ModelNameRules.routerPrefix)
    }

    /// Parses a request's `model` field against `catalog`.
    ///
    /// Throws `.invalidRouterModel` (HTTP 400) for a malformed `router-…` string,
    /// `.unknownModel` (HTTP 404) for a name that is neither a model nor an alias, and
    /// `.wrongModelKind` (HTTP 400) for an embedding model.
    public static func parse(_ model: String?, catalog: ModelCatalog) throws(ModelRequestError) -> ModelRequest {
        guard let model, !model.isEmpty, model != ModelNameRules.auto else { return .defaultStrategy }
        if model.hasPrefix(ModelNameRules.routerPrefix) { return try parseRouter(model) }
        let resolved = try catalogModel(model, catalog: catalog)
        guard resolved.kind == .chat else {
            throw ModelRequestError(
                .wrongModelKind, model: model,
                message: "\"\(model)\" is an embedding model; it cannot serve chat completions")
        }
        return .explicit(model: resolved.name, requestedAs: model)
    }

    /// The embedding model `model` names (directly or through an alias), for `/v1/embeddings`:
    /// embeddings are not routed, so `auto`, `router-…` and chat models are `.wrongModelKind`.
    public static func embeddingModel(_ model: String, catalog: ModelCatalog) throws(ModelRequestError) -> ModelDefinition {
        guard !model.isEmpty, model != ModelNameRules.auto, !model.hasPrefix(ModelNameRules.routerPrefix) else {
            throw ModelRequestError(
                .wrongModelKind, model: model,
                message: "embeddings are not routed: name an embedding model of the catalog, not \"\(model)\"")
        }
        let resolved = try catalogModel(model, catalog: catalog)
        guard resolved.kind == .embedding else {
            throw ModelRequestError(
                .wrongModelKind, model: model, message: "\"\(model)\" is a chat model; it cannot serve embeddings")
        }
        return resolved
    }

    private static func catalogModel(_ model: String, catalog: ModelCatalog) throws(ModelRequestError) -> ModelDefinition {
        guard let resolved = catalog.model(named: model) else {
            throw ModelRequestError(.unknownModel, model: model, message: "unknown model \"\(model)\"")
        }
        return resolved
    }

    private static func parseRouter(_ model: String) throws(ModelRequestError) -> ModelRequest {
        let rest = model.dropFirst(ModelNameRules.routerPrefix.count)
        guard let dash = rest.lastIndex(of: "-") else {
            throw ModelRequestError(
                .invalidRouterModel, model: model,
                message: "\"\(model)\" is not of the form router-<scorer>-<threshold>"
            )
        }
        let scorerName = String(rest[..<dash])
        let thresholdText = String(rest[rest.index(after: dash)...])
        guard let scorer = ThresholdScorer(rawValue: scorerName) else {
            let scorers = ThresholdScorer.allCases.map(\.rawValue).joined(separator: ", ")
            throw ModelRequestError(
                .invalidRouterModel, model: model,
                message: "unknown scorer \"\(scorerName)\" in \"\(model)\" (expected one of: \(scorers))"
            )
        }
        guard let threshold = decimal(thresholdText), (0...1).contains(threshold) else {
            throw ModelRequestError(
                .invalidRouterModel, model: model,
                message: "threshold \"\(thresholdText)\" in \"\(model)\" is not a number between 0 and 1"
            )
        }
        return .threshold(scorer: scorer, threshold: threshold)
    }

    /// A plain decimal (`0`, `0.35`, `1.0`, `.5`); no sign, exponent, `nan` or `inf`.
    private static func decimal(_ text: String) -> Double? {
        let digits = text.filter(\.isASCII).filter(\.isNumber).count
        let dots = text.filter { $0 == "." }.count
        guard digits > 0, dots <= 1, digits + dots == text.count else { return nil }
        return Double(text.hasPrefix(".") ? "0" + text : text)
    }
}
