/// Cue phrases indexed by their first word, so a text's words are matched in one pass with one
/// dictionary lookup per word (CJK phrases start with a character, which is a word of its own).
struct CueIndex: Sendable {
    let cues: [LexicalCue]
    private let cueIDsByFirstWord: [String: [Int]]

    init(_ groups: [CueGroup]) {
        var cues: [LexicalCue] = []
        var byFirstWord: [String: [Int]] = [:]
        for group in groups {
            for phrase in group.phrases {
                let words = ScannedText(phrase).words
                guard let first = words.first else { continue }
                byFirstWord[first, default: []].append(cues.count)
                cues.append(
                    LexicalCue(
                        words: words, target: group.target, weight: group.weight,
                        signal: group.target.signalPrefix + ":" + Self.signalName(words)))
            }
        }
        self.cues = cues
        self.cueIDsByFirstWord = byFirstWord
    }

    /// The cues whose phrase occurs in `words`, each once, with the index of the word where it
    /// first starts, in order of first occurrence.
    func matches(in words: [String]) -> [(cue: LexicalCue, position: Int)] {
        var seen = Set<Int>()
        var found: [(cue: LexicalCue, position: Int)] = []
        for start in words.indices {
            guard let candidates = cueIDsByFirstWord[words[start]] else { continue }
            for id in candidates where !seen.contains(id) {
                let phrase = cues[id].words
                guard start + phrase.count <= words.count else { continue }
                var index = 1
                while index < phrase.count && words[start + index] == phrase[index] { index += 1 }
                if index == phrase.count {
                    seen.insert(id)
                    found.append((cues[id], start))
                }
            }
        }
        return found
    }

    private static func signalName(_ words: [String]) -> String {
        var name = ""
        for word in words {
            let isHan = word.unicodeScalars.first.map(ScannedText.isHan) ?? false
            let previousIsHan = name.unicodeScalars.last.map(ScannedText.isHan) ?? true
            if !name.isEmpty && !(isHan && previousIsHan) { name += "_" }
            name += word == "<n>" ? "n" : word
        }
        return name
    }
}
