import Analytics
import Foundation
import Ledger

/// The report of `routeledger ledger info`.
struct LedgerInfo: Encodable {
    var overview: LedgerOverview
    var dictionaries: [DictionarySummary]
    var currentDictionary: Int?

    struct DictionarySummary: Encodable {
        var id: Int
        var bytes: Int
        var samples: Int
    }

    /// Folds every event's envelope (payloads stay compressed) and lists the dictionaries.
    static func build(from ledger: Ledger) async throws -> LedgerInfo {
        var overview = LedgerOverview()
        var after: Int64 = 0
        while true {
            let page = try await ledger.store.records(after: after, limit: 8_192)
            guard let last = page.last else { break }
            for record in page { overview.apply(record) }
            after = last.seq
        }
        let dictionaries = try await ledger.store.dictionaries().map {
            DictionarySummary(id: $0.id, bytes: $0.bytes.count, samples: $0.sampleCount)
        }
        return LedgerInfo(overview: overview, dictionaries: dictionaries, currentDictionary: dictionaries.last?.id)
    }

    var text: String {
        var lines = ["\(overview.eventCount) events, head seq \(overview.headSeq), \(overview.routedRequestCount) routed requests"]
        if let first = overview.firstTimestamp, let last = overview.lastTimestamp {
            lines.append("from \(Self.format(first)) to \(Self.format(last))")
        }
        for (type, count) in overview.countsByType.sorted(by: { $0.key < $1.key }) {
            lines.append("  \(type.padding(toLength: 22, withPad: " ", startingAt: 0)) \(count)")
        }
        if dictionaries.isEmpty {
            lines.append("no compression dictionary yet")
        } else {
            for dictionary in dictionaries {
                let current = dictionary.id == currentDictionary ? " (current)" : ""
                lines.append("dictionary \(dictionary.id): \(dictionary.bytes) bytes from \(dictionary.samples) payloads\(current)")
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func format(_ milliseconds: Int64) -> String {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000).ISO8601Format()
    }

    enum CodingKeys: String, CodingKey {
        case overview, dictionaries
        case currentDictionary = "current_dictionary"
    }
}
