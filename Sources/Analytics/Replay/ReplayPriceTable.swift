import DomainEvents
import Foundation
import Yams

/// A replacement price table for a replay: `{model: {input_per_1k: …, output_per_1k: …}}`, read
/// from a YAML or JSON file (`--prices`) or from the `prices` object of `POST /v1/replay`.
public enum ReplayPriceTable {
    /// One model's prices, as written.
    public struct Entry: Decodable, Sendable, Equatable {
        public var inputPer1K: Double
        public var outputPer1K: Double

        public init(inputPer1K: Double, outputPer1K: Double) {
            self.inputPer1K = inputPer1K
            self.outputPer1K = outputPer1K
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case inputPer1K = "input_per_1k"
            case outputPer1K = "output_per_1k"
        }

        struct AnyKey: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        /// Both prices are required; any other key is an error.
        public init(from decoder: any Decoder) throws {
            let keys = try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue)
            if let unknown = keys.first(where: { CodingKeys(rawValue: $0) == nil }) {
                throw DecodingError.dataCorrupted(.init(
                    codingPath: decoder.codingPath, debugDescription: "unknown key \"\(unknown)\" (expected input_per_1k, output_per_1k)"))
            }
            let container = try decoder.container(keyedBy: CodingKeys.self)
            inputPer1K = try container.decode(Double.self, forKey: .inputPer1K)
            outputPer1K = try container.decode(Double.self, forKey: .outputPer1K)
        }
    }

    /// The table in a YAML (or JSON) document; `parameter` names the input in errors.
    public static func read(yaml text: String, parameter: String = "prices") throws(InvalidQuery) -> [String: TokenPrices] {
        let entries: [String: Entry]
        do {
            entries = try YAMLDecoder().decode([String: Entry].self, from: text)
        } catch {
            throw InvalidQuery(parameter: parameter, message: "\(parameter): \(describe(error))")
        }
        return try checked(entries, parameter: parameter)
    }

    /// The table with every price checked: finite and not negative.
    public static func checked(_ entries: [String: Entry], parameter: String = "prices") throws(InvalidQuery) -> [String: TokenPrices] {
        guard !entries.isEmpty else {
            throw InvalidQuery(parameter: parameter, message: "\(parameter): the price table names no model")
        }
        var table: [String: TokenPrices] = [:]
        for (model, entry) in entries.sorted(by: { $0.key < $1.key }) {
            for (name, value) in [("input_per_1k", entry.inputPer1K), ("output_per_1k", entry.outputPer1K)]
            where !value.isFinite || value < 0 || value > 1_000_000 {
                throw InvalidQuery(
                    parameter: parameter, message: "\(parameter): \(model).\(name) must be a price from 0 to 1000000 USD per 1k tokens")
            }
            table[model] = TokenPrices(inputPer1K: entry.inputPer1K, outputPer1K: entry.outputPer1K)
        }
        return table
    }

    /// A decoding error in one line, naming where it is.
    public static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map(\.stringValue).filter { !$0.isEmpty }
            return keys.isEmpty ? "" : keys.joined(separator: ".") + ": "
        }
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return path(context) + (context.underlyingError.map { "\($0)" } ?? context.debugDescription)
        case .keyNotFound(let key, let context):
            return path(context) + "missing key \"\(key.stringValue)\""
        @unknown default:
            return "\(error)"
        }
    }
}
