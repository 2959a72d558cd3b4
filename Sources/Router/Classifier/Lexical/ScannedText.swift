import DomainEvents

/// A text read once into what the lexical classifier looks at: lowercase words as
/// ``WordHash`` values (each CJK character is a word of its own), line labels such as
/// `Example 1:` or `Q:`, and counts of the punctuation that marks code, questions and math.
struct ScannedText {
    /// A label that starts a line and ends with a colon, lowercased with digits and spaces removed
    /// (`Example 2:` is `example`), and whether any text follows it before the next label.
    struct LineLabel: Equatable {
        /// ``WordHash/ofLabel(_:)`` of the label's letters.
        var name: UInt64
        var hasContent: Bool
    }

    /// The hashes of the words, lowercased; every run of digits is ``WordHash/number``; a CJK
    /// character's hash has its top bit set, every other word's has it clear
    /// (``WordHash/isCJKCharacter(_:)``).
    var words: [UInt64] = []
    var lineLabels: [LineLabel] = []
    var codeFences = 0
    /// `{`, `}` and `;`: frequent in code, rare in prose.
    var codeSymbols = 0
    /// `=`, `+`, `×`, `÷`, `^`, `√`.
    var mathSymbols = 0
    var questionMarks = 0
    /// Whether the last scalar that is not a space is `?` or `？`.
    var endsWithQuestionMark = false
    /// Scalars inside quotation marks (`"…"`, `“…”`, `«…»`, `「…」`): quoted material to work on.
    var quotedScalars = 0
    var scalarCount = 0
    var lineCount = 1

    /// The longest label, in scalars, recognised before a colon.
    static let maxLabelLength = 24

    /// Reads `text` in one pass over its scalars.
    init(_ text: String) {
        var text = text
        text.makeContiguousUTF8()
        text.utf8.withContiguousStorageIfAvailable { bytes in
            self.scan(UTF8Scalars(bytes))
            self.endsWithQuestionMark = Self.endsWithQuestionMark(bytes)
        }
    }

    /// Whether the last scalar that is not ASCII white space is `?` or `？` (U+FF1F, `EF BC 9F`),
    /// read backwards from the end rather than tracked on every scalar of the scan.
    private static func endsWithQuestionMark(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var end = bytes.count
        while end > 0, bytes[end - 1] == 0x20 || (0x09...0x0D).contains(bytes[end - 1]) { end -= 1 }
        guard end > 0 else { return false }
        if bytes[end - 1] == 0x3F { return true }
        return end >= 3 && bytes[end - 3] == 0xEF && bytes[end - 2] == 0xBC && bytes[end - 1] == 0x9F
    }

    private mutating func scan(_ scalars: UTF8Scalars) {
        var scalars = scalars
        var words: [UInt64] = []
        var lineLabels: [LineLabel] = []
        var codeFences = 0, codeSymbols = 0, mathSymbols = 0, questionMarks = 0, quotedScalars = 0
        var scalarCount = 0, lineCount = 1
        var word = PartialWord()
        var label = WordHash.empty
        var labelLetters = 0
        var labelLength = 0
        var labelPossible = true
        var backtickRun = 0
        var textSinceLabel = false
        var insideQuote = false

        words.reserveCapacity(scalars.byteCount / 3 + 8)
        while let scalar = scalars.next() {
            scalarCount += 1
            if scalar == "\n" {
                if labelPossible && labelLength > 0 { textSinceLabel = true }
                word.flush(into: &words)
                lineCount += 1
                label = WordHash.empty
                labelLetters = 0
                labelLength = 0
                labelPossible = true
                continue
            }
            let kind = ScalarKind.of(scalar)
            if kind == .other {
                if scalar == "`" { backtickRun += 1 } else { backtickRun = 0 }
                if backtickRun == 3 { codeFences += 1 }
                switch scalar {
                case "\"": insideQuote.toggle()
                case "“", "«", "「", "『": insideQuote = true
                case "”", "»", "」", "』": insideQuote = false
                case "{", "}", ";": codeSymbols += 1
                case "=", "+", "×", "÷", "^", "√": mathSymbols += 1
                case "?", "？": questionMarks += 1
                default: break
                }
            } else {
                backtickRun = 0
            }
            if insideQuote { quotedScalars += 1 }

            if labelPossible {
                if scalar == ":" || scalar == "：" {
                    if labelLetters > 0 {
                        if let last = lineLabels.indices.last { lineLabels[last].hasContent = textSinceLabel }
                        lineLabels.append(LineLabel(name: label, hasContent: false))
                        textSinceLabel = false
                    }
                    labelPossible = false
                    word.flush(into: &words)
                    continue
                } else if labelLength >= Self.maxLabelLength || kind == .other {
                    labelPossible = false
                } else if kind == .letter || kind == .cjk {
                    label = WordHash.adding(Self.lowercased(scalar), to: label)
                    labelLetters += 1
                    labelLength += 1
                } else {
                    labelLength += 1
                }
            }
            if kind != .space && !labelPossible { textSinceLabel = true }

            switch kind {
            case .cjk:
                word.flush(into: &words)
                words.append(WordHash.ofCJKCharacter(scalar))
            case .letter:
                word.add(Self.lowercased(scalar), isDigit: false)
                // The rest of an ASCII word, in a tight loop: nothing but the word changes.
                if !labelPossible {
                    while let letter = scalars.nextASCIILetter() {
                        word.add(Unicode.Scalar(letter), isDigit: false)
                        scalarCount += 1
                        if insideQuote { quotedScalars += 1 }
                    }
                }
            case .digit:
                word.add(scalar, isDigit: true)
            case .space:
                word.flush(into: &words)
            case .other:
                if (scalar == "+" || scalar == "#") && word.length > 0 && !word.isNumber {
                    word.add(scalar, isDigit: false)
                    continue
                }
                word.flush(into: &words)
            }
        }
        word.flush(into: &words)
        if let last = lineLabels.indices.last { lineLabels[last].hasContent = textSinceLabel }
        self.words = words
        self.lineLabels = lineLabels
        self.codeFences = codeFences
        self.codeSymbols = codeSymbols
        self.mathSymbols = mathSymbols
        self.questionMarks = questionMarks
        self.quotedScalars = quotedScalars
        self.scalarCount = scalarCount
        self.lineCount = lineCount
    }

    /// The word being read: its hash so far, its length, and whether it is all digits.
    private struct PartialWord {
        var hash = WordHash.empty
        var length = 0
        var isNumber = true

        @inline(__always)
        mutating func add(_ scalar: Unicode.Scalar, isDigit: Bool) {
            hash = WordHash.adding(scalar, to: hash)
            length += 1
            isNumber = isNumber && isDigit
        }

        /// Appends the word, if any, to `words` and starts a new one.
        @inline(__always)
        mutating func flush(into words: inout [UInt64]) {
            guard length > 0 else { return }
            words.append(isNumber ? WordHash.number : hash & WordHash.wordMask)
            self = PartialWord()
        }
    }

    /// The lowercase form of a letter (the first scalar of its lowercase mapping).
    @inline(__always)
    static func lowercased(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let value = scalar.value
        if value < 0x80 { return value >= 0x41 && value <= 0x5A ? Unicode.Scalar(UInt8(value + 0x20)) : scalar }
        if ScalarKind.isCJK(scalar) || !scalar.properties.changesWhenLowercased { return scalar }
        return scalar.properties.lowercaseMapping.unicodeScalars.first ?? scalar
    }
}
