/// The scalars of valid UTF-8 bytes, decoded without the checks `String.unicodeScalars` repeats
/// (a native Swift string is already valid UTF-8).
struct UTF8Scalars: Sequence, IteratorProtocol {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    var byteCount: Int { bytes.count }

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    @inline(__always)
    mutating func next() -> Unicode.Scalar? {
        guard index < bytes.count else { return nil }
        let lead = UInt32(bytes[index])
        let value: UInt32
        switch lead {
        case ..<0x80:
            index += 1
            return Unicode.Scalar(UInt8(lead))
        case ..<0xE0:
            value = (lead & 0x1F) << 6 | continuation(1)
            index += 2
        case ..<0xF0:
            value = (lead & 0x0F) << 12 | continuation(1) << 6 | continuation(2)
            index += 3
        default:
            value = (lead & 0x07) << 18 | continuation(1) << 12 | continuation(2) << 6 | continuation(3)
            index += 4
        }
        return Unicode.Scalar(value) ?? "\u{FFFD}"
    }

    /// The next byte if it is an ASCII letter, consumed, lowercased; otherwise nil, consuming nothing.
    @inline(__always)
    mutating func nextASCIILetter() -> UInt8? {
        guard index < bytes.count else { return nil }
        let byte = bytes[index] | 0x20
        guard byte >= 0x61 && byte <= 0x7A else { return nil }
        index += 1
        return byte
    }

    @inline(__always)
    private func continuation(_ offset: Int) -> UInt32 {
        index + offset < bytes.count ? UInt32(bytes[index + offset] & 0x3F) : 0
    }
}
