import DomainEvents
import Foundation
import Ledger
import TrafficFixtures

/// `routeledger-bench ledger`: append throughput with group commit, bytes per event on disk
/// (without and with a trained dictionary, against the same events as JSON lines), and full
/// scan + decompress + decode throughput.
struct LedgerBenchmark {
    var events: Int
    var producers: Int
    /// Events per `append` call: 2 is one request's routing decision and completion.
    var eventsPerAppend: Int
    var durability: StoreOptions.Durability
    var directory: URL

    struct Result: Encodable {
        var events: Int
        var producers: Int
        var eventsPerAppend: Int
        var durability: String
        var appendPlainEventsPerSecond: Double
        var appendDictionaryEventsPerSecond: Double
        var appendStorePathEventsPerSecond: Double
        var jsonLinesBytesPerEvent: Double
        var plainBytesPerEvent: Double
        var dictionaryBytesPerEvent: Double
        var plainRatio: Double
        var dictionaryRatio: Double
        var dictionaryBytes: Int
        var trainSeconds: Double
        var scanEventsPerSecond: Double
        var verifyEventsPerSecond: Double

        enum CodingKeys: String, CodingKey {
            case events, producers, durability
            case eventsPerAppend = "events_per_append"
            case appendPlainEventsPerSecond = "append_plain_events_per_s"
            case appendDictionaryEventsPerSecond = "append_dictionary_events_per_s"
            case appendStorePathEventsPerSecond = "append_store_path_events_per_s"
            case jsonLinesBytesPerEvent = "json_lines_bytes_per_event"
            case plainBytesPerEvent = "plain_bytes_per_event"
            case dictionaryBytesPerEvent = "dictionary_bytes_per_event"
            case plainRatio = "plain_vs_json_lines"
            case dictionaryRatio = "dictionary_vs_json_lines"
            case dictionaryBytes = "dictionary_bytes"
            case trainSeconds = "train_s"
            case scanEventsPerSecond = "scan_decompress_decode_events_per_s"
            case verifyEventsPerSecond = "verify_events_per_s"
        }
    }

    func run(log: (String) -> Void) async throws -> Result {
        var traffic = SyntheticTraffic()
        var requests: [[NewEvent]] = []
        requests.reserveCapacity(events / 2)
        while requests.count * 2 < events { requests.append(traffic.nextRequest()) }
        let total = requests.count * 2
        log("generated \(total) events (\(requests.count) requests)")

        // 1. Plain frames (no dictionary).
        let plainPath = directory.appendingPathComponent("plain.sqlite").path
        let plain = try Ledger(path: plainPath, options: options())
        let plainRate = try await appendAll(requests, to: plain)
        log(String(format: "append, no dictionary: %.0f events/s", plainRate))
        let trainStart = ContinuousClock.now
        let trained = try await plain.trainDictionary()
        let trainSeconds = (ContinuousClock.now - trainStart).seconds
        let dictionary = try plain.currentDictionary.map(\.bytes) ?? []
        await plain.close()
        log("trained a \(trained.size)-byte dictionary in \(String(format: "%.2f", trainSeconds)) s")

        // 2. Dictionary frames: a fresh ledger that has the dictionary from its first event.
        let dictionaryPath = directory.appendingPathComponent("dictionary.sqlite").path
        let withDictionary = try Ledger(path: dictionaryPath, options: options())
        try await withDictionary.installDictionary(dictionary, sampleCount: trained.sampleCount)
        let dictionaryRate = try await appendAll(requests, to: withDictionary)
        log(String(format: "append, with dictionary: %.0f events/s", dictionaryRate))
        await withDictionary.close()

        // 2b. The store path alone: the same events already encoded and compressed (as callers on
        // other cores would have done), so only hashing, inserting and group commit are timed.
        let storePath = directory.appendingPathComponent("store-path.sqlite").path
        let storeLedger = try Ledger(path: storePath, options: options())
        try await storeLedger.installDictionary(dictionary, sampleCount: trained.sampleCount)
        let storeRate = try await appendPrepared(requests, to: storeLedger)
        log(String(format: "append, store path only: %.0f events/s", storeRate))
        await storeLedger.close()
        try FileManager.default.removeItem(atPath: storePath)

        // 3. Scan + decompress + decode, and verify, on the dictionary ledger.
        let reader = try Ledger(path: dictionaryPath, options: options())
        let scanRate = try await scanAll(reader, expected: total)
        log(String(format: "scan + decompress + decode: %.0f events/s", scanRate))
        let verifyStart = ContinuousClock.now
        let verification = try await reader.verify()
        let verifyRate = Double(total) / (ContinuousClock.now - verifyStart).seconds
        guard case .intact(let count, _) = verification, count == total else {
            throw LedgerError(.storage, "benchmark ledger did not verify: \(verification.summary)")
        }

        // 4. The same events as JSON lines.
        let jsonLinesPath = directory.appendingPathComponent("events.jsonl").path
        try await writeJSONLines(reader, to: jsonLinesPath)
        await reader.close()

        let jsonBytes = Double(try fileSize(jsonLinesPath)) / Double(total)
        let plainBytes = Double(try fileSize(plainPath)) / Double(total)
        let dictionaryBytes = Double(try fileSize(dictionaryPath)) / Double(total)
        return Result(
            events: total, producers: producers, eventsPerAppend: eventsPerAppend, durability: durability.rawValue,
            appendPlainEventsPerSecond: plainRate.rounded(), appendDictionaryEventsPerSecond: dictionaryRate.rounded(),
            appendStorePathEventsPerSecond: storeRate.rounded(),
            jsonLinesBytesPerEvent: jsonBytes.rounded(to: 1), plainBytesPerEvent: plainBytes.rounded(to: 1),
            dictionaryBytesPerEvent: dictionaryBytes.rounded(to: 1),
            plainRatio: (jsonBytes / plainBytes).rounded(to: 2), dictionaryRatio: (jsonBytes / dictionaryBytes).rounded(to: 2),
            dictionaryBytes: trained.size, trainSeconds: trainSeconds.rounded(to: 3),
            scanEventsPerSecond: scanRate.rounded(), verifyEventsPerSecond: verifyRate.rounded())
    }

