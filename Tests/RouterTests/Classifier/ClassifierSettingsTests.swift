import Router
import Testing

/// `routing.classifier` picks the classifier the router runs in-process.
@Suite struct ClassifierSettingsTests {
    private func router(_ classifier: String) throws -> RequestRouter {
        let yaml = ConfigFixtures.minimal + (classifier.isEmpty ? "" : "routing:\n  classifier: \(classifier)\n")
        return RequestRouter(config: try RouteledgerConfig.parse(yaml: yaml, file: "routeledger.yaml"))
    }

    @Test func theLearnedClassifierByDefaultTheLexicalOneWhenNamedAndAServicesFallbackInProcess() throws {
        let learned = LearnedPromptClassifier().version
        let lexical = LexicalPromptClassifier().version
        #expect(learned != lexical)
        #expect(try router("").classifier.version == learned)
        #expect(try router("{kind: builtin}").classifier.version == learned)
        #expect(try router("{kind: lexical}").classifier.version == lexical)
        #expect(try router("{kind: http, url: 'http://127.0.0.1:9/classify'}").classifier.version == learned)
        #expect(try router("{kind: http, url: 'http://127.0.0.1:9/classify', fallback: lexical}").classifier.version == lexical)
    }

    @Test func aServiceClassificationIsRecordedWithItsNameAndAFallbackWithItsReason() throws {
        let router = try router("")
        let messages = [ChatMessage(role: "user", content: "Write a haiku")]
        let service = PromptClassification(
            taskType: .codeGeneration, creativity: 0.1, reasoning: 0.9, contextualKnowledge: 0.2, domainKnowledge: 0.5,
            constraints: 0.3, numberOfFewShots: 1, complexityScore: 0.91)
        let classified = router.features(of: messages, service: .classified(service, version: "http:fake"))
        #expect(classified.classification == service && classified.classifierVersion == "http:fake")
        #expect(classified.classifierFallback == nil)
        #expect(classified.tokenCount == router.features(of: messages).tokenCount)
        let fellBack = router.features(of: messages, service: .fellBack(reason: "http classifier: status 503"))
        #expect(fellBack.classification == router.features(of: messages).classification)
        #expect(fellBack.classifierFallback == "http classifier: status 503")
    }
}
