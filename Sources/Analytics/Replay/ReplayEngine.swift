import DomainEvents
import Router

/// Decides recorded requests again under an alternative — with the gateway's own strategy code,
/// from the recorded features (never the prompt text, which may have been redacted) — and prices
/// each counterfactual decision with the observed tokens.
///
/// Built once per ``ReplayTable`` (it sorts every model's latencies), then runs any number of
/// alternatives; never writes anywhere.
public struct ReplayEngine: Sendable {
    public let table: ReplayTable
    public let configs: ReplayConfigs
    /// The table's symbols plus every model and tier name of every catalog.
    public private(set) var symbols: SymbolTable
    /// Catalogs by index; 0 is the reference configuration's.
    let catalogs: [ModelCatalog]
    /// The catalog index of each row's config hash code (absent: the reference).
    private let catalogIndexByCode: [Int32: Int]
    /// Each catalog's prices by model code.
    private let pricesByCatalog: [[Int32: TokenPrices]]
    let latencies: LatencyEstimator
    /// Each model's observed p50 latency (ms) by name: what the `latency` strategy decides from
    /// for a request that recorded no snapshot.
    let observedMedians: [String: Double]
    private let userSpecified: Int32?
    private let embeddingTier: Int32?

    public init(table: ReplayTable, configs: ReplayConfigs) {
        self.table = table
        self.configs = configs
        var symbols = table.symbols
        var catalogs = [configs.reference.catalog]
        var indexByCode: [Int32: Int] = [:]
        for (hash, config) in configs.byHash.sorted(by: { $0.key < $1.key }) {
            guard let code = symbols.existingCode(hash) else { continue }
            indexByCode[code] = catalogs.count
            catalogs.append(config.catalog)
        }
        for tier in Tier.allCases { _ = symbols.code(tier.rawValue) }
        pricesByCatalog = catalogs.map { catalog in
            Dictionary(catalog.models.map { model in
                (symbols.code(model.name), TokenPrices(inputPer1K: model.inputPricePer1K, outputPer1K: model.outputPricePer1K))
            }, uniquingKeysWith: { first, _ in first })
        }
        self.catalogs = catalogs
        catalogIndexByCode = indexByCode
        latencies = LatencyEstimator(table)
        observedMedians = Dictionary(uniqueKeysWithValues: latencies.medians.map { (symbols[$0.key], $0.value) })
        userSpecified = symbols.existingCode(StrategyRef.userSpecified)
        embeddingTier = symbols.existingCode(ModelKind.embedding.rawValue)
        self.symbols = symbols
    }

    /// The catalog index of `row`'s configuration.
    func catalogIndex(_ row: Int) -> Int {
        catalogIndexByCode[table.configHash[row]] ?? 0
    }

    /// The replacement prices by model code; throws for a model no catalog and no request knows.
    func replacementPrices(_ alternative: ReplayAlternative) throws(InvalidQuery) -> [Int32: TokenPrices] {
        var byCode: [Int32: TokenPrices] = [:]
        for (model, prices) in alternative.prices.sorted(by: { $0.key < $1.key }) {
            guard let code = symbols.existingCode(model) else {
                throw InvalidQuery(
                    parameter: "prices", message: "prices: unknown model \"\(model)\" (in no catalog and no recorded request)")
            }
            byCode[code] = prices
        }
        return byCode
    }

    /// Why `row` cannot be decided by `strategy`, or nil when it can.
    func unreplayableReason(_ row: Int, by strategy: (any RoutingStrategy)?) -> String? {
        guard table.hasDecision(row) else { return "no routing decision recorded" }
        if let embeddingTier, table.tier[row] == embeddingTier { return "embedding request (not routed)" }
        guard let strategy, !isKept(row, by: strategy) else { return nil }
        let missing = strategy.inputs.intersection(table.unrecorded[row]).subtracting(.latencies)
        return missing.isEmpty ? nil : "not recorded: " + missing.names.joined(separator: ", ")
    }

    /// Whether `row` keeps its recorded decision under `strategy`: it named its model (the
    /// gateway never routes such a request), or there is no strategy (a price what-if).
    func isKept(_ row: Int, by strategy: (any RoutingStrategy)?) -> Bool {
        strategy == nil || table.strategy[row] == userSpecified
    }

