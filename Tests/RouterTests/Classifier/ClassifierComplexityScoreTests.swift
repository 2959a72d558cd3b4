import Router
import Testing

/// The complexity score is NVIDIA's published weighting of the rounded dimensions.
@Suite struct ClassifierComplexityScoreTests {
    @Test func allDimensionsAtOneAndFiveShotsScoreOne() {
        let score = PromptClassification.complexityScore(
            creativity: 1, reasoning: 1, constraints: 1, domainKnowledge: 1, contextualKnowledge: 1, numberOfFewShots: 5)
        #expect(score == 1)
    }

    @Test func allDimensionsAtZeroScoreZero() {
        let score = PromptClassification.complexityScore(
            creativity: 0, reasoning: 0, constraints: 0, domainKnowledge: 0, contextualKnowledge: 0, numberOfFewShots: 0)
        #expect(score == 0)
    }

    /// 0.35·0.5 + 0.25·0.4 + 0.15·0.2 + 0.15·0.6 + 0.05·0.8 + 0.05·(2/5)
    /// = 0.175 + 0.1 + 0.03 + 0.09 + 0.04 + 0.02 = 0.455
    @Test func mixedDimensionsFollowThePublishedWeights() {
        let score = PromptClassification.complexityScore(
            creativity: 0.5, reasoning: 0.4, constraints: 0.2, domainKnowledge: 0.6, contextualKnowledge: 0.8,
            numberOfFewShots: 2)
        #expect(score == 0.455)
    }

    /// Each weight on its own: creativity 0.35, reasoning 0.25, constraints 0.15, domain 0.15,
    /// context 0.05, few shots 0.05.
    @Test func eachDimensionCarriesItsOwnWeight() {
        func score(_ c: Double = 0, _ r: Double = 0, _ k: Double = 0, _ d: Double = 0, _ x: Double = 0, _ n: Int = 0) -> Double {
            PromptClassification.complexityScore(
                creativity: c, reasoning: r, constraints: k, domainKnowledge: d, contextualKnowledge: x, numberOfFewShots: n)
        }
        #expect(score(1) == 0.35)
        #expect(score(0, 1) == 0.25)
        #expect(score(0, 0, 1) == 0.15)
        #expect(score(0, 0, 0, 1) == 0.15)
        #expect(score(0, 0, 0, 0, 1) == 0.05)
        #expect(score(0, 0, 0, 0, 0, 5) == 0.05)
        #expect(score(0, 0, 0, 0, 0, 1) == 0.01)
    }

    @Test func fewShotsSaturateAtFive() {
        let five = PromptClassification.complexityScore(
            creativity: 0.2, reasoning: 0.2, constraints: 0, domainKnowledge: 0, contextualKnowledge: 0, numberOfFewShots: 5)
        let twelve = PromptClassification.complexityScore(
            creativity: 0.2, reasoning: 0.2, constraints: 0, domainKnowledge: 0, contextualKnowledge: 0, numberOfFewShots: 12)
        #expect(five == twelve)
        #expect(twelve == 0.17)
    }

    /// 1/3 is stored as 0.3333, and the score is computed from the stored value:
    /// 0.35·0.3333 = 0.116655 → 0.1167.
    @Test func classificationRoundsDimensionsBeforeScoring() {
        let classification = PromptClassification(
            taskType: .other, creativity: 1.0 / 3.0, reasoning: 0, contextualKnowledge: 0, domainKnowledge: 0,
            constraints: 0, numberOfFewShots: 0)
        #expect(classification.creativity == 0.3333)
        #expect(classification.complexityScore == 0.1167)
    }

    @Test func classificationClampsDimensionsToUnitInterval() {
        let classification = PromptClassification(
            taskType: .other, creativity: 1.7, reasoning: -0.2, contextualKnowledge: .nan, domainKnowledge: 2,
            constraints: 0.5, numberOfFewShots: -3)
        #expect(classification.creativity == 1)
        #expect(classification.reasoning == 0)
        #expect(classification.contextualKnowledge == 0)
        #expect(classification.domainKnowledge == 1)
        #expect(classification.numberOfFewShots == 0)
        #expect(classification.complexityScore == 0.575)
    }
}
