/// The small values several console pages show.

/// A `<select>` option, marked when it is the value given.
struct ConsoleOption: Sendable {
    var value: String
    var label: String
    var selected: Bool

    /// `values` as options (an empty value labelled `emptyLabel`), `chosen` selected.
    static func list(_ values: [String], chosen: String, emptyLabel: String) -> [ConsoleOption] {
        values.map { ConsoleOption(value: $0, label: $0.isEmpty ? emptyLabel : $0, selected: $0 == chosen) }
    }
}

/// A name and its value (a definition list's row, a table's two cells).
struct ConsolePair: Sendable {
    var name: String
    var value: String
}

/// A figure: its field in the JSON answer it mirrors, a label, the exact value as that JSON
/// writes it (for `data-value`) and the value as people read it.
struct ConsoleFigure: Sendable {
    var field: String
    var label: String
    var value: String
    var display: String

    init(_ field: String, _ label: String, _ value: Double, _ display: String) {
        self.field = field
        self.label = label
        self.value = ConsoleFormat.exact(value)
        self.display = display
    }
}
