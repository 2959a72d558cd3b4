import Router
import Testing

@Suite struct ModelRequestParsingTests {
    private let catalog = RouteledgerConfig.builtIn.catalog

    @Test(arguments: [
        (nil, ModelRequest.defaultStrategy),
        ("", .defaultStrategy),
        ("auto", .defaultStrategy),
        ("router-complexity-0.35", .threshold(scorer: .complexity, threshold: 0.35)),
        ("router-complexity-0", .threshold(scorer: .complexity, threshold: 0)),
        ("router-complexity-1", .threshold(scorer: .complexity, threshold: 1)),
        ("router-complexity-1.0", .threshold(scorer: .complexity, threshold: 1)),
        ("router-complexity-.5", .threshold(scorer: .complexity, threshold: 0.5)),
        ("router-token-length-0.7", .threshold(scorer: .tokenLength, threshold: 0.7)),
        ("router-random-0.5", .threshold(scorer: .random, threshold: 0.5)),
        ("gpt-4o", .explicit(model: "gpt-4o", requestedAs: "gpt-4o")),
        ("smart", .explicit(model: "gpt-4o", requestedAs: "smart")),
        ("fast", .explicit(model: "gpt-4o-mini", requestedAs: "fast")),
    ] as [(String?, ModelRequest)])
    func validModelStringsParse(model: String?, expected: ModelRequest) throws {
        #expect(try ModelRequest.parse(model, catalog: catalog) == expected)
    }

    @Test(arguments: [
        ("router-complexity-1.01", "threshold \"1.01\" in \"router-complexity-1.01\" is not a number between 0 and 1"),
        ("router-complexity-abc", "threshold \"abc\" in \"router-complexity-abc\" is not a number between 0 and 1"),
        ("router-complexity-", "threshold \"\" in \"router-complexity-\" is not a number between 0 and 1"),
        ("router-complexity-nan", "threshold \"nan\" in \"router-complexity-nan\" is not a number between 0 and 1"),
        ("router-complexity-1e-1", "unknown scorer \"complexity-1e\" in \"router-complexity-1e-1\" (expected one of: complexity, nvidia, token-length, random)"),
        ("router-complexity--0.5", "unknown scorer \"complexity-\" in \"router-complexity--0.5\" (expected one of: complexity, nvidia, token-length, random)"),
        ("router-unknown-0.5", "unknown scorer \"unknown\" in \"router-unknown-0.5\" (expected one of: complexity, nvidia, token-length, random)"),
        ("router-0.5", "\"router-0.5\" is not of the form router-<scorer>-<threshold>"),
    ])
    func malformedRouterStringsAreBadRequests(model: String, message: String) {
        #expect(throws: ModelRequestError(.invalidRouterModel, model: model, message: message)) {
            try ModelRequest.parse(model, catalog: catalog)
        }
    }

    @Test func anEmbeddingModelCannotServeChatCompletions() {
        let message = "\"text-embedding-3-small\" is an embedding model; it cannot serve chat completions"
        #expect(throws: ModelRequestError(.wrongModelKind, model: "text-embedding-3-small", message: message)) {
            try ModelRequest.parse("text-embedding-3-small", catalog: catalog)
        }
    }

    @Test func embeddingsTakeAnEmbeddingModelByNameOnly() throws {
        #expect(try ModelRequest.embeddingModel("text-embedding-3-small", catalog: catalog).name == "text-embedding-3-small")
        for model in ["auto", "", "router-complexity-0.5", "gpt-4o", "fast"] {
            #expect(throws: ModelRequestError.self) { try ModelRequest.embeddingModel(model, catalog: catalog) }
            #expect((try? ModelRequest.embeddingModel(model, catalog: catalog)) == nil)
        }
        #expect(throws: ModelRequestError(.unknownModel, model: "ada", message: "unknown model \"ada\"")) {
            try ModelRequest.embeddingModel("ada", catalog: catalog)
        }
    }

    @Test(arguments: ["gpt-5", "AUTO", "GPT-4o", " gpt-4o"])
    func namesOutsideTheCatalogAreUnknownModels(model: String) {
        #expect(throws: ModelRequestError(.unknownModel, model: model, message: "unknown model \"\(model)\"")) {
            try ModelRequest.parse(model, catalog: catalog)
        }
    }
}
