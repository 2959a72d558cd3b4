import CZstd

/// A trained zstd dictionary with its prebuilt compression and decompression forms.
///
/// `ZSTD_CDict`/`ZSTD_DDict` are built once (building one per call was measured ~5× slower)
/// and are read-only afterwards, so zstd allows sharing them across threads.
public final class ZstdDictionary: @unchecked Sendable {
    /// The dictionary's id in the ledger (the `dict_id` stored beside each frame); never 0.
    public let id: Int
    /// The raw dictionary bytes, as stored.
    public let bytes: [UInt8]
    let compressionDictionary: OpaquePointer
    let decompressionDictionary: OpaquePointer

    init(id: Int, bytes: [UInt8], level: Int32) throws {
        guard let cdict = bytes.withUnsafeBytes({ ZSTD_createCDict($0.baseAddress, $0.count, level) }) else {
            throw LedgerError(.unknownDictionary, "compression dictionary \(id) is damaged and cannot be loaded")
        }
        guard let ddict = bytes.withUnsafeBytes({ ZSTD_createDDict($0.baseAddress, $0.count) }) else {
            ZSTD_freeCDict(cdict)
            throw LedgerError(.unknownDictionary, "compression dictionary \(id) is damaged and cannot be loaded")
        }
        self.id = id
        self.bytes = bytes
        self.compressionDictionary = cdict
        self.decompressionDictionary = ddict
    }

    /// Refuses bytes that are not a loadable trained zstd dictionary (zstd would otherwise take
    /// any bytes as raw content).
    static func validate(_ bytes: [UInt8], level: Int32) throws {
        let dictionaryID = bytes.withUnsafeBytes { ZDICT_getDictID($0.baseAddress, $0.count) }
        guard dictionaryID != 0 else {
            throw LedgerError(.training, "the dictionary is not a trained zstd dictionary (no dictionary header)")
        }
        do {
            _ = try ZstdDictionary(id: 0, bytes: bytes, level: level)
        } catch {
            throw LedgerError(.training, "the dictionary is damaged and cannot be loaded by zstd")
        }
    }

    deinit {
        ZSTD_freeCDict(compressionDictionary)
        ZSTD_freeDDict(decompressionDictionary)
    }
}
