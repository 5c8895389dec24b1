import Foundation
import SynthCore

/// The writer's output buffer: bytes accumulate in one array and go to the file descriptor (if any) in
/// large blocks. It is a `TextOutputStream` so that `Double.write(to:)` renders the shortest round-trip
/// digits straight into it: the standard library hands a floating-point rendering to
/// `_writeASCII(_:)` from a stack buffer, so no `String` is made per number.
struct CSVByteSink: TextOutputStream {
    private(set) var bytes: [UInt8] = []
    private let fd: Int32?
    private let path: String
    static let flushThreshold = 1 << 20

    init(fd: Int32?, path: String) {
        self.fd = fd
        self.path = path
        bytes.reserveCapacity(fd == nil ? 1 << 16 : Self.flushThreshold + (1 << 16))
    }

    mutating func write(_ string: String) { bytes.append(contentsOf: string.utf8) }

    mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: buffer) }

    @inline(__always) mutating func append(_ byte: UInt8) { bytes.append(byte) }

    @inline(__always) mutating func append(_ buffer: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: buffer) }

    mutating func append(_ array: [UInt8]) { bytes.append(contentsOf: array) }

    /// Appends `count` bytes that `body` writes from the pointer it is given; `body` may also write up to
    /// `slack` bytes past them, which are dropped.
    mutating func append(count: Int, slack: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Void) {
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: count + slack))
        bytes.withUnsafeMutableBufferPointer { body($0.baseAddress! + start) }
        bytes.removeLast(slack)
    }

    /// Empties the buffer, keeping its capacity.
    mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }

    /// Decimal digits of `v`.
    @inline(__always)
    mutating func append(_ v: Int) {
        if v < 0 { bytes.append(UInt8(ascii: "-")) }
        var m = v.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var k = 20
            repeat {
                k -= 1
                digits[k] = UInt8(ascii: "0") + UInt8(m % 10)
                m /= 10
            } while m > 0
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[k..<20]))
        }
    }

    /// Writes the buffered bytes to the file once there are enough of them (or always, if `force`).
    mutating func flush(force: Bool = false) throws(CSVError) {
        guard let fd, force || bytes.count >= Self.flushThreshold else { return }
        if let failure = bytes.withUnsafeBytes({ FileDescriptorWrite.all(fd, $0) }) {
            throw CSVError(.unwritable(String(cString: strerror(failure))), path: path)
        }
        bytes.removeAll(keepingCapacity: true)
    }
}
