import CZstd
import Synchronization

/// Compresses each payload as one zstd frame (optionally with a dictionary) and back.
///
/// zstd contexts are not thread-safe, so the codec keeps small pools of them; any number of
/// threads may compress and decompress at once.
public final class PayloadCodec: Sendable {
    /// The zstd compression level used for frames and dictionaries.
    public let level: Int32
    private let compressionContexts = Mutex<[ZstdContext]>([])
    private let decompressionContexts = Mutex<[ZstdContext]>([])
    /// The largest payload a frame may claim to hold; anything larger is treated as corrupt.
    static let maximumPayloadSize = 64 << 20

    public init(level: Int32 = 3) {
        self.level = level
    }

    deinit {
        compressionContexts.withLock { $0.forEach { ZSTD_freeCCtx($0.pointer) } }
        decompressionContexts.withLock { $0.forEach { ZSTD_freeDCtx($0.pointer) } }
    }

    /// One zstd frame holding `payload`, compressed with `dictionary` when given.
    public func compress(_ payload: [UInt8], dictionary: ZstdDictionary?) throws -> [UInt8] {
        let borrowed = borrowCompressionContext()
        defer { compressionContexts.withLock { $0.append(borrowed) } }
        let context = borrowed.pointer
        // A referenced dictionary brings its own level; nil clears the previous call's dictionary.
        ZSTD_CCtx_refCDict(context, dictionary?.compressionDictionary)
        let capacity = ZSTD_compressBound(payload.count)
        var failure = 0
        let frame = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            let written = payload.withUnsafeBytes { input in
                ZSTD_compress2(context, buffer.baseAddress, capacity, input.baseAddress, input.count)
            }
            if ZSTD_isError(written) != 0 {
                failure = written
                count = 0
            } else {
                count = written
            }
        }
        if failure != 0 {
            throw LedgerError(.invalidEvent, "zstd could not compress a payload: \(Self.errorName(failure))")
        }
        return frame
    }

    /// The payload held by `frame`, which was written with `dictionary` (nil for none).
    public func decompress(_ frame: [UInt8], dictionary: ZstdDictionary?) throws -> [UInt8] {
        try withDecompressor { try $0.decompress(frame, dictionary: dictionary) }
    }

    /// Runs `body` with one decompression context, for decompressing many frames in a row
    /// without going back to the shared pool for each.
    public func withDecompressor<T>(_ body: (borrowing Decompressor) throws -> T) rethrows -> T {
        let borrowed = borrowDecompressionContext()
        defer { decompressionContexts.withLock { $0.append(borrowed) } }
        return try body(Decompressor(context: borrowed.pointer))
    }

    /// A decompression context borrowed from the codec's pool (see ``withDecompressor(_:)``).
    public struct Decompressor: ~Copyable {
        fileprivate let context: OpaquePointer

        /// The payload held by `frame`, which was written with `dictionary` (nil for none).
        public func decompress(_ frame: [UInt8], dictionary: ZstdDictionary?) throws -> [UInt8] {
            try frame.withUnsafeBytes { frame in
                let size = ZSTD_getFrameContentSize(frame.baseAddress, frame.count)
                guard size != ZSTD_CONTENTSIZE_ERROR, size != ZSTD_CONTENTSIZE_UNKNOWN,
                      size <= PayloadCodec.maximumPayloadSize
                else {
                    throw LedgerError(.corruptFrame, "the payload frame is not a valid zstd frame")
                }
                let count = Int(size)
                var produced = 0
                let payload = [UInt8](unsafeUninitializedCapacity: count) { out, initialized in
                    produced = if let dictionary {
                        ZSTD_decompress_usingDDict(
                            context, out.baseAddress, count, frame.baseAddress, frame.count,
                            dictionary.decompressionDictionary)
                    } else {
                        ZSTD_decompressDCtx(context, out.baseAddress, count, frame.baseAddress, frame.count)
                    }
                    initialized = ZSTD_isError(produced) != 0 ? 0 : min(produced, count)
                }
                if ZSTD_isError(produced) != 0 {
                    throw LedgerError(.corruptFrame, "the payload frame is damaged: \(PayloadCodec.errorName(produced))")
                }
                guard produced == count else {
                    throw LedgerError(.corruptFrame, "the payload frame holds \(produced) bytes but declares \(count)")
                }
                return payload
            }
        }
    }

    private func borrowCompressionContext() -> ZstdContext {
        if let context = compressionContexts.withLock({ $0.popLast() }) { return context }
        guard let context = ZSTD_createCCtx() else { fatalError("zstd: out of memory creating a context") }
        // Parameters are sticky: set once per context.
        ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, level)
        // The dictionary id is kept in its own column, so frames need not repeat it.
        ZSTD_CCtx_setParameter(context, ZSTD_c_dictIDFlag, 0)
        return ZstdContext(pointer: context)
    }

    private func borrowDecompressionContext() -> ZstdContext {
        if let context = decompressionContexts.withLock({ $0.popLast() }) { return context }
        guard let context = ZSTD_createDCtx() else { fatalError("zstd: out of memory creating a context") }
        return ZstdContext(pointer: context)
    }

    static func errorName(_ code: Int) -> String {
        String(cString: ZSTD_getErrorName(code))
    }
}

/// A zstd context handed between threads through the pool; used by one thread at a time.
private struct ZstdContext: @unchecked Sendable {
    let pointer: OpaquePointer
}
