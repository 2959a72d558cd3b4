import Foundation

// The number and text formatting the server-drawn SVG charts share.

/// A coordinate: at most 2 decimals, trailing zeros dropped ("80", "80.5", "80.25").
func number(_ value: Double) -> String {
    var text = fixed(value, places: 2)
    // `firstIndex(of:)`, not `contains(".")`: the latter is Foundation's substring search, and the
    // overview's chart formats thousands of coordinates.
    while text.firstIndex(of: ".") != nil, text.last == "0" { text.removeLast() }
    if text.last == "." { text.removeLast() }
    return text
}

/// `value` rounded to exactly `places` decimals ("12.40"), without a locale.
func fixed(_ value: Double, places: Int) -> String {
    let scaled = (abs(value) * pow(10, Double(places))).rounded()
    // Past 2^53 doubles are no longer whole numbers apart; only absurd input gets here.
    guard scaled.isFinite, scaled < 9e15 else { return "\(value)" }
    var digits = String(Int64(scaled))
    if digits.count <= places { digits = String(repeating: "0", count: places + 1 - digits.count) + digits }
    let sign = value < 0 && scaled > 0 ? "-" : ""
    guard places > 0 else { return sign + digits }
    let point = digits.index(digits.endIndex, offsetBy: -places)
    return sign + String(digits[..<point]) + "." + String(digits[point...])
}

/// `text` safe inside XML character data and attribute values; control characters XML 1.0 cannot
/// hold are dropped.
func escapedXML(_ text: String) -> String {
    var escaped = ""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": escaped += "&amp;"
        case "<": escaped += "&lt;"
        case ">": escaped += "&gt;"
        case "\"": escaped += "&quot;"
        case "\t", "\n", "\r": escaped.unicodeScalars.append(scalar)
        case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: continue
        default: escaped.unicodeScalars.append(scalar)
        }
    }
    return escaped
}
