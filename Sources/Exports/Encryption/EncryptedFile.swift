import Crypto
import Foundation

/// SynthBench's encrypted file format: AES-256-GCM over the plaintext in chunks, so that a file of any size
/// is sealed and opened in bounded memory, every chunk is authenticated, and chunks cannot be reordered,
/// dropped or cut off unnoticed (the STREAM construction of Hoang, Reyhanitabar, Rogaway and Vizár).
///
///     header (25 bytes)  magic "SBENCGCM" | version 1 (1 byte) | chunk size (UInt32 BE) | base nonce (12 bytes)
///     chunk i            ciphertext (chunk size bytes; the last chunk fewer, possibly none) | GCM tag (16 bytes)
///
/// Chunk i's nonce is the base nonce with its last 8 bytes XORed with i (big-endian); its associated data
/// is the header, then i (UInt64 BE), then 1 for the final chunk and 0 otherwise. A plaintext whose size
/// is a multiple of the chunk size ends with an empty final chunk (the tag alone). The base nonce is
/// random (the one random choice not drawn from a seed: reusing a nonce under a key would break GCM).
package enum EncryptedFile {
    static let magic: [UInt8] = Array("SBENCGCM".utf8)
    static let version: UInt8 = 1
    static let headerSize = 8 + 1 + 4 + 12
    static let tagSize = 16
    package static let defaultChunkSize = 1 << 20

    /// Encrypts the file at `input` into `output` (written under a temporary name, then renamed).
    package static func encrypt(_ input: URL, to output: URL, key: EncryptionKey,
                                chunkSize: Int = defaultChunkSize) throws(ExportError) {
        precondition(chunkSize > 0 && chunkSize <= Int(UInt32.max), "chunk size")
        var nonce = [UInt8](repeating: 0, count: 12)
        var rng = SystemRandomNumberGenerator()
        for i in nonce.indices { nonce[i] = rng.next() }
        var header = magic + [version]
        header += withUnsafeBytes(of: UInt32(chunkSize).bigEndian) { Array($0) }
        header += nonce
        let reader = try ChunkReader(input, chunk: chunkSize)
        let out = try StreamingFile(path: output.path)
        do throws(ExportError) {
            try out.write(header)
            var index: UInt64 = 0
            var piece = try reader.next()
            while true {
                var following: [UInt8]? = nil
                if piece.count == chunkSize { following = try reader.next() }
                let final = following == nil
                try out.write(try seal(piece, index: index, final: final, header: header, nonce: nonce, key: key, path: output.path))
                guard let following else { break }
                piece = following
                index += 1
            }
            try out.finish()
        } catch {
            out.cancel()
            throw error
        }
    }

    /// Decrypts `input` into `output`; any tampering, truncation, reordering or a wrong key fails with an
    /// error naming the chunk, and leaves no output file.
    package static func decrypt(_ input: URL, to output: URL, key: EncryptionKey) throws(ExportError) {
        let path = input.path
        let head = try ChunkReader(input, chunk: headerSize)
        let header = try head.next()
        guard header.count == headerSize, Array(header.prefix(8)) == magic else {
            throw ExportError(path: path, "not a SynthBench encrypted file (no SBENCGCM header)")
        }
        guard header[8] == version else { throw ExportError(path: path, "encrypted file version \(header[8]) is not supported (this SynthBench reads version \(version))") }
        let chunkSize = Int(header[9..<13].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
        guard chunkSize > 0 else { throw ExportError(path: path, "the header's chunk size is 0") }
        let nonce = Array(header[13..<25])
        let reader = try ChunkReader(input, chunk: chunkSize + tagSize, skipping: headerSize)
        let out = try StreamingFile(path: output.path)
        do throws(ExportError) {
            var index: UInt64 = 0
            var piece = try reader.next()
            while true {
                guard piece.count >= tagSize else {
                    throw ExportError(path: path, "chunk \(index) is cut short (\(piece.count) bytes, a tag alone is \(tagSize)): the file is truncated")
                }
                var next: [UInt8]? = nil
                if piece.count == chunkSize + tagSize {
                    let following = try reader.next()
                    if !following.isEmpty { next = following }
                }
                try out.write(try open(piece, index: index, final: next == nil, header: header, nonce: nonce, key: key, path: path))
                guard let next else { break }
                piece = next
                index += 1
            }
            try out.finish()
        } catch {
            out.cancel()
            throw error
        }
    }

    static func seal(_ plaintext: [UInt8], index: UInt64, final: Bool, header: [UInt8], nonce: [UInt8],
                     key: EncryptionKey, path: String) throws(ExportError) -> [UInt8] {
        do {
            let box = try AES.GCM.seal(plaintext, using: key.key, nonce: try chunkNonce(nonce, index),
                                       authenticating: associatedData(header, index, final))
            return Array(box.ciphertext) + Array(box.tag)
        } catch {
            throw ExportError(path: path, "cannot encrypt chunk \(index): \(error)")
        }
    }

    static func open(_ sealed: [UInt8], index: UInt64, final: Bool, header: [UInt8], nonce: [UInt8],
                     key: EncryptionKey, path: String) throws(ExportError) -> [UInt8] {
        do {
            let box = try AES.GCM.SealedBox(nonce: try chunkNonce(nonce, index), ciphertext: sealed.dropLast(tagSize),
                                            tag: sealed.suffix(tagSize))
            return Array(try AES.GCM.open(box, using: key.key, authenticating: associatedData(header, index, final)))
        } catch {
            throw ExportError(path: path, "chunk \(index) fails authentication: wrong key, or the file was altered, reordered or truncated")
        }
    }

    static func chunkNonce(_ base: [UInt8], _ index: UInt64) throws -> AES.GCM.Nonce {
        var n = base
        withUnsafeBytes(of: index.bigEndian) { b in for k in 0..<8 { n[4 + k] ^= b[k] } }
        return try AES.GCM.Nonce(data: n)
    }

    static func associatedData(_ header: [UInt8], _ index: UInt64, _ final: Bool) -> [UInt8] {
        header + withUnsafeBytes(of: index.bigEndian) { Array($0) } + [final ? 1 : 0]
    }

    /// Reads a file front to back in pieces of a fixed size (the last one shorter, then empty).
    final class ChunkReader {
        let handle: FileHandle
        let chunk: Int
        let path: String

        init(_ url: URL, chunk: Int, skipping: Int = 0) throws(ExportError) {
            path = url.path
            self.chunk = chunk
            do {
                handle = try FileHandle(forReadingFrom: url)
                if skipping > 0 { try handle.seek(toOffset: UInt64(skipping)) }
            } catch {
                throw ExportError(path: url.path, "cannot read: \(error.localizedDescription)")
            }
        }

        deinit { try? handle.close() }

        /// Up to `chunk` bytes; fewer only at the end of the file, none after it.
        func next() throws(ExportError) -> [UInt8] {
            var out: [UInt8] = []
            out.reserveCapacity(chunk)
            do {
                while out.count < chunk, let data = try handle.read(upToCount: chunk - out.count), !data.isEmpty {
                    out.append(contentsOf: data)
                }
            } catch {
                throw ExportError(path: path, "cannot read: \(error.localizedDescription)")
            }
            return out
        }
    }
}
