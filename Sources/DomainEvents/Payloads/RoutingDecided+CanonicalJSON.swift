import CanonicalJSON

extension RoutingDecided: CanonicalJSONCodable {
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field(CodingKeys.candidates.rawValue, candidates)
        writer.field(CodingKeys.chosenModel.rawValue, chosenModel)
        writer.field(CodingKeys.configHash.rawValue, configHash)
        writer.field(CodingKeys.derived.rawValue, derived)
        writer.field(CodingKeys.fallbackPlan.rawValue, fallbackPlan)
        writer.field(CodingKeys.features.rawValue, features)
        writer.field(CodingKeys.latencySnapshot.rawValue, latencySnapshot?.mapValues(JSONValue.double))
        writer.field(CodingKeys.reason.rawValue, reason)
        writer.field(CodingKeys.routingLatencyMicroseconds.rawValue, routingLatencyMicroseconds)
        writer.field(CodingKeys.strategy.rawValue, strategy)
        writer.field(CodingKeys.tier.rawValue, tier)
        writer.endObject()
    }

    public init(reading reader: inout JSONReader) throws {
        var strategy: StrategyRef?
        var features: PromptFeatures?
        var candidates: [CandidateScore]?
        var chosenModel: String?
        var tier: String?
        var fallbackPlan: [String]?
        var reason: String?
        var routingLatencyMicroseconds: Int?
        var configHash: String?
        var latencySnapshot: [String: Double]?
        var derived: DerivedFeatures?
        try reader.readObject { key, reader in
            switch CodingKeys(rawValue: key) {
            case .strategy: strategy = try StrategyRef(reading: &reader)
            case .features: features = try PromptFeatures(reading: &reader)
            case .candidates: candidates = try reader.array(of: CandidateScore.self)
            case .chosenModel: chosenModel = try reader.string()
            case .tier: tier = try reader.string()
            case .fallbackPlan: fallbackPlan = try reader.stringArray()
            case .reason: reason = try reader.string()
            case .routingLatencyMicroseconds: routingLatencyMicroseconds = try reader.int()
            case .configHash: configHash = try reader.string()
            case .latencySnapshot:
                var snapshot: [String: Double] = [:]
                try reader.readObject { model, reader in snapshot[model] = try reader.double() }
                latencySnapshot = snapshot
            case .derived: derived = try reader.readNull() ? nil : try DerivedFeatures(reading: &reader)
            case nil: try reader.skipValue()
            }
        }
        self.init(
            strategy: try reader.require(strategy, CodingKeys.strategy, in: "routing.decided"),
            features: try reader.require(features, CodingKeys.features, in: "routing.decided"),
            candidates: try reader.require(candidates, CodingKeys.candidates, in: "routing.decided"),
            chosenModel: try reader.require(chosenModel, CodingKeys.chosenModel, in: "routing.decided"),
            tier: try reader.require(tier, CodingKeys.tier, in: "routing.decided"),
            fallbackPlan: try reader.require(fallbackPlan, CodingKeys.fallbackPlan, in: "routing.decided"),
            reason: try reader.require(reason, CodingKeys.reason, in: "routing.decided"),
            routingLatencyMicroseconds: try reader.require(routingLatencyMicroseconds, CodingKeys.routingLatencyMicroseconds, in: "routing.decided"),
            configHash: try reader.require(configHash, CodingKeys.configHash, in: "routing.decided"),
            latencySnapshot: latencySnapshot, derived: derived)
    }
}


extension StrategyRef: CanonicalJSONCodable {
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field(CodingKeys.name.rawValue, name)
        writer.field(CodingKeys.params.rawValue, params)
        writer.field(CodingKeys.version.rawValue, version)
        writer.endObject()
    }

    public init(reading reader: inout JSONReader) throws {
        var name: String?
        var version: Int?
        var params: [String: JSONValue]?
        try reader.readObject { key, reader in
            switch CodingKeys(rawValue: key) {
            case .name: name = try reader.string()
            case .version: version = try reader.int()
            case .params: params = try reader.object()
            case nil: try reader.skipValue()
            }
        }
        self.init(
            name: try reader.require(name, CodingKeys.name, in: "strategy"),
            version: try reader.require(version, CodingKeys.version, in: "strategy"),
            params: try reader.require(params, CodingKeys.params, in: "strategy"))
    }
}


