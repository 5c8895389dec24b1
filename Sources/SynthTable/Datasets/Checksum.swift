import Crypto
import Foundation

/// SHA-256 digests as 64 lowercase hex digits, through swift-crypto: dataset files against their manifests,
/// spec content hashes, export manifests.
public enum Checksum {
    /// The digest of `data`.
    public static func sha256Hex<D: DataProtocol>(of data: D) -> String {
        hex(SHA256.hash(data: data))
    }

    /// The digest of the file at `url`, read in 1 MiB pieces (memory stays bounded for any file size).
    public static func sha256Hex(ofFileAt url: URL) throws -> String {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var hasher = SHA256()
        while let piece = try handle.read(upToCount: 1 << 20), !piece.isEmpty {
            hasher.update(data: piece)
        }
        return hex(hasher.finalize())
    }

    /// A digest taken over bytes that arrive in pieces (a checkpoint streamed to its file).
    public struct Stream {
        private var hasher = SHA256()

        public init() {}

        public mutating func update(_ bytes: UnsafeRawBufferPointer) { hasher.update(bufferPointer: bytes) }

        /// The digest of every byte given so far, as 64 lowercase hex digits.
        public func hex() -> String { Checksum.hex(hasher.finalize()) }
    }

    /// Lowercase hex of a digest's bytes.
    public static func hex<D: Sequence>(_ bytes: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
