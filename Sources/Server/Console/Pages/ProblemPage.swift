import Console

/// A console request that cannot be answered as asked: which parameter is wrong and why, or what
/// does not exist, with a way back.
struct ProblemPage: ConsolePage {
    static let template = "problem"
    var chrome: ConsoleChrome
    var heading: String
    var message: String
    /// The query or form parameter at fault, if one is.
    var parameter: String?
    var backHref: String
}
