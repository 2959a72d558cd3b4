/// A text read once into what the lexical classifier looks at: lowercase words (each CJK
/// character is a word of its own), line labels such as `Example 1:` or `Q:`, and counts of
/// the punctuation that marks code, questions and math.
struct ScannedText {
    /// A label that starts a line and ends with a colon, lowercased with digits and spaces removed
    /// (`Example 2:` is `example`), and whether any text follows it before the next label.
    struct LineLabel: Equatable {
        var name: String
        var hasContent: Bool
    }

    /// Words lowercased; runs of digits are the word `<n>` so cues like `<n> words` can match.
    var words: [String] = []
    var lineLabels: [LineLabel] = []
    var codeFences = 0
    /// `{`, `}` and `;`: frequent in code, rare in prose.
    var codeSymbols = 0
    /// `=`, `+`, `×`, `÷`, `^`, `√`.
    var mathSymbols = 0
    var questionMarks = 0
    /// Scalars inside quotation marks (`"…"`, `“…”`, `«…»`, `「…」`): quoted material to work on.
    var quotedScalars = 0
    /// The last non-space character is a question mark.
    var endsWithQuestionMark = false
    var scalarCount = 0
    var lineCount = 1

    /// The longest label, in scalars, recognised before a colon.
    static let maxLabelLength = 24

    /// Reads `text` in one pass over its scalars.
    init(_ text: String) {
        var word = String.UnicodeScalarView()
        var wordIsNumber = true
        var label = String.UnicodeScalarView()
        var labelLength = 0
        var labelPossible = true
        var backtickRun = 0
        var textSinceLabel = false
        var lastNonSpace: Unicode.Scalar = " "
        var insideQuote = false

        func flushWord() {
            guard !word.isEmpty else { return }
            words.append(wordIsNumber ? "<n>" : String(word))
            word = String.UnicodeScalarView()
            wordIsNumber = true
        }

        for scalar in text.unicodeScalars {
            scalarCount += 1
            if scalar == "`" { backtickRun += 1 } else { backtickRun = 0 }
            if backtickRun == 3 { codeFences += 1 }
            if scalar == "\n" {
                if labelPossible && labelLength > 0 { textSinceLabel = true }
                flushWord()
                lineCount += 1
                label = String.UnicodeScalarView()
                labelLength = 0
                labelPossible = true
                continue
            }
            switch scalar {
            case "\"": insideQuote.toggle()
            case "“", "«", "「", "『": insideQuote = true
            case "”", "»", "」", "』": insideQuote = false
            default: if insideQuote { quotedScalars += 1 }
            }
            let kind = Self.kind(of: scalar)
            if kind != .space { lastNonSpace = scalar }

            if labelPossible {
                if scalar == ":" || scalar == "：" {
                    closeLabel(label, textSinceLabel: textSinceLabel)
                    if !label.isEmpty { textSinceLabel = false }
                    labelPossible = false
                    flushWord()
                    continue
                } else if labelLength >= Self.maxLabelLength || kind == .other {
                    labelPossible = false
                } else if kind == .letter || kind == .han {
                    label.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
                    labelLength += 1
                } else {
                    labelLength += 1
                }
            }
            if kind != .space && !labelPossible { textSinceLabel = true }

            switch kind {
            case .han:
                flushWord()
                words.append(String(Character(scalar)))
            case .letter:
                wordIsNumber = false
                if scalar.isASCII {
                    let value = scalar.value
                    word.append(value >= 65 && value <= 90 ? Unicode.Scalar(value + 32)! : scalar)
                } else {
                    word.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
                }
            case .digit:
                word.append(scalar)
            case .space:
                flushWord()
            case .other:
                if (scalar == "+" || scalar == "#") && !word.isEmpty && !wordIsNumber {
                    word.append(scalar)
                    continue
                }
                flushWord()
                switch scalar {
                case "{", "}", ";": codeSymbols += 1
                case "=", "+", "×", "÷", "^", "√": mathSymbols += 1
                case "?", "？": questionMarks += 1
                default: break
                }
            }
        }
        flushWord()
        if let last = lineLabels.indices.last { lineLabels[last].hasContent = textSinceLabel }
        endsWithQuestionMark = lastNonSpace == "?" || lastNonSpace == "？"
    }

    private mutating func closeLabel(_ label: String.UnicodeScalarView, textSinceLabel: Bool) {
        guard !label.isEmpty else { return }
        if let last = lineLabels.indices.last { lineLabels[last].hasContent = textSinceLabel }
        lineLabels.append(LineLabel(name: String(label), hasContent: false))
    }

    private enum ScalarKind { case letter, digit, han, space, other }

    private static func kind(of scalar: Unicode.Scalar) -> ScalarKind {
        let value = scalar.value
        if value < 0x80 {
            switch value {
            case 0x61...0x7A, 0x41...0x5A: return .letter
            case 0x30...0x39: return .digit
            case 0x20, 0x09, 0x0D, 0x0B, 0x0C: return .space
            default: return .other
            }
        }
        if isHan(scalar) { return .han }
        let properties = scalar.properties
        if properties.isAlphabetic { return .letter }
        if properties.numericType != nil { return .digit }
        if properties.isWhitespace { return .space }
        return .other
    }

    /// CJK unified ideographs (and extension A), kana and Hangul syllables: scripts written without spaces.
    static func isHan(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x3040...0x30FF, 0xAC00...0xD7AF, 0xF900...0xFAFF: return true
        default: return false
        }
    }
}
