/// Byte strings stored back to back in one buffer, read by index. A list of `[UInt8]` costs a reference
/// count up and down for every string read; in the user-name and domain formats, which read two names a
/// value, that was a third of an email's time.
final class PackedStrings: Sendable {
    private let bytes: [UInt8]
    /// `ends[i]` is one past the last byte of string `i`; string `i` starts at `ends[i - 1]` (or 0).
    private let ends: [Int]

    init(_ strings: [[UInt8]]) {
        var bytes: [UInt8] = [], ends: [Int] = []
        for s in strings { bytes += s; ends.append(bytes.count) }
        self.bytes = bytes
        self.ends = ends
    }

    var count: Int { ends.count }

    /// Appends string `i` to `w`.
    func write(_ i: Int, into w: inout ASCIIWriter) {
        let start = i == 0 ? 0 : ends[i - 1], end = ends[i]
        bytes.withUnsafeBufferPointer { all in
            w.append(contentsOf: UnsafeBufferPointer(rebasing: all[start..<end]))
        }
    }
}
