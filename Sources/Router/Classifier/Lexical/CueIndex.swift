/// Cue phrases indexed by their first word, so a text's words are matched in one pass with one
/// table lookup per word (CJK phrases start with a character, which is a word of its own).
struct CueIndex: Sendable {
    /// A cue found in a text: its index in ``cues`` and the word where it first starts.
    struct Match {
        var id: Int
        var position: Int
    }

    let cues: [LexicalCue]
    /// Each cue's task type as its position in ``TaskType/allCases`` (-1 for a dimension or
    /// domain cue) and its weight, apart: reading them from ``cues`` copied the whole cue (its
    /// arrays and signal) on every match.
    let taskIndexes: [Int]
    let weights: [Double]
    /// Open addressing with linear probing over the first-word hashes; a slot holds a word hash
    /// (0 when empty) and the range of ``cueIDs`` whose phrases start with it.
    private let slotWords: [UInt64]
    private let slotRanges: [Range<Int>]
    private let cueIDs: [Int]
    private let slotMask: Int
    /// Every cue's words after the first, end to end, and each cue's range in it.
    private let tailWords: [UInt64]
    private let tailRanges: [Range<Int>]

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
        var slotCount = 16
        while slotCount < byFirstWord.count * 4 { slotCount *= 2 }
        var slotWords = [UInt64](repeating: 0, count: slotCount)
        var slotRanges = [Range<Int>](repeating: 0..<0, count: slotCount)
        var cueIDs: [Int] = []
        for (word, ids) in byFirstWord.sorted(by: { $0.key < $1.key }) {
            var slot = Self.slot(of: word, mask: slotCount - 1)
            while slotWords[slot] != 0 { slot = (slot + 1) & (slotCount - 1) }
            slotWords[slot] = word
            slotRanges[slot] = cueIDs.count..<(cueIDs.count + ids.count)
            cueIDs += ids
        }
        var tailWords: [UInt64] = []
        var tailRanges: [Range<Int>] = []
        for cue in cues {
            tailRanges.append(tailWords.count..<(tailWords.count + cue.words.count - 1))
            tailWords += cue.words.dropFirst()
        }
        self.tailWords = tailWords
        self.tailRanges = tailRanges
        self.cues = cues
        taskIndexes = cues.map { cue in
            if case .task(let type) = cue.target { type.index } else { -1 }
        }
        weights = cues.map(\.weight)
        self.slotWords = slotWords
        self.slotRanges = slotRanges
        self.cueIDs = cueIDs
        self.slotMask = slotCount - 1
    }

    /// The cues whose phrase occurs in `words`, each once, in order of first occurrence.
    func matches(in words: [UInt64]) -> [Match] {
        var seen = [Bool](repeating: false, count: cues.count)
        var found: [Match] = []
        for start in words.indices {
            let word = words[start]
            var slot = Self.slot(of: word, mask: slotMask)
            while slotWords[slot] != 0 && slotWords[slot] != word { slot = (slot + 1) & slotMask }
            guard slotWords[slot] == word else { continue }
            // Indexes, not a slice of `cueIDs`: a slice retains the array on every matched word.
            for position in slotRanges[slot] {
                let id = cueIDs[position]
                guard !seen[id] else { continue }
                let tail = tailRanges[id]
                guard start + tail.count < words.count else { continue }
                var index = 0
                while index < tail.count && words[start + 1 + index] == tailWords[tail.lowerBound + index] { index += 1 }
                if index == tail.count {
                    seen[id] = true
                    found.append(Match(id: id, position: start))
                }
            }
        }
        return found
    }

    @inline(__always)
    private static func slot(of word: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: (word &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
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
