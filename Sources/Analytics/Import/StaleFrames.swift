import Ledger

/// The seqs an import appended without the dictionary current at its end (before the first one
/// was trained), to recompress.
struct StaleFrames {
    /// The first and last seq appended with each dictionary id (0: none).
    private var rangeByDictionary: [Int: ClosedRange<Int64>] = [:]

    mutating func note(_ events: [PreparedEvent], receipts: [EventReceipt]) {
        for (event, receipt) in zip(events, receipts) {
            let range = rangeByDictionary[event.dictionaryID]
            rangeByDictionary[event.dictionaryID] = min(range?.lowerBound ?? receipt.seq, receipt.seq)...max(range?.upperBound ?? receipt.seq, receipt.seq)
        }
    }

    /// The seqs from the first to the last appended with another dictionary than `current`; nil when none was.
    func seqs(notWrittenWith current: Int) -> ClosedRange<Int64>? {
        let others = rangeByDictionary.filter { $0.key != current }.values
        guard let first = others.map(\.lowerBound).min(), let last = others.map(\.upperBound).max() else { return nil }
        return first...last
    }
}
