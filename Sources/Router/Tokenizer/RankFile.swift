import CZstd
import Crypto
import Foundation

/// Reads a bundled `.tiktoken.zst` rank file: decompresses it with libzstd and checks its SHA-256.
enum RankFile {
    /// The uncompressed rank file of `name` (lines of `base64(token) rank`).
    static func contents(of name: EncodingName) throws -> [UInt8] {
        guard
            let url = Bundle.module.url(
                forResource: "\(name.rawValue).tiktoken", withExtension: "zst", subdirectory: "Resources")
        else {
            throw TokenizerError(message: "the rank file \(name.rawValue).tiktoken.zst is not in the Router bundle")
        }
        let contents = try decompress(Data(contentsOf: url))
        let digest = SHA256.hash(data: contents).map { String(format: "%02x", $0) }.joined()
        guard digest == name.rankFileSHA256 else {
            throw TokenizerError(message: "\(name.rawValue): rank file SHA-256 \(digest) is not tiktoken's \(name.rankFileSHA256)")
        }
        return contents
    }

    /// One zstd frame that records its content size, decompressed.
    static func decompress(_ frame: Data) throws -> [UInt8] {
        try frame.withUnsafeBytes { source in
            let size = ZSTD_getFrameContentSize(source.baseAddress, source.count)
            // ZSTD_CONTENTSIZE_UNKNOWN and ZSTD_CONTENTSIZE_ERROR are the two largest UInt64 values.
            guard size < UInt64.max - 1 else {
                throw TokenizerError(message: "the rank file is not a zstd frame with a content size")
            }
            var output = [UInt8](repeating: 0, count: Int(size))
            let written = output.withUnsafeMutableBytes {
                ZSTD_decompress($0.baseAddress, $0.count, source.baseAddress, source.count)
            }
            guard ZSTD_isError(written) == 0, written == Int(size) else {
                throw TokenizerError(message: "the rank file does not decompress: \(String(cString: ZSTD_getErrorName(written)))")
            }
            return output
        }
    }
}

/// A rank file that cannot be loaded (missing from the bundle, corrupt, or not tiktoken's).
public struct TokenizerError: Error, CustomStringConvertible {
    /// What went wrong.
    public var message: String
    public var description: String { message }
}
