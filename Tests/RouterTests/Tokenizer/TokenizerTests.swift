import Router
import Testing

/// Token ids and counts against tiktoken's, on the committed corpus.
@Suite struct TokenizerTests {
    @Test(arguments: EncodingName.allCases)
    func idsEqualTiktokensOnTheCorpus(name: EncodingName) {
        let tokenizer = Tokenizer.shared(name)
        let cases = TokenizerFixture.cases(name)
        #expect(cases.count == 42)
        for fixture in cases {
            #expect(tokenizer.encode(fixture.text) == fixture.ids, "\(name.rawValue): \(fixture.text.debugDescription)")
            #expect(tokenizer.count(fixture.text) == fixture.ids.count)
        }
    }

    @Test func knownIdsOfShortTexts() {
        #expect(Tokenizer.shared(.cl100kBase).encode("Hello world") == [9906, 1917])
        #expect(Tokenizer.shared(.o200kBase).encode("Hello world") == [13225, 2375])
        #expect(Tokenizer.shared(.cl100kBase).encode("") == [])
    }

    /// tiktoken's counts; with a quadratic merge, a 200 KB piece would take hours.
    @Test func longPiecesAreMergedInLinearithmicTime() {
        #expect(Tokenizer.shared(.cl100kBase).count(String(repeating: "a", count: 200_000)) == 25_000)
        #expect(Tokenizer.shared(.cl100kBase).count(String(repeating: "ab", count: 100_000)) == 100_000)
        #expect(Tokenizer.shared(.o200kBase).count(String(repeating: "ab", count: 100_000)) == 50_000)
    }

    @Test func specialTokensAreEncodedAsOrdinaryText() {
        let tokenizer = Tokenizer.shared(.cl100kBase)
        #expect(!tokenizer.encode("<|endoftext|>").contains(100_257))
        #expect(tokenizer.count("<|endoftext|>") > 1)
    }

    @Test func vocabularySizesAreTiktokens() {
        #expect(Tokenizer.shared(.cl100kBase).vocabularySize == 100_256)
        #expect(Tokenizer.shared(.o200kBase).vocabularySize == 199_998)
    }

    @Test func concurrentEncodingGivesTiktokensIds() async {
        let cases = TokenizerFixture.cases(.o200kBase)
        let matches = await withTaskGroup(of: Bool.self) { group in
            for fixture in cases {
                group.addTask { Tokenizer.shared(.o200kBase).encode(fixture.text) == fixture.ids }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(matches == Array(repeating: true, count: cases.count))
    }

    @Test func sharedTokenizerIsLoadedOnce() {
        #expect(Tokenizer.shared(.o200kBase) === Tokenizer.shared(.o200kBase))
    }

    @Test(arguments: EncodingName.allCases)
    func messageCountsFollowTheCookbook(name: EncodingName) {
        let tokenizer = Tokenizer.shared(name)
        let cases = TokenizerFixture.shared.messages
        #expect(cases.count == 3)
        for fixture in cases {
            #expect(tokenizer.count(messages: fixture.messages) == fixture.counts[name.rawValue])
        }
    }

    @Test func messageOverheadIsThreePerMessageOnePerNameAndThreeForTheReply() {
        let tokenizer = Tokenizer.shared(.o200kBase)
        let plain = ChatMessage(role: "user", content: "Hello!")
        let named = ChatMessage(role: "user", content: "Hello!", name: "bob")
        let contentTokens = tokenizer.count("user") + tokenizer.count("Hello!")
        #expect(tokenizer.count(messages: []) == 3)
        #expect(tokenizer.count(messages: [plain]) == 3 + 3 + contentTokens)
        #expect(tokenizer.count(messages: [plain, named]) == 3 + 2 * (3 + contentTokens) + tokenizer.count("bob") + 1)
    }
}
