import Router
import Testing

@Suite struct ModelCatalogTests {
    private let catalog = RouteledgerConfig.builtIn.catalog

    @Test func modelLookupFollowsAliasChains() {
        var catalog = catalog
        catalog.aliases["best"] = "smart"
        #expect(catalog.model(named: "best")?.name == "gpt-4o")
        #expect(catalog.model(named: "qwen-max")?.upstreamModel == "qwen-max")
        #expect(catalog.model(named: "gpt-5") == nil)
        #expect(catalog.index(named: "best").map { catalog.models[$0].name } == "gpt-4o")
    }

    @Test func aliasLoopLooksUpAsUnknownInsteadOfHanging() {
        let looped = ModelCatalog(providers: catalog.providers, models: catalog.models, aliases: ["a": "b", "b": "a"])
        #expect(looped.model(named: "a") == nil)
    }

    @Test func tiersListTheirModelsInFileOrder() {
        #expect(catalog.models(in: .simple).map(\.name) == ["gpt-4o-mini", "qwen-turbo"])
        #expect(catalog.models(in: .medium).map(\.name) == ["claude-3-5-haiku", "qwen-plus"])
        #expect(catalog.models(in: .complex).map(\.name) == ["gpt-4o", "qwen-max"])
        for tier in Tier.allCases {
            #expect(catalog.firstIndex(in: tier).map { catalog.models[$0].name } == catalog.models(in: tier).first?.name)
        }
    }

    @Test func groupsDefaultToTierNames() {
        #expect(catalog.groups == ["simple", "medium", "complex", "embedding"])
        #expect(catalog.models(inGroup: "embedding").map(\.name) == ["text-embedding-3-small"])
        #expect(catalog.models(inGroup: "complex").map(\.name) == ["gpt-4o", "qwen-max"])
        #expect(catalog.models(inGroup: "quality").isEmpty)
    }

    @Test func builtInPricesAreRealisticPerThousandTokens() throws {
        let mini = try #require(catalog.model(named: "gpt-4o-mini"))
        #expect(mini.inputPricePer1K == 0.00015)
        #expect(mini.outputPricePer1K == 0.0006)
        #expect(catalog.provider(named: "simulated")?.kind == .simulated)
    }
}
