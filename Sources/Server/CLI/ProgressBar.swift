import Foundation

/// A one-line progress bar on standard error, shown only when it is a terminal.
final class ProgressBar: @unchecked Sendable {
    private let label: String
    private let total: Int64
    private let enabled: Bool
    private var lastPercent = -1

    init(label: String, total: Int64) {
        self.label = label
        self.total = total
        enabled = isatty(STDERR_FILENO) == 1 && total > 0
    }

    /// Shows `done` of `total`.
    func update(_ done: Int64) {
        guard enabled else { return }
        let percent = Int(min(100, done * 100 / total))
        guard percent != lastPercent else { return }
        lastPercent = percent
        let filled = percent * 30 / 100
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: 30 - filled)
        FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(percent)% (\(done)/\(total))".utf8))
    }

    /// Clears the line.
    func finish() {
        guard enabled, lastPercent >= 0 else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }
}
