import Foundation

/// Where events are kept. The SQLite store is the embedded default; the PostgreSQL store
/// (`PostgresLedger`) lets several gateway replicas share one ledger.
///
/// A store assigns `seq` and computes each hash with ``HashChain`` inside the transaction that
/// writes the event, so every backend keeps the same chain.
///
/// Every read is `async`: a store does its blocking or networked work off Swift's cooperative
/// threads (the SQLite store on NIO's blocking-I/O thread pool), so a caller — an actor, an HTTP
/// handler — never holds a cooperative thread while the disk or the network answers.
public protocol EventStore: Sendable {
    /// Appends the events atomically after the current head and returns once they are committed
    /// (acknowledged). Concurrent calls may share one transaction (group commit).
    func append(_ events: [PreparedEvent]) async throws -> [EventReceipt]
    /// Events with `seq > after`, ascending, at most `limit`.
    func records(after seq: Int64, limit: Int) async throws -> [EventRecord]
    /// Events with `seq < before`, descending, at most `limit`.
    func records(before seq: Int64, limit: Int) async throws -> [EventRecord]
    /// Every event of one request, ascending.
    func records(requestID: String) async throws -> [EventRecord]
    /// The seq of the request's last stored event (an index lookup, no event read); nil when the
    /// store holds none of its events.
    func lastSeq(ofRequest requestID: String) async throws -> Int64?
    /// The last event's seq and hash; nil for an empty ledger.
    func head() async throws -> ChainHead?
    /// Runs `body` with the store's Merkle tree rows and event hashes, read from one snapshot.
    /// The store keeps the tree's nodes (``MerkleFrontier``) in the transaction that appends.
    func withMerkleNodes<T: Sendable>(
        _ body: @escaping @Sendable (any MerkleNodeSource) async throws -> T
    ) async throws -> T
    /// The compression dictionaries stored when the store was opened, oldest first (read while
    /// opening, so a ledger compresses with its newest one from its first append).
    var dictionariesAtOpen: [StoredDictionary] { get }
    /// Every stored compression dictionary, oldest first.
    func dictionaries() async throws -> [StoredDictionary]
    /// Stores a new dictionary and returns its id (ids grow; the newest is used for new events).
    func addDictionary(_ bytes: [UInt8], sampleCount: Int) async throws -> Int
    /// Replaces payload frames with equivalent ones (same uncompressed bytes, so same hash).
    /// A replacement whose row no longer has `previousDictionaryID` is skipped; returns how many changed.
    func replaceFrames(_ replacements: [FrameReplacement]) async throws -> Int
    /// Stops accepting appends, commits what was already accepted, and releases the storage.
    func close() async
}

/// An event ready for storage: encoded and compressed; `seq` and `hash` are assigned at commit.
public struct PreparedEvent: Sendable {
    public var eventID: UUID
    public var requestID: String
    public var type: EventType
    public var schema: Int
    public var timestamp: Int64
    /// The canonical JSON payload (hashed).
    public var payload: [UInt8]
    /// The payload as one zstd frame (stored).
    public var frame: [UInt8]
    public var dictionaryID: Int

    public init(
        eventID: UUID, requestID: String, type: EventType, schema: Int, timestamp: Int64, payload: [UInt8],
        frame: [UInt8], dictionaryID: Int
    ) {
        self.eventID = eventID
        self.requestID = requestID
        self.type = type
        self.schema = schema
        self.timestamp = timestamp
        self.payload = payload
        self.frame = frame
        self.dictionaryID = dictionaryID
    }
}

/// The acknowledgement of one appended event.
public struct EventReceipt: Sendable, Equatable {
    public var seq: Int64
    public var eventID: UUID
    public var hash: [UInt8]

    public init(seq: Int64, eventID: UUID, hash: [UInt8]) {
        self.seq = seq
        self.eventID = eventID
        self.hash = hash
    }
}

/// The newest event's position in the chain.
public struct ChainHead: Sendable, Equatable {
    public var seq: Int64
    public var hash: [UInt8]

    public init(seq: Int64, hash: [UInt8]) {
        self.seq = seq
        self.hash = hash
    }
}

/// An event row as stored, its payload still compressed.
public struct EventRecord: Sendable {
    public var seq: Int64
    public var eventID: UUID
    public var requestID: String
    /// The type name as stored (kept as text so a newer type can still be verified).
    public var type: String
    public var schema: Int
    public var timestamp: Int64
    public var dictionaryID: Int
    public var frame: [UInt8]
    public var hash: [UInt8]

    public init(
        seq: Int64, eventID: UUID, requestID: String, type: String, schema: Int, timestamp: Int64,
        dictionaryID: Int, frame: [UInt8], hash: [UInt8]
    ) {
        self.seq = seq
        self.eventID = eventID
        self.requestID = requestID
        self.type = type
        self.schema = schema
        self.timestamp = timestamp
        self.dictionaryID = dictionaryID
        self.frame = frame
        self.hash = hash
    }
}

/// A compression dictionary as stored.
public struct StoredDictionary: Sendable {
    public var id: Int
    public var createdAt: Int64
    public var sampleCount: Int
    public var bytes: [UInt8]

    public init(id: Int, createdAt: Int64, sampleCount: Int, bytes: [UInt8]) {
        self.id = id
        self.createdAt = createdAt
        self.sampleCount = sampleCount
        self.bytes = bytes
    }
}

/// A new frame for an existing event.
public struct FrameReplacement: Sendable {
    public var seq: Int64
    public var previousDictionaryID: Int
    public var dictionaryID: Int
    public var frame: [UInt8]

    public init(seq: Int64, previousDictionaryID: Int, dictionaryID: Int, frame: [UInt8]) {
        self.seq = seq
        self.previousDictionaryID = previousDictionaryID
        self.dictionaryID = dictionaryID
        self.frame = frame
    }
}
