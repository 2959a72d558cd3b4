/// How a ledger file is opened and written.
public struct StoreOptions: Sendable {
    /// SQLite's `synchronous` setting.
    public enum Durability: String, Sendable, CaseIterable {
        /// `synchronous=NORMAL` in WAL mode: a committed event survives a killed process;
        /// the last transactions may be lost on power failure. The default.
        case normal
        /// `synchronous=FULL`: every commit is fsynced; survives power failure too.
        case full
    }

    public var durability: Durability = .normal
    /// Create the file when it does not exist.
    public var createIfMissing = true
    /// Open without writing (verify, read-only media). Appends fail with `read_only`.
    public var readOnly = false
    /// At most this many events per transaction.
    public var maxBatchEvents = 1_000
    /// At most this many events wait for the writer; appenders beyond it are suspended (back-pressure).
    public var maxQueuedEvents = 16_384
    /// The write-ahead log is folded back into the file once it holds this many pages (16 KiB
    /// each in a new ledger, so 16 MiB by default).
    public var checkpointPages = 1_000
    /// The most the ledger file may grow to, in bytes (nil: until the disk is full). Past it,
    /// appends fail with `disk_full` exactly as on a full disk, and nothing of the batch is written.
    public var maxSizeBytes: Int64?
    /// A networked store (PostgreSQL) fails an operation as `unavailable` once its database has
    /// not answered for this long.
    public var operationTimeoutSeconds: Int64 = 5

    public init(
        durability: Durability = .normal, createIfMissing: Bool = true, readOnly: Bool = false,
        maxBatchEvents: Int = 1_000, maxQueuedEvents: Int = 16_384, checkpointPages: Int = 1_000,
        maxSizeBytes: Int64? = nil
    ) {
        self.durability = durability
        self.createIfMissing = createIfMissing
        self.readOnly = readOnly
        self.maxBatchEvents = maxBatchEvents
        self.maxQueuedEvents = maxQueuedEvents
        self.checkpointPages = checkpointPages
        self.maxSizeBytes = maxSizeBytes
    }
}
