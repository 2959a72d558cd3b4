import Crypto
import Foundation

/// The learned classifier's weights: for every known feature, one weight per output, and a bias
/// per output. Outputs are the eleven task types (a softmax over them) and two tier heads:
/// the log-odds that a prompt needs at least a medium model and that it needs a complex one.
///
/// Features are looked up in an open-addressing table of their 64-bit keys; each feature's
/// weights are one 64-byte row, so a prompt's score costs one table probe and one cache line
/// per word.
public struct ClassifierModel: Sendable {
    /// The outputs, in order: ``TaskType/allCases``, then the two tier heads.
    public static let outputCount = TaskType.allCases.count + 2
    /// The index of the "at least medium" head.
    public static let mediumOrMoreOutput = TaskType.allCases.count
    /// The index of the "complex" head.
    public static let complexOutput = TaskType.allCases.count + 1

    /// `learned-2.` and the first 8 hex digits of the serialized model's SHA-256: changes with
    /// every retraining.
    public let version: String
    let bias: SIMD16<Float>
    private let table: WeightTable
    /// The number of features with weights.
    public var featureCount: Int { table.featureCount }

    /// A model from its bias and its features' weights (``outputCount`` each), as training ends.
    public init(bias: [Float], weights: [UInt64: [Float]]) {
        self.init(quantizing: bias, weights, version: "")
        let serialized = serialized()
        self = try! ClassifierModel(serialized: serialized)
    }

    /// The model stored as `bytes` (``serialized()``); throws for anything else.
    public init(serialized bytes: [UInt8]) throws(ClassifierModelError) {
        var reader = ByteReader(bytes)
        guard reader.bytes(4) == Array("RLPC".utf8) else { throw ClassifierModelError("not a classifier model") }
        guard let format = reader.uint32(), format == 1,
            let outputs = reader.uint32(), Int(outputs) == Self.outputCount,
            let count = reader.uint32()
        else { throw ClassifierModelError("unsupported classifier model format or outputs") }
        var bias = [Float]()
        for _ in 0..<outputs {
            guard let value = reader.uint32() else { throw ClassifierModelError("classifier model truncated") }
            bias.append(Float(bitPattern: value))
        }
        var weights: [UInt64: [Float]] = [:]
        weights.reserveCapacity(Int(count))
        for _ in 0..<count {
            guard let key = reader.uint64() else { throw ClassifierModelError("classifier model truncated") }
            var row = [Float]()
            for _ in 0..<outputs {
                guard let half = reader.uint16() else { throw ClassifierModelError("classifier model truncated") }
                row.append(Float(Float16(bitPattern: half)))
            }
            weights[key] = row
        }
        guard reader.isAtEnd else { throw ClassifierModelError("classifier model has trailing bytes") }
        let digest = SHA256.hash(data: bytes).prefix(4).map { String(format: "%02x", $0) }.joined()
        self.init(quantizing: bias, weights, version: "learned-2." + digest)
    }

    private init(quantizing bias: [Float], _ weights: [UInt64: [Float]], version: String) {
        self.version = version
        var biasVector = SIMD16<Float>()
        for (index, value) in bias.prefix(Self.outputCount).enumerated() { biasVector[index] = value }
        self.bias = biasVector
        table = WeightTable(weights.mapValues { row in
            var vector = SIMD16<Float>()
            for (index, value) in row.prefix(Self.outputCount).enumerated() { vector[index] = Float(Float16(value)) }
            return vector
        })
    }

    /// The weights of `key`, or nil for a feature the model does not know.
    @inline(__always)
    func row(_ key: UInt64) -> SIMD16<Float>? {
        table.row(key)
    }

    /// The model as bytes: `RLPC`, format 1, output count, feature count (UInt32 each, little
    /// endian), the biases (Float32), then each feature by ascending key: its key (UInt64) and
    /// its weights (Float16).
    public func serialized() -> [UInt8] {
        var bytes = Array("RLPC".utf8)
        func append<T: FixedWidthInteger>(_ value: T) {
            withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        }
        append(UInt32(1))
        append(UInt32(Self.outputCount))
        append(UInt32(table.featureCount))
        for index in 0..<Self.outputCount { append(bias[index].bitPattern) }
        for (key, row) in table.features.sorted(by: { $0.0 < $1.0 }) {
            append(key)
            for index in 0..<Self.outputCount { append(Float16(row[index]).bitPattern) }
        }
        return bytes
    }

    /// Sums the weights of the features it is given, starting from the biases.
    struct Accumulator: FeatureSink {
        let model: ClassifierModel
        var outputs: SIMD16<Float>

        init(_ model: ClassifierModel) {
            self.model = model
            outputs = model.bias
        }

        @inline(__always)
        mutating func add(_ key: UInt64, _ value: Float) {
            if let row = model.row(key) { outputs += value * row }
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
