extension HashChain {
    /// Links groups of appends after `head`, as every store does inside its committing
    /// transaction: each event gets the next seq and its chained hash, its leaf joins `tree`, and
    /// `store` receives it with the Merkle nodes it completed (none for 63 of every 64 events).
    /// Returns each append's receipts, in order.
    public static func linkAppends(
        _ appends: [[PreparedEvent]], after head: ChainHead?, tree: inout MerkleFrontier,
        store: (_ event: PreparedEvent, _ seq: Int64, _ hash: [UInt8], _ completedNodes: [MerkleNode]) throws -> Void
    ) rethrows -> [[EventReceipt]] {
        var seq = head?.seq ?? 0
        var previous = head?.hash ?? genesis
        var receipts: [[EventReceipt]] = []
        receipts.reserveCapacity(appends.count)
        for events in appends {
            var appendReceipts: [EventReceipt] = []
            appendReceipts.reserveCapacity(events.count)
            for event in events {
                seq += 1
                let hash = link(previous: previous, seq: seq, event: event)
                try store(event, seq, hash, tree.append(eventHash: hash))
                appendReceipts.append(EventReceipt(seq: seq, eventID: event.eventID, hash: hash))
                previous = hash
            }
            receipts.append(appendReceipts)
        }
        return receipts
    }
}
