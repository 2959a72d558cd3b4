/// How a ``Ledger`` stores and compresses events.
public struct LedgerOptions: Sendable {
    /// File opening, durability and group-commit bounds.
    public var store = StoreOptions()
    /// The zstd level for frames and dictionaries.
    public var compressionLevel: Int32 = 3
    /// Train the first dictionary automatically once the ledger holds this many events (0: never).
    public var autoTrainAfterEvents: Int64 = 5_000
    /// How many of the newest payloads a dictionary is trained on.
    public var trainingSampleCount = 4_000
    /// The largest dictionary trained, in bytes.
    public var dictionaryCapacity = 32 * 1024

    public init(
        store: StoreOptions = StoreOptions(), compressionLevel: Int32 = 3, autoTrainAfterEvents: Int64 = 5_000,
        trainingSampleCount: Int = 4_000, dictionaryCapacity: Int = 32 * 1024
    ) {
        self.store = store
        self.compressionLevel = compressionLevel
        self.autoTrainAfterEvents = autoTrainAfterEvents
        self.trainingSampleCount = trainingSampleCount
        self.dictionaryCapacity = dictionaryCapacity
    }
}