    /// `strategy`'s choice for `row`, from its recorded features and the catalog of its
    /// configuration; the latency strategy reads the recorded snapshot, else observed medians.
    public func choice(_ row: Int, by strategy: any RoutingStrategy) -> StrategyChoice {
        strategy.decide(features: table.features(row), catalog: catalogs[catalogIndex(row)], latencySnapshot: latencySnapshot(row, for: strategy))
    }

    /// The model and tier of ``choice(_:by:)``, without its candidates and reason.
    public func route(_ row: Int, by strategy: any RoutingStrategy) -> StrategyRoute {
        strategy.route(features: table.features(row), catalog: catalogs[catalogIndex(row)], latencySnapshot: latencySnapshot(row, for: strategy))
    }

    /// The latencies `strategy` decides `row` from: none unless it reads latencies, else the
    /// recorded snapshot, else the observed medians.
    private func latencySnapshot(_ row: Int, for strategy: any RoutingStrategy) -> [String: Double] {
        strategy.inputs.contains(.latencies) ? table.latencySnapshots[row] ?? observedMedians : [:]
    }

    /// The cost of `row` had it been routed to `model` (a code): 0 for a failed request, the
    /// recorded cost (repriced when its answering model's prices are replaced) when the decision
    /// is unchanged, else the observed tokens at `model`'s prices — replaced, else those in force
    /// under the row's configuration, else the reference's. Nil when no price is known.
    func cost(_ row: Int, on model: Int32, replacing prices: [Int32: TokenPrices]) -> Double? {
        guard table.succeeded[row] else { return 0 }
        let input = Int(table.inputTokens[row])
        let output = Int(table.outputTokens[row])
        if model == table.chosenModel[row] {
            guard let replaced = prices[table.servedModel[row]] else { return table.cost[row] }
            return replaced.cost(inputTokens: input, outputTokens: output)
        }
        guard let price = prices[model] ?? pricesByCatalog[catalogIndex(row)][model] ?? pricesByCatalog[0][model] else {
            return nil
        }
        return price.cost(inputTokens: input, outputTokens: output)
    }

    /// Replays the rows `selection` picks under `alternative`; throws when it picks none.
    public func run(_ alternative: ReplayAlternative, selection: ReplaySelection) throws(InvalidQuery) -> ReplayRun {
        try run(alternative, rows: try selectedRows(selection))
    }

    /// The rows `selection` picks; throws when it picks none.
    public func selectedRows(_ selection: ReplaySelection) throws(InvalidQuery) -> [Int32] {
        let rows = selection.rows(of: table)
        guard !rows.isEmpty else {
            throw InvalidQuery(
                parameter: "selection",
                message: table.count == 0 ? "the ledger has no ended requests to replay" : "no recorded request matches the selection (\(selection.summary))")
        }
        return rows
    }

    /// Replays `rows` under `alternative`.
    public func run(_ alternative: ReplayAlternative, rows: [Int32]) throws(InvalidQuery) -> ReplayRun {
        let prices = try replacementPrices(alternative)
        var run = ReplayRun(reservingCapacity: rows.count)
        var tierCodes: [Tier: Int32] = [:]
        for tier in Tier.allCases { tierCodes[tier] = symbols.existingCode(tier.rawValue) }
        var modelCodes: [String: Int32] = [:]
        let strategy = alternative.strategy
        for code in rows {
            let row = Int(code)
            if let reason = unreplayableReason(row, by: strategy) {
                run.skip(row: row, because: reason)
                continue
            }
            var model = table.chosenModel[row]
            var tier = table.tier[row]
            var kind = ReplayRun.Kind.kept
            if let strategy, !isKept(row, by: strategy) {
                let route = route(row, by: strategy)
                if let known = modelCodes[route.model] {
                    model = known
                } else {
                    model = symbols.existingCode(route.model) ?? ReplayTable.none
                    modelCodes[route.model] = model
                }
                tier = tierCodes[route.tier] ?? ReplayTable.none
                kind = .decided
            }
            guard let cost = cost(row, on: model, replacing: prices) else {
                run.skip(row: row, because: "no price known for model \(model == ReplayTable.none ? "(none)" : symbols[model])")
                continue
            }
            run.append(row: row, kind: kind, model: model, tier: tier, cost: cost)
        }
        return run
    }
}
