/// What an import did: records appended, records the ledger already held, lines skipped.
public struct ImportSummary: Sendable, Equatable, Encodable {
    /// Records appended to the ledger.
    public var imported = 0
    /// Events appended for them.
    public var events = 0
    /// Records whose request id the ledger already held (an earlier import of the same lines).
    public var alreadyPresent = 0
    /// Lines that are not records, in file order.
    public var malformed: [MalformedLine] = []

    public init() {}

    /// `imported 10 records (30 events), 2 already present, 1 malformed line skipped`.
    public var text: String {
        func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }
        return "imported \(count(imported, "record")) (\(count(events, "event"))), \(alreadyPresent) already present, "
            + "\(count(malformed.count, "malformed line")) skipped"
    }

    enum CodingKeys: String, CodingKey {
        case imported, events, malformed
        case alreadyPresent = "already_present"
    }
}
