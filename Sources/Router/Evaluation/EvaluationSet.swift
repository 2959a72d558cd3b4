import Foundation

/// A labelled evaluation set: JSON lines of ``EvaluationRecord``, checked as a whole.
///
/// ```swift
/// let set = try EvaluationSet.load(path: "Tests/RouterTests/Fixtures/Eval/routing_eval.jsonl")
/// let report = try RoutingEvaluation(records: set.records(in: .holdout), router: RequestRouter(config: .builtIn))
/// ```
public struct EvaluationSet: Sendable, Equatable {
    /// The records in file order.
    public var records: [EvaluationRecord]

    /// A set of already checked records.
    public init(records: [EvaluationRecord]) {
        self.records = records
    }

    /// The records of `split`, in file order; every record when `split` is nil.
    public func records(in split: EvaluationSplit?) -> [EvaluationRecord] {
        guard let split else { return records }
        return records.filter { $0.split == split }
    }

    /// The set in the file at `path`; an error naming the file, and the line when one is at fault.
    public static func load(path: String) throws(EvaluationSetError) -> EvaluationSet {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw EvaluationSetError(.unreadableFile, file: path, line: nil, reason: "cannot read the file (\(Self.oneLine(error)))")
        }
        return try parse(text, file: path)
    }

    /// The set in `text`, one JSON record per line (blank lines skipped); `file` names it in errors.
    ///
    /// Throws at the first line that is not a record (bad JSON, a missing field, a label outside
    /// the guideline, messages that are empty or do not end with a user turn) or reuses an id.
    public static func parse(_ text: String, file: String? = nil) throws(EvaluationSetError) -> EvaluationSet {
        let decoder = JSONDecoder()
        var records: [EvaluationRecord] = []
        var lineOfID: [String: Int] = [:]
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard line.contains(where: { !$0.isWhitespace }) else { continue }
            let number = index + 1
            let record: EvaluationRecord
            do {
                record = try decoder.decode(EvaluationRecord.self, from: Data(line.utf8))
            } catch {
                throw EvaluationSetError(.invalidRecord, file: file, line: number, reason: Self.reason(for: error))
            }
            if let first = lineOfID[record.id] {
                throw EvaluationSetError(
                    .duplicateID, file: file, line: number, reason: "duplicate id \"\(record.id)\" (first on line \(first))")
            }
            lineOfID[record.id] = number
            records.append(record)
        }
        return EvaluationSet(records: records)
    }

    /// What a decoding error says about one line, in one line.
    private static func reason(for error: any Error) -> String {
        guard let error = error as? DecodingError else { return oneLine(error) }
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            let detail = context.underlyingError.map { " (\(oneLine($0)))" } ?? ""
            return "invalid JSON\(detail)"
        case .dataCorrupted(let context):
            return context.debugDescription
        case .keyNotFound(let key, let context):
            return "missing field \(path(context.codingPath + [key]))"
        case .typeMismatch(let type, let context) where context.codingPath.isEmpty:
            return "not a JSON object (expected \(type))"
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return "\(path(context.codingPath)) " + (type == String.self ? "must be a string" : "has the wrong type")
        @unknown default:
            return oneLine(error)
        }
    }

    /// `messages[0].content` for a coding path.
    private static func path(_ keys: [any CodingKey]) -> String {
        keys.enumerated().map { index, key in
            if let position = key.intValue { return "[\(position)]" }
            return index == 0 ? key.stringValue : ".\(key.stringValue)"
        }.joined()
    }

    private static func oneLine(_ error: any Error) -> String {
        error.localizedDescription.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
