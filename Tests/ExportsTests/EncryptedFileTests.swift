import Crypto
import Foundation
import Testing
@testable import Exports

@Suite struct EncryptedFileTests {
    static let key = try! EncryptionKey(base64: Data((0..<32).map { UInt8($0) }).base64EncodedString(), source: "test")
    static let otherKey = try! EncryptionKey(base64: Data((0..<32).map { UInt8(255 - $0) }).base64EncodedString(), source: "test")

    static func bytes(_ n: Int) -> Data { Data((0..<n).map { UInt8(($0 * 31 + 7) % 256) }) }

    /// Sizes around the chunk boundaries (chunk 64): empty, short, exact multiples (an empty final chunk
    /// follows), one over. Sizes of the sealed file follow the format: header + chunks x (data + tag).
    @Test(arguments: [0, 1, 63, 64, 65, 128, 200])
    func roundTrip(size: Int) throws {
        let dir = try ExportFixtures.directory("enc")
        defer { try? FileManager.default.removeItem(at: dir) }
        let plain = dir.appendingPathComponent("p"), sealed = dir.appendingPathComponent("p.enc"), back = dir.appendingPathComponent("b")
        try Self.bytes(size).write(to: plain)
        try EncryptedFile.encrypt(plain, to: sealed, key: Self.key, chunkSize: 64)
        let chunks = size / 64 + 1
        #expect(try Data(contentsOf: sealed).count == EncryptedFile.headerSize + size + chunks * EncryptedFile.tagSize)
        try EncryptedFile.decrypt(sealed, to: back, key: Self.key)
        #expect(try Data(contentsOf: back) == Self.bytes(size))
    }

    /// Chunk 0 of a one-chunk file opens with CryptoKit-style AES-GCM directly: nonce = base nonce, AAD =
    /// header + index 0 + final flag 1 (the documented format, checked from outside the reader).
    @Test func formatAsDocumented() throws {
        let dir = try ExportFixtures.directory("enc-format")
        defer { try? FileManager.default.removeItem(at: dir) }
        let plain = dir.appendingPathComponent("p"), sealed = dir.appendingPathComponent("p.enc")
        try Data("hello".utf8).write(to: plain)
        try EncryptedFile.encrypt(plain, to: sealed, key: Self.key)
        let file = [UInt8](try Data(contentsOf: sealed))
        #expect(Array(file[0..<8]) == Array("SBENCGCM".utf8) && file[8] == 1)
        #expect(Array(file[9..<13]) == [0x00, 0x10, 0x00, 0x00])   // 1 MiB, big-endian
        let header = Array(file[0..<25])
        let box = try AES.GCM.SealedBox(nonce: AES.GCM.Nonce(data: file[13..<25]), ciphertext: file[25..<30], tag: file[30...])
        let opened = try AES.GCM.open(box, using: SymmetricKey(data: (0..<32).map { UInt8($0) }),
                                      authenticating: header + [0, 0, 0, 0, 0, 0, 0, 0, 1])
        #expect(String(decoding: opened, as: UTF8.self) == "hello")
    }

    /// Altering, dropping, swapping or cutting chunks, or a wrong key, fails and leaves no output.
    @Test(arguments: ["flip", "truncate", "dropFinal", "swap", "wrongKey", "header"])
    func tamperingIsRefused(attack: String) throws {
        let dir = try ExportFixtures.directory("enc-tamper")
        defer { try? FileManager.default.removeItem(at: dir) }
        let plain = dir.appendingPathComponent("p"), sealed = dir.appendingPathComponent("p.enc")
        try Self.bytes(128).write(to: plain)   // two full chunks and an empty final one
        try EncryptedFile.encrypt(plain, to: sealed, key: Self.key, chunkSize: 64)
        var file = [UInt8](try Data(contentsOf: sealed))
        let h = EncryptedFile.headerSize, c = 64 + EncryptedFile.tagSize
        var key = Self.key
        switch attack {
        case "flip": file[h + 70] ^= 1
        case "truncate": file.removeLast(5)
        case "dropFinal": file.removeLast(EncryptedFile.tagSize)
        case "swap": file = Array(file[..<h]) + Array(file[(h + c)..<(h + 2 * c)]) + Array(file[h..<(h + c)]) + Array(file[(h + 2 * c)...])
        case "wrongKey": key = Self.otherKey
        default: file[20] ^= 1   // the base nonce in the header
        }
        try Data(file).write(to: sealed)
        let out = dir.appendingPathComponent("out")
        #expect(throws: ExportError.self) { try EncryptedFile.decrypt(sealed, to: out, key: key) }
        #expect(!FileManager.default.fileExists(atPath: out.path))
        #expect(ExportFixtures.allFiles(dir) == ["p", "p.enc"])
    }

    @Test func keysMustBe32BytesOfBase64() throws {
        #expect(throws: ExportError.self) { try EncryptionKey(base64: "not base64!", source: "t") }
        #expect(throws: ExportError.self) { try EncryptionKey(base64: Data(count: 16).base64EncodedString(), source: "t") }
        #expect(throws: Never.self) { try EncryptionKey(base64: " \(Data(count: 32).base64EncodedString())\n", source: "t") }
        let none = try? EncryptionKey.resolve(file: nil, environment: [:])
        #expect(none == nil)
        let fromEnvironment = try? EncryptionKey.resolve(file: nil, environment: [EncryptionKey.environmentVariable: Data(count: 32).base64EncodedString()])
        #expect(fromEnvironment != nil)
    }
}
