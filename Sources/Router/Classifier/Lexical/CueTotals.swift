/// The summed weights of the dimension cues that fired, and the number of distinct domain terms.
struct CueTotals {
    var creativity = 0.0
    var reasoning = 0.0
    var contextualKnowledge = 0.0
    var constraints = 0.0
    var domainTerms = 0

    mutating func add(_ cue: LexicalCue) {
        switch cue.target {
        case .creativity: creativity += cue.weight
        case .reasoning: reasoning += cue.weight
        case .contextualKnowledge: contextualKnowledge += cue.weight
        case .constraints: constraints += cue.weight
        case .domain: domainTerms += 1
        case .task: break
        }
    }
}
