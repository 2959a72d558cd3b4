import CanonicalJSON
import DomainEvents
import Foundation
import Ledger
import Testing
import TrafficFixtures

/// Every event type goes in and comes out unchanged, through each way of reading.
@Suite struct RoundTripTests {
    @Test func fixturesCoverEveryEventTypeAndEveryJSONValueCase() {
        #expect(Set(Fixtures.oneOfEachType.map(\.type)) == Set(EventType.allCases))
        #expect(Fixtures.oneOfEachType.count == EventType.allCases.count)
        var cases: Set<String> = []
        func collect(_ value: JSONValue) {
            switch value {
            case .null: cases.insert("null")
            case .bool: cases.insert("bool")
            case .int: cases.insert("int")
            case .double: cases.insert("double")
            case .string: cases.insert("string")
            case .array(let values): cases.insert("array"); values.forEach(collect)
            case .object(let members): cases.insert("object"); members.values.forEach(collect)
            }
        }
        Fixtures.everyJSONValueCase.values.forEach(collect)
        #expect(cases == ["null", "bool", "int", "double", "string", "array", "object"])
    }

    @Test(arguments: StoreBackend.all) func containsAnswersForEveryStoredRequestAndOnlyForThem(backend: StoreBackend) async throws {
        try await backend.withPlace { place in
            let ledger = try await place.ledger(.testing())
            let written = Fixtures.newEvents()
            _ = try await ledger.append(written)
            for id in Set(written.map(\.requestID)) {
                await #expect(try ledger.contains(requestID: id))
                await #expect(try !ledger.events(requestID: id).isEmpty)
            }
            await #expect(try !ledger.contains(requestID: "never-written"))
            await ledger.close()
        }
    }

    @Test(arguments: StoreBackend.all) func everyEventTypeReadsBackEqualWithoutADictionary(backend: StoreBackend) async throws {
        try await backend.withPlace { place in
            let ledger = try await place.ledger(.testing())
            let written = Fixtures.newEvents()
            let receipts = try await ledger.append(written)
            try await expectReadsBack(written, receipts: receipts, from: ledger, dictionaryID: 0)
            await ledger.close()
        }
    }

    @Test(arguments: StoreBackend.all) func everyEventTypeReadsBackEqualWithAnInstalledDictionary(backend: StoreBackend) async throws {
        let bytes = try await trainedDictionaryBytes(seed: 1)
        try await backend.withPlace { place in
            let ledger = try await place.ledger(.testing())
            let installed = try await ledger.installDictionary(bytes, sampleCount: 150)
            #expect(installed.id > 0)
            #expect(installed.size == bytes.count)
            #expect(ledger.currentDictionary?.id == installed.id)
            let written = Fixtures.newEvents()
            let receipts = try await ledger.append(written)
            try await expectReadsBack(written, receipts: receipts, from: ledger, dictionaryID: installed.id)
            await ledger.close()
        }
    }

