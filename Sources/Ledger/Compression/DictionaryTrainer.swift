import CZstd

/// Trains a zstd dictionary from sample payloads (`ZDICT_trainFromBuffer`).
public enum DictionaryTrainer {
    /// The fewest samples worth training on; zstd needs many small samples to find shared content.
    public static let minimumSamples = 100

    /// A dictionary of at most `capacity` bytes learnt from `samples`.
    public static func train(samples: [[UInt8]], capacity: Int = 32 * 1024) throws -> [UInt8] {
        guard samples.count >= minimumSamples else {
            throw LedgerError(
                .training, "dictionary training needs at least \(minimumSamples) events, the ledger has \(samples.count)")
        }
        var concatenated = [UInt8]()
        concatenated.reserveCapacity(samples.reduce(0) { $0 + $1.count })
        var sizes = [Int]()
        sizes.reserveCapacity(samples.count)
        for sample in samples {
            concatenated.append(contentsOf: sample)
            sizes.append(sample.count)
        }
        var dictionary = [UInt8](repeating: 0, count: capacity)
        let written = dictionary.withUnsafeMutableBytes { out in
            concatenated.withUnsafeBytes { input in
                ZDICT_trainFromBuffer(out.baseAddress, capacity, input.baseAddress, sizes, UInt32(sizes.count))
            }
        }
        if ZDICT_isError(written) != 0 {
            throw LedgerError(
                .training, "zstd could not train a dictionary: \(String(cString: ZDICT_getErrorName(written)))")
        }
        dictionary.removeLast(capacity - written)
        return dictionary
    }
}
