/// Cue phrases indexed by their first word, so a text's words are matched in one pass with one
/// dictionary lookup per word (CJK phrases start with a character, which is a word of its own).
struct CueIndex: Sendable {
    let cues: [LexicalCue]
    private let cueIDsByFirstWord: [UInt64: [Int]]

    init(_ groups: [CueGroup]) {
        var cues: [LexicalCue] = []
        var byFirstWord: [UInt64: [Int]] = [:]
        for group in groups {
            for phrase in group.phrases {
                let words = ScannedText(phrase).words
                guard let first = words.first else { continue }
                byFirstWord[first, default: []].append(cues.count)
                cues.append(
                    LexicalCue(
                        words: words, target: group.target, weight: group.weight,
                        signal: group.target.signalPrefix + ":" + Self.signalName(phrase)))
            }
        }
        self.cues = cues
        self.cueIDsByFirstWord = byFirstWord
    }

    /// The cues whose phrase occurs in `words`, each once, with the index of the word where it
    /// first starts, in order of first occurrence.
    func matches(in words: [UInt64]) -> [(cue: LexicalCue, position: Int)] {
        var seen = [Bool](repeating: false, count: cues.count)
        var found: [(cue: LexicalCue, position: Int)] = []
        for start in words.indices {
            guard let candidates = cueIDsByFirstWord[words[start]] else { continue }
            for id in candidates where !seen[id] {
                let phrase = cues[id].words
                guard start + phrase.count <= words.count else { continue }
                var index = 1
                while index < phrase.count && words[start + index] == phrase[index] { index += 1 }
                if index == phrase.count {
                    seen[id] = true
                    found.append((cues[id], start))
                }
            }
        }
        return found
    }

    /// The phrase lowercased, with digits as `n` and other separators as `_`
    /// (`tl;dr` → `tl_dr`, `9 words` → `n_words`, `不超过` → `不超过`).
    static func signalName(_ phrase: String) -> String {
        var name = ""
        var pendingSeparator = false
        var inNumber = false
        for scalar in phrase.unicodeScalars {
            let isDigit = ("0"..."9").contains(scalar)
            let isWordScalar = scalar.properties.isAlphabetic || scalar == "+" || scalar == "#"
            if !isDigit && !isWordScalar {
                pendingSeparator = !name.isEmpty
                inNumber = false
                continue
            }
            if pendingSeparator { name += "_" }
            pendingSeparator = false
            if isDigit {
                if !inNumber { name += "n" }
                inNumber = true
            } else {
                inNumber = false
                name.unicodeScalars.append(ScannedText.lowercased(scalar))
            }
        }
        return name
    }
}