extension PromptFeatures: CanonicalJSONCodable {
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field(CodingKeys.classifier.rawValue, classifier)
        writer.field(CodingKeys.classifierFallback.rawValue, classifierFallback)
        writer.field(CodingKeys.complexityScore.rawValue, complexityScore)
        writer.field(CodingKeys.constraints.rawValue, constraints)
        writer.field(CodingKeys.contextualKnowledge.rawValue, contextualKnowledge)
        writer.field(CodingKeys.creativity.rawValue, creativity)
        writer.field(CodingKeys.domainKnowledge.rawValue, domainKnowledge)
        writer.field(CodingKeys.numberOfFewShots.rawValue, numberOfFewShots)
        writer.field(CodingKeys.promptFingerprint.rawValue, promptFingerprint)
        writer.field(CodingKeys.reasoning.rawValue, reasoning)
        writer.field(CodingKeys.signals.rawValue, signals)
        writer.field(CodingKeys.taskType.rawValue, taskType)
        writer.field(CodingKeys.tier.rawValue, tier)
        writer.field(CodingKeys.tokenCount.rawValue, tokenCount)
        writer.endObject()
    }

    public init(reading reader: inout JSONReader) throws {
        var tokenCount: Int?
        var complexityScore: Double?
        var taskType: String?
        var tier: String?
        var creativity: Double?
        var reasoning: Double?
        var contextualKnowledge: Double?
        var domainKnowledge: Double?
        var constraints: Double?
        var numberOfFewShots: Int?
        var signals: [String]?
        var promptFingerprint: String?
        var classifier: String?
        var classifierFallback: String?
        try reader.readObject { key, reader in
            switch CodingKeys(rawValue: key) {
            case .classifier: classifier = try reader.string()
            case .classifierFallback: classifierFallback = try reader.string()
            case .tokenCount: tokenCount = try reader.int()
            case .complexityScore: complexityScore = try reader.double()
            case .taskType: taskType = try reader.string()
            case .tier: tier = try reader.string()
            case .creativity: creativity = try reader.double()
            case .reasoning: reasoning = try reader.double()
            case .contextualKnowledge: contextualKnowledge = try reader.double()
            case .domainKnowledge: domainKnowledge = try reader.double()
            case .constraints: constraints = try reader.double()
            case .numberOfFewShots: numberOfFewShots = try reader.int()
            case .signals: signals = try reader.stringArray()
            case .promptFingerprint: promptFingerprint = try reader.string()
            case nil: try reader.skipValue()
            }
        }
        self.init(
            tokenCount: try reader.require(tokenCount, CodingKeys.tokenCount, in: "features"),
            complexityScore: try reader.require(complexityScore, CodingKeys.complexityScore, in: "features"),
            taskType: try reader.require(taskType, CodingKeys.taskType, in: "features"),
            tier: try reader.require(tier, CodingKeys.tier, in: "features"),
            creativity: try reader.require(creativity, CodingKeys.creativity, in: "features"),
            reasoning: try reader.require(reasoning, CodingKeys.reasoning, in: "features"),
            contextualKnowledge: try reader.require(contextualKnowledge, CodingKeys.contextualKnowledge, in: "features"),
            domainKnowledge: try reader.require(domainKnowledge, CodingKeys.domainKnowledge, in: "features"),
            constraints: try reader.require(constraints, CodingKeys.constraints, in: "features"),
            numberOfFewShots: try reader.require(numberOfFewShots, CodingKeys.numberOfFewShots, in: "features"),
            signals: try reader.require(signals, CodingKeys.signals, in: "features"),
            promptFingerprint: promptFingerprint, classifier: classifier, classifierFallback: classifierFallback)
    }
}


extension CandidateScore: CanonicalJSONCodable {
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field(CodingKeys.model.rawValue, model)
        writer.field(CodingKeys.score.rawValue, score)
        writer.endObject()
    }

    public init(reading reader: inout JSONReader) throws {
        var model: String?
        var score: Double?
        try reader.readObject { key, reader in
            switch CodingKeys(rawValue: key) {
            case .model: model = try reader.string()
            case .score: score = try reader.double()
            case nil: try reader.skipValue()
            }
        }
        self.init(
            model: try reader.require(model, CodingKeys.model, in: "candidate"),
            score: try reader.require(score, CodingKeys.score, in: "candidate"))
    }
}