    @Test(arguments: StoreBackend.all) func eventsWrittenBeforeAndAfterADictionaryChangeAllReadBack(backend: StoreBackend) async throws {
        let first = try await trainedDictionaryBytes(seed: 2)
        let second = try await trainedDictionaryBytes(seed: 3)
        #expect(first != second)
        try await backend.withPlace { place in
            let ledger = try await place.ledger(.testing())
            let plain = Fixtures.newEvents(startingAt: Fixtures.baseTimestamp)
            _ = try await ledger.append(plain)
            let dictionaryA = try await ledger.installDictionary(first, sampleCount: 150)
            let withA = Fixtures.newEvents(startingAt: Fixtures.baseTimestamp + 100)
            _ = try await ledger.append(withA)
            let dictionaryB = try await ledger.installDictionary(second, sampleCount: 150)
            let withB = Fixtures.newEvents(startingAt: Fixtures.baseTimestamp + 200)
            _ = try await ledger.append(withB)

            #expect(dictionaryA.id != dictionaryB.id)
            #expect(dictionaryB.id > dictionaryA.id)
            let stored = try await ledger.allEvents()
            let written = plain + withA + withB
            try #require(stored.count == written.count)
            let n = Fixtures.all.count
            #expect(stored.map(\.dictionaryID) == Array(repeating: 0, count: n)
                + Array(repeating: dictionaryA.id, count: n) + Array(repeating: dictionaryB.id, count: n))
            for (event, original) in zip(stored, written) {
                #expect(try event.decoded() == original.event)
                #expect(event.timestamp == original.timestamp)
            }
            await #expect(try ledger.verify() == .intact(count: Int64(written.count), head: try ledger.head()))
            await ledger.close()
        }
    }

    @Test(arguments: StoreBackend.all) func aSecondLedgerOnTheFileReadsEventsOfADictionaryInstalledAfterItOpened(backend: StoreBackend) async throws {
        let bytes = try await trainedDictionaryBytes(seed: 4)
        try await backend.withPlace { place in
            let writer = try await place.ledger(.testing())
            let reader = try await place.ledger(.testing(readOnly: true))
            #expect(reader.currentDictionary == nil)
            let installed = try await writer.installDictionary(bytes, sampleCount: 150)
            let written = Fixtures.newEvents()
            _ = try await writer.append(written)

            let stored = try await reader.allEvents()
            #expect(stored.map(\.dictionaryID) == Array(repeating: installed.id, count: written.count))
            #expect(try stored.map { try $0.decoded() } == written.map(\.event))
            await writer.close()
            await reader.close()
        }
    }

    @Test(arguments: StoreBackend.all) func eventsOfOneRequestReadBackInOrderAndNoOthers(backend: StoreBackend) async throws {
        try await backend.withPlace { place in
            let ledger = try await place.ledger(.testing())
            var generator = SyntheticTraffic(seed: 5, startMilliseconds: Fixtures.baseTimestamp)
            let requests = (0..<6).map { _ in generator.nextMixedRequest() }
            // Interleave the requests' events, as concurrent traffic would.
            var interleaved: [NewEvent] = []
            for position in 0..<(requests.map(\.count).max() ?? 0) {
                for request in requests where position < request.count { interleaved.append(request[position]) }
            }
            _ = try await ledger.append(interleaved)
            for request in requests {
                let stored = try await ledger.events(requestID: request[0].requestID)
                #expect(stored.map(\.eventID) == request.map(\.eventID))
                #expect(try stored.map { try $0.decoded() } == request.map(\.event))
                #expect(stored.map(\.seq) == stored.map(\.seq).sorted())
            }
            await #expect(try ledger.events(requestID: "no-such-request").isEmpty)
            await ledger.close()
        }
    }

    @Test(arguments: StoreBackend.all) func pagesAfterAndBeforeASeqHoldExactlyTheRequestedWindow(backend: StoreBackend) async throws {
        try await backend.withPlace { place in
            let ledger = try await place.ledger(.testing())
            var generator = SyntheticTraffic(seed: 6, startMilliseconds: Fixtures.baseTimestamp)
            _ = try await ledger.append(generator.nextMixedEvents(30))
            await #expect(try ledger.events(after: 0, limit: 5).map(\.seq) == [1, 2, 3, 4, 5])
            await #expect(try ledger.events(after: 27, limit: 5).map(\.seq) == [28, 29, 30])
            await #expect(try ledger.events(after: 30, limit: 5).isEmpty)
            await #expect(try ledger.events(before: 4, limit: 10).map(\.seq) == [3, 2, 1])
            await #expect(try ledger.events(limit: 2).map(\.seq) == [30, 29])
            await #expect(try ledger.events(before: 1, limit: 10).isEmpty)
            await ledger.close()
        }
    }

    /// Reads `written` back every way and checks each field, the payload bytes and the typed payload.
    private func expectReadsBack(
        _ written: [NewEvent], receipts: [EventReceipt], from ledger: Ledger, dictionaryID: Int,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        #expect(receipts.map(\.seq) == Array(1...Int64(written.count)), sourceLocation: sourceLocation)
        #expect(receipts.map(\.eventID) == written.map(\.eventID), sourceLocation: sourceLocation)

        let ascending = try await ledger.events(after: 0, limit: 100)
        try #require(ascending.count == written.count, sourceLocation: sourceLocation)
        for ((stored, original), receipt) in zip(zip(ascending, written), receipts) {
            #expect(stored.seq == receipt.seq, sourceLocation: sourceLocation)
            #expect(stored.hash == receipt.hash, sourceLocation: sourceLocation)
            #expect(stored.eventID == original.eventID, sourceLocation: sourceLocation)
            #expect(stored.requestID == original.requestID, sourceLocation: sourceLocation)
            #expect(stored.type == original.body.type, sourceLocation: sourceLocation)
            #expect(stored.schema == original.body.schema, sourceLocation: sourceLocation)
            #expect(stored.timestamp == original.timestamp, sourceLocation: sourceLocation)
            #expect(stored.dictionaryID == dictionaryID, sourceLocation: sourceLocation)
            #expect(stored.payload == (try original.body.canonicalPayload()), sourceLocation: sourceLocation)
            #expect(try stored.decoded() == original.event, sourceLocation: sourceLocation)
        }

        let descending = try await ledger.events(before: .max, limit: 100)
        #expect(descending == ascending.reversed(), sourceLocation: sourceLocation)

        for requestID in Set(written.map(\.requestID)) {
            let expected = ascending.filter { $0.requestID == requestID }
            await #expect(try ledger.events(requestID: requestID) == expected, sourceLocation: sourceLocation)
        }
    }
}
