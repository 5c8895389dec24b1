import SynthMath

/// Writes an ASCII value piece by piece into a stack buffer, then makes it a `String` with one allocation
/// (none when it fits a small string): the multi-part PII formats (emails, addresses, IBANs) are built this
/// way instead of joining intermediate strings, which cost an allocation each.
struct ASCIIWriter {
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    private(set) var count = 0

    private init(_ buffer: UnsafeMutableBufferPointer<UInt8>) { self.buffer = buffer }

    /// The string `body` writes (at most `capacity` bytes).
    static func build(capacity: Int = 256, _ body: (inout ASCIIWriter) -> Void) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { storage in
            var w = ASCIIWriter(storage)
            body(&w)
            return String(decoding: UnsafeBufferPointer(rebasing: storage[..<w.count]), as: UTF8.self)
        }
    }

    mutating func append(_ byte: UInt8) {
        precondition(count < buffer.count, "ASCIIWriter: value longer than \(buffer.count) bytes")
        buffer[count] = byte
        count += 1
    }

    /// One writer over one buffer for many values (``reset()`` between them, ``written`` to read one):
    /// a column generator keys each value by its bytes without making a `String` of it.
    static func reusing<R>(capacity: Int = 256, _ body: (inout ASCIIWriter) -> R) -> R {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { storage in
            var w = ASCIIWriter(storage)
            return body(&w)
        }
    }

    /// Starts the next value.
    mutating func reset() { count = 0 }

    /// The bytes of the value written since the last ``reset()``.
    var written: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: buffer[..<count]) }

    mutating func append(_ bytes: [UInt8]) { bytes.withUnsafeBufferPointer { append(contentsOf: $0) } }

    mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { append(contentsOf: $0) }
    }

    mutating func append(contentsOf bytes: UnsafeBufferPointer<UInt8>) {
        precondition(count + bytes.count <= buffer.count, "ASCIIWriter: value longer than \(buffer.count) bytes")
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        (buffer.baseAddress! + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    /// `value` in decimal, left-padded with zeros to `width` digits.
    mutating func append(number value: Int, width: Int = 1) {
        precondition(value >= 0, "ASCIIWriter: negative number \(value)")
        var digits = 1, rest = value / 10
        while rest > 0 { digits += 1; rest /= 10 }
        for _ in digits..<max(width, digits) { append(UInt8(ascii: "0")) }
        let start = count
        for _ in 0..<digits { append(UInt8(ascii: "0")) }
        var v = value
        for i in stride(from: count - 1, through: start, by: -1) { buffer[i] = UInt8(48 + v % 10); v /= 10 }
    }

    /// `n` bytes drawn uniformly from `alphabet`.
    mutating func append(random n: Int, from alphabet: [UInt8], _ s: inout RandomStream) {
        for _ in 0..<n { append(alphabet[s.nextInt(below: alphabet.count)]) }
    }

    /// A byte already written.
    subscript(i: Int) -> UInt8 {
        get { precondition(i < count); return buffer[i] }
        set { precondition(i < count); buffer[i] = newValue }
    }

    /// The bytes written so far from `offset` on.
    func bytes(from offset: Int) -> UnsafeMutableBufferPointer<UInt8> {
        UnsafeMutableBufferPointer(rebasing: buffer[offset..<count])
    }
}
