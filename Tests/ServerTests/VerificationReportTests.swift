import Foundation
import Ledger
import Testing

@testable import Server

/// The JSON form of `routeledger verify --json`.
@Suite struct VerificationReportTests {
    private func json(_ report: VerificationReport) throws -> [String: Any] {
        let data = try JSONEncoder().encode(report)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func intactChainReportsCountAndHead() throws {
        let hash = [UInt8](repeating: 0xAB, count: 32)
        let report = try json(VerificationReport(.intact(count: 12, head: ChainHead(seq: 12, hash: hash))))
        #expect(report["ok"] as? Bool == true)
        #expect(report["count"] as? Int == 12)
        #expect(report["head_seq"] as? Int == 12)
        #expect(report["head_hash"] as? String == String(repeating: "ab", count: 32))
        #expect(report["bad_seq"] == nil)
    }

    @Test func emptyLedgerIsIntactWithTheGenesisHash() throws {
        let report = try json(VerificationReport(.intact(count: 0, head: nil)))
        #expect(report["ok"] as? Bool == true)
        #expect(report["head_seq"] as? Int == 0)
        #expect(report["head_hash"] as? String == String(repeating: "0", count: 64))
    }

    @Test func brokenChainReportsTheSeqAndReason() throws {
        let report = try json(VerificationReport(.broken(seq: 7, reason: "event 7 is missing")))
        #expect(report["ok"] as? Bool == false)
        #expect(report["bad_seq"] as? Int == 7)
        #expect(report["reason"] as? String == "event 7 is missing")
        #expect(report["count"] == nil)
    }
}
