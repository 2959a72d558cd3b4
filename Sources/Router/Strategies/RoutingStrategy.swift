/// A routing strategy (SPEC section 3): a pure value that turns prompt features into a choice.
///
/// Strategies read nothing but their arguments, so replaying a recorded request runs the same
/// code and gets the same decision. Within a tier a strategy takes the tier's first model in
/// catalog (file) order, unless it says otherwise (``LatencyStrategy``).
public protocol RoutingStrategy: Sendable {
    /// The contract name (`token-length`, `complexity`, `threshold`, `latency`, `fixed`).
    var name: String { get }
    /// The implementation version; it changes whenever the same input could be routed differently.
    var version: Int { get }
    /// The parameters in force, defaults filled in.
    var params: [String: StrategyParameter] { get }
    /// What the strategy reads of a request's features (and whether it reads latencies).
    var inputs: StrategyInputs { get }

    /// The model for `features`, with the candidates and a reason; `latencySnapshot` (model → p50
    /// latency in ms) is read only by strategies that route on latency.
    func decide(features: RoutingFeatures, catalog: ModelCatalog, latencySnapshot: [String: Double]) -> StrategyChoice

    /// The model and tier ``decide(features:catalog:latencySnapshot:)`` chooses, without its
    /// candidates and reason: what a replay of many requests needs. Each strategy builds `decide`
    /// on its `route`, so the two never disagree.
    func route(features: RoutingFeatures, catalog: ModelCatalog, latencySnapshot: [String: Double]) -> StrategyRoute
}
