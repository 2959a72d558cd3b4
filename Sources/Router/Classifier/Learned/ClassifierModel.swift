import Crypto
import Foundation

/// The learned classifier's weights: for every known feature, one weight per output, and a bias
/// per output. Outputs are the eleven task types (a softmax over them) and two tier heads:
/// the log-odds that a prompt needs at least a medium model and that it needs a complex one.
///
/// Features are hashed into 2^``hashBits`` buckets by the top bits of their 64-bit keys (the
/// hashing trick, ``WeightTable``); each bucket's weights are one 32-byte row of Float16 values,
/// so a prompt's score costs one load per feature.
public struct ClassifierModel: Sendable {
    /// The outputs, in order: ``TaskType/allCases``, then the two tier heads.
    public static let outputCount = TaskType.allCases.count + 2
    /// The index of the "at least medium" head.
    public static let mediumOrMoreOutput = TaskType.allCases.count
    /// The index of the "complex" head.
    public static let complexOutput = TaskType.allCases.count + 1
    /// The number of bits of a feature key that name its bucket: 2^17 buckets of 32 bytes (4 MB).
    public static let hashBits = 17

    /// `learned-2.` and the first 8 hex digits of the serialized model's SHA-256: changes with
    /// every retraining.
    public let version: String
    let bias: SIMD16<Float>
    private let table: WeightTable
    /// The number of buckets with weights.
    public var featureCount: Int { table.usedBuckets }

    /// The bucket a feature key falls in.
    public static func bucket(of key: UInt64) -> UInt32 {
        UInt32(truncatingIfNeeded: key >> UInt64(64 - hashBits))
    }

    /// A model from its bias and its buckets' weights (``outputCount`` each), as training ends.
    public init(bias: [Float], weights: [UInt32: [Float]]) {
        self.init(quantizing: bias, weights, version: "")
        let serialized = serialized()
        self = try! ClassifierModel(serialized: serialized)
    }

    /// The model stored as `bytes` (``serialized()``); throws for anything else.
    public init(serialized bytes: [UInt8]) throws(ClassifierModelError) {
        var reader = ByteReader(bytes)
        guard reader.bytes(4) == Array("RLPC".utf8) else { throw ClassifierModelError("not a classifier model") }
        guard let format = reader.uint32(), format == 2,
            let outputs = reader.uint32(), Int(outputs) == Self.outputCount,
            let bits = reader.uint32(), Int(bits) == Self.hashBits,
            let count = reader.uint32()
        else { throw ClassifierModelError("unsupported classifier model format, outputs or hash bits") }
        var bias = [Float]()
        for _ in 0..<outputs {
            guard let value = reader.uint32() else { throw ClassifierModelError("classifier model truncated") }
            bias.append(Float(bitPattern: value))
        }
        // Straight into the table, row by row: a dictionary of rows first added its own copy of
        // the weights to the memory a serving process peaked at while loading. Each row is read
        // with whole-value loads from the buffer, so loading stays quick in debug builds too.
        let table = WeightTable(bits: Self.hashBits)
        let rowBytes = 4 + 2 * Int(outputs)
        guard let rows = reader.bytes(Int(count) * rowBytes) else {
            throw ClassifierModelError("classifier model truncated")
        }
        let outOfRange: Bool = rows.withUnsafeBytes { raw in
            for start in stride(from: 0, to: raw.count, by: rowBytes) {
                let bucket = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: start, as: UInt32.self))
                guard Int(bucket) < 1 << Self.hashBits else { return true }
                var row = SIMD16<UInt16>()
                for index in 0..<Int(outputs) {
                    row[index] = UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: start + 4 + 2 * index, as: UInt16.self))
                }
                table.store(row, in: bucket)
            }
            return false
        }
        guard !outOfRange else { throw ClassifierModelError("classifier model has a bucket out of range") }
        guard reader.isAtEnd else { throw ClassifierModelError("classifier model has trailing bytes") }
        let digest = SHA256.hash(data: bytes).prefix(4).map { String(format: "%02x", $0) }.joined()
        self.version = "learned-2." + digest
        self.bias = Self.vector(bias)
        self.table = table
    }

    /// `values` (``outputCount`` of them at most) in the lanes of a vector.
    private static func vector(_ values: [Float]) -> SIMD16<Float> {
        var vector = SIMD16<Float>()
        for (index, value) in values.prefix(outputCount).enumerated() { vector[index] = value }
        return vector
    }

    /// A model of `weights` as the serialized form will hold them (each weight rounded to Float16).
    private init(quantizing bias: [Float], _ weights: [UInt32: [Float]], version: String) {
        self.version = version
        self.bias = Self.vector(bias)
        let table = WeightTable(bits: Self.hashBits)
        for (bucket, row) in weights where Int(bucket) < 1 << Self.hashBits {
            var halves = SIMD16<UInt16>()
            for (index, value) in row.prefix(Self.outputCount).enumerated() { halves[index] = Float16(value).bitPattern }
            table.store(halves, in: bucket)
        }
        self.table = table
    }

    /// The weights of `key`'s bucket, even and odd outputs apart (``WeightTable/row(_:)``).
    @inline(__always)
    func row(_ key: UInt64) -> (even: SIMD8<Float>, odd: SIMD8<Float>) {
        table.row(key)
    }

    /// The model as bytes: `RLPC`, format 2, output count, hash bits, count of stored buckets
    /// (UInt32 each, little endian), the biases (Float32), then each bucket with weights, in
    /// ascending order: its index (UInt32) and its weights (Float16).
    public func serialized() -> [UInt8] {
        var bytes = Array("RLPC".utf8)
        func append<T: FixedWidthInteger>(_ value: T) {
            withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        }
        append(UInt32(2))
        append(UInt32(Self.outputCount))
        append(UInt32(Self.hashBits))
        append(UInt32(table.usedBuckets))
        for index in 0..<Self.outputCount { append(bias[index].bitPattern) }
        for (key, row) in table.features.sorted(by: { $0.0 < $1.0 }) {
            append(key)
            for index in 0..<Self.outputCount { append(row[index]) }
        }
        return bytes
    }

    /// Sums the weights of the features it is given, starting from the biases.
    struct Accumulator: FeatureSink {
        let model: ClassifierModel
        private var even = SIMD8<Float>()
        private var odd = SIMD8<Float>()

        init(_ model: ClassifierModel) {
            self.model = model
        }

        @inline(__always)
        mutating func add(_ key: UInt64, _ value: Float) {
            let row = model.row(key)
            even += value * row.even
            odd += value * row.odd
        }

        /// The biases plus every weighted row, in output order.
        var outputs: SIMD16<Float> {
            var outputs = model.bias
            for index in 0..<8 {
                outputs[2 * index] += even[index]
                outputs[2 * index + 1] += odd[index]
            }
            return outputs
        }
    }
}

/// A classifier model that cannot be read.
public struct ClassifierModelError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// Little-endian fixed-width values read from the front of a byte array.
private struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { offset == bytes.count }

    mutating func bytes(_ count: Int) -> [UInt8]? {
        guard offset + count <= bytes.count else { return nil }
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }

    mutating func uint16() -> UInt16? { integer() }
    mutating func uint32() -> UInt32? { integer() }
    mutating func uint64() -> UInt64? { integer() }

    private mutating func integer<T: FixedWidthInteger>() -> T? {
        let size = MemoryLayout<T>.size
        guard offset + size <= bytes.count else { return nil }
        var value: T = 0
        for index in 0..<size { value |= T(bytes[offset + index]) << (8 * index) }
        offset += size
        return value
    }
}
