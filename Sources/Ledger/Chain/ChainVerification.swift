/// The outcome of walking the hash chain.
public enum ChainVerification: Sendable, Equatable {
    /// Every event links to its predecessor; `head` is nil for an empty ledger.
    case intact(count: Int64, head: ChainHead?)
    /// The first event that does not verify, and why.
    case broken(seq: Int64, reason: String)

    /// The one-line report of `routeledger verify`.
    public var summary: String {
        switch self {
        case .intact(let count, let head):
            "OK \(count) events, head \(head?.seq ?? 0) \((head?.hash ?? HashChain.genesis).hexString)"
        case .broken(let seq, let reason):
            "BROKEN at seq \(seq): \(reason)"
        }
    }
}
