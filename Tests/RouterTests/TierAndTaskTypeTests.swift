import Router
import Testing

@Suite struct TierAndTaskTypeTests {
    @Test func tiersOrderFromCheapestToStrongest() {
        #expect(Tier.allCases.sorted() == [.simple, .medium, .complex])
        #expect(Tier.simple < .complex)
        #expect(!(Tier.complex < .medium))
    }

    @Test(arguments: [("simple", Tier.simple), (" Medium ", .medium), ("COMPLEX", .complex)])
    func tierNamesParseIgnoringCaseAndSpaces(name: String, tier: Tier) {
        #expect(Tier(name: name) == tier)
    }

    @Test func unknownTierNameIsRejected() {
        #expect(Tier(name: "hard") == nil)
        #expect(Tier(name: "") == nil)
    }

    @Test func taskTypesAreTheElevenClassifierCategories() {
        #expect(TaskType.allCases.map(\.rawValue) == [
            "Open QA", "Closed QA", "Summarization", "Text Generation", "Code Generation", "Chatbot",
            "Classification", "Rewrite", "Brainstorming", "Extraction", "Other",
        ])
    }

    @Test(arguments: [
        ("Open QA", TaskType.openQA), ("open_qa", .openQA), ("closed-qa", .closedQA),
        ("code generation", .codeGeneration), ("TEXT_GENERATION", .textGeneration), ("other", .other),
    ])
    func taskTypeNamesParseInTheirCommonSpellings(name: String, taskType: TaskType) {
        #expect(TaskType(name: name) == taskType)
    }

    @Test func unknownTaskTypeIsRejected() {
        #expect(TaskType(name: "Translation") == nil)
    }
}