    private func options() -> LedgerOptions {
        LedgerOptions(store: StoreOptions(durability: durability), autoTrainAfterEvents: 0)
    }

    /// Appends every event from `producers` concurrent tasks, `eventsPerAppend` per call; returns events/s.
    private func appendAll(_ requests: [[NewEvent]], to ledger: Ledger) async throws -> Double {
        try await timeAppends(chunked(requests.flatMap { $0 })) { _ = try await ledger.append($0) }
    }

    /// Like ``appendAll(_:to:)`` with the events prepared (encoded, compressed) before timing starts.
    private func appendPrepared(_ requests: [[NewEvent]], to ledger: Ledger) async throws -> Double {
        let store = ledger.store
        let appends = try chunked(requests.flatMap { $0 }).map { try $0.map(ledger.prepare) }
        return try await timeAppends(appends) { _ = try await store.append($0) }
    }

    /// Runs `append` on every chunk from `producers` concurrent tasks; returns events/s.
    private func timeAppends<Event: Sendable>(
        _ appends: [[Event]], _ append: @escaping @Sendable ([Event]) async throws -> Void
    ) async throws -> Double {
        let producers = self.producers
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for producer in 0..<producers {
                group.addTask {
                    for index in stride(from: producer, to: appends.count, by: producers) {
                        try await append(appends[index])
                    }
                }
            }
            try await group.waitForAll()
        }
        return Double(appends.reduce(0) { $0 + $1.count }) / (ContinuousClock.now - start).seconds
    }

    private func chunked<Element>(_ events: [Element]) -> [[Element]] {
        stride(from: 0, to: events.count, by: eventsPerAppend).map {
            Array(events[$0..<min($0 + eventsPerAppend, events.count)])
        }
    }

    /// Reads every event in seq order, decompressing and decoding each (on all cores); returns events/s.
    private func scanAll(_ ledger: Ledger, expected: Int) async throws -> Double {
        let start = ContinuousClock.now
        var decoded = 0
        var previous: Int64 = 0
        try await ledger.scan { page in
            for scanned in page {
                guard scanned.stored.seq == previous + 1 else {
                    throw LedgerError(.storage, "scan delivered seq \(scanned.stored.seq) after \(previous)")
                }
                previous = scanned.stored.seq
            }
            decoded += page.count
        }
        guard decoded == expected else {
            throw LedgerError(.storage, "scan read \(decoded) events, expected \(expected)")
        }
        return Double(decoded) / (ContinuousClock.now - start).seconds
    }

    /// Writes the events as JSON lines: the envelope fields, the hash and the payload.
    private func writeJSONLines(_ ledger: Ledger, to path: String) async throws {
        FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var after: Int64 = 0
        while true {
            let page = try await ledger.events(after: after, limit: 4_096)
            guard let last = page.last else { break }
            var chunk = [UInt8]()
            for event in page {
                let envelope = "{\"seq\":\(event.seq),\"event_id\":\"\(event.eventID.uuidString.lowercased())\","
                    + "\"request_id\":\"\(event.requestID)\",\"type\":\"\(event.type.rawValue)\",\"schema\":\(event.schema),"
                    + "\"ts\":\(event.timestamp),\"hash\":\"\(event.hashHex)\",\"payload\":"
                chunk.append(contentsOf: envelope.utf8)
                chunk.append(contentsOf: event.payload)
                chunk.append(contentsOf: "}\n".utf8)
            }
            handle.write(Data(chunk))
            after = last.seq
        }
    }

    private func fileSize(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.size] as? NSNumber)?.intValue ?? 0
    }
}
