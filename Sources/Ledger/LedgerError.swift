/// An error of the ledger, with a message a person understands.
///
/// A struct with a `Code` rather than an enum, so new cases can be added without breaking callers.
public struct LedgerError: Error, CustomStringConvertible, Equatable {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public var description: String { name }

        /// The path does not hold a ledger (and was not to be created).
        public static let ledgerMissing = Code(name: "ledger_missing")
        /// The file exists but is not a routeledger ledger (not SQLite, or another database).
        public static let notALedger = Code(name: "not_a_ledger")
        /// The ledger was written by a newer routeledger with a storage format this build does not know.
        public static let formatTooNew = Code(name: "format_too_new")
        /// A compressed payload frame cannot be decompressed.
        public static let corruptFrame = Code(name: "corrupt_frame")
        /// A payload decompressed but is not the JSON its type expects.
        public static let corruptPayload = Code(name: "corrupt_payload")
        /// A frame names a compression dictionary the ledger does not hold.
        public static let unknownDictionary = Code(name: "unknown_dictionary")
        /// A payload's schema version is newer than this build understands.
        public static let schemaTooNew = Code(name: "schema_too_new")
        /// A stored event type is unknown to this build.
        public static let unknownEventType = Code(name: "unknown_event_type")
        /// The ledger file or its folder cannot be written.
        public static let readOnly = Code(name: "read_only")
        /// The disk (or the ledger's size limit) is full; nothing of the failed batch was written.
        public static let diskFull = Code(name: "disk_full")
        /// Another process holds the write lock for too long.
        public static let busy = Code(name: "busy")
        /// Any other storage failure reported by the database (SQLite, PostgreSQL).
        public static let storage = Code(name: "storage")
        /// An event cannot be appended as given.
        public static let invalidEvent = Code(name: "invalid_event")
        /// Dictionary training failed (too few or too uniform samples).
        public static let training = Code(name: "dictionary_training")
        /// A proof or head was asked of a tree size or seq the ledger does not have.
        public static let outOfRange = Code(name: "out_of_range")
        /// The ledger was closed.
        public static let closed = Code(name: "closed")
        /// Where the ledger is (a path, a database URL) cannot be understood.
        public static let invalidLocation = Code(name: "invalid_location")
        /// The ledger's database cannot be reached (down, restarting, refusing connections);
        /// nothing of the failed append was acknowledged. Trying again later may succeed.
        public static let unavailable = Code(name: "unavailable")
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
