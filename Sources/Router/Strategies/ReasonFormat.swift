/// How numbers are written in decision reasons.
///
/// Hand-written rather than `String(format:)`: reasons are built on every request, and
/// Foundation's formatter costs more than a whole strategy decision.
enum ReasonFormat {
    /// The most decimals a reason shows.
    static let maxPlaces = 6

    /// `value` with `places` decimals, rounded half to even like `printf` (`0.62`).
    static func decimal(_ value: Double, places: Int = 2) -> String {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        guard value.isFinite, abs(value) * scale < 1e15 else { return "\(value)" }
        let scaled = Int64((abs(value) * scale).rounded(.toNearestOrEven))
        let unit = Int64(scale)
        var text = value < 0 && scaled != 0 ? "-" : ""
        text += String(scaled / unit)
        guard places > 0 else { return text }
        let fraction = String(scaled % unit)
        return text + "." + String(repeating: "0", count: places - fraction.count) + fraction
    }

    /// A threshold as a person would write it: 2 decimals, or more (up to `maxPlaces`) when 2
    /// would round it (`0.35`, `0.355`).
    static func threshold(_ value: Double) -> String {
        decimal(value, places: places(toWrite: value))
    }

    /// A score and the cut point it was compared with, with the decimals the cut needs (at least
    /// 2) and more (up to `maxPlaces`) when those would show different values as equal —
    /// `0.3499 < 0.3500`, never `0.35 < 0.35`.
    static func decimals(_ score: Double, _ cut: Double) -> (score: String, cut: String) {
        decimals(score, cut, places: places(toWrite: cut))
    }

    /// ``decimals(_:_:)`` with the decimals that write `cut` already known
    /// (``places(toWrite:)``).
    static func decimals(_ score: Double, _ cut: Double, places cutPlaces: Int) -> (score: String, cut: String) {
        var places = cutPlaces
        while true {
            let pair = (score: decimal(score, places: places), cut: decimal(cut, places: places))
            if pair.score != pair.cut || score == cut || places >= maxPlaces { return pair }
            places += 1
        }
    }

    /// The fewest decimals, from 2 to `maxPlaces`, that write `value` exactly.
    static func places(toWrite value: Double) -> Int {
        (2..<maxPlaces).first { Double(decimal(value, places: $0)) == value } ?? maxPlaces
    }

    /// A count and the cut point it was compared with: whole numbers without decimals (`812`,
    /// `500`), else as ``decimals(_:_:)``.
    static func counts(_ value: Double, _ cut: Double) -> (score: String, cut: String) {
        func isWhole(_ number: Double) -> Bool { number.rounded() == number && abs(number) < 1e15 }
        guard isWhole(value), isWhole(cut) else { return decimals(value, cut) }
        return (String(Int(value)), String(Int(cut)))
    }
}
