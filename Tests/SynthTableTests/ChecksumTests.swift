import Foundation
import Testing
@testable import SynthTable
import SynthTestSupport

/// ``Checksum`` (swift-crypto's SHA-256) against published vectors and Python's hashlib.
@Suite struct ChecksumTests {
    /// FIPS 180-2 / NIST example vectors.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func knownVectors(message: String, digest: String) {
        #expect(Checksum.sha256Hex(of: Array(message.utf8)) == digest)
    }

    /// Bytes `i % 251` of lengths around the padding boundaries; digests from Python's hashlib.
    @Test(arguments: [
        (55, "463eb28e72f82e0a96c0a4cc53690c571281131f672aa229e0d45ae59b598b59"),
        (56, "da2ae4d6b36748f2a318f23e7ab1dfdf45acdc9d049bd80e59de82a60895f562"),
        (64, "fdeab9acf3710362bd2658cdc9a29e8f9c757fcf9811603a8c447cd1d9151108"),
    ])
    func paddingBoundaries(length: Int, digest: String) {
        #expect(Checksum.sha256Hex(of: (0..<length).map { UInt8($0 % 251) }) == digest)
    }

    /// A file larger than one 1 MiB read piece hashes as its bytes do in one piece.
    @Test func fileReadInPiecesMatchesOneShot() throws {
        let bytes = (0..<((1 << 20) + 4097)).map { UInt8(($0 * 7) % 256) }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("checksum-\(getpid())-\(UUID().uuidString)")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try Checksum.sha256Hex(ofFileAt: url) == Checksum.sha256Hex(of: bytes))
        #expect(try Checksum.sha256Hex(ofFileAt: url) != Checksum.sha256Hex(of: bytes.dropLast()))
    }

    @Test func fileDigestMatchesCommittedPenguins() throws {
        let url = RepositoryPaths.datasets.appendingPathComponent("penguins.csv")
        #expect(try Checksum.sha256Hex(ofFileAt: url) == "f204db2c753b0937caac3cb35258562c14f073e4bbc76be24b4c51ce22767a93")
    }
}
