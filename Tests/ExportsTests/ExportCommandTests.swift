import Foundation
import SynthTable
import SynthTestSupport
import Testing
@testable import Exports

/// `synthbench export`, `decrypt` and `generate --format` end to end through the built binary.
@Suite struct ExportCommandTests {
    static let key = Data((0..<32).map { UInt8($0 * 3) }).base64EncodedString()

    /// An encrypted Parquet export decrypts to exactly the bytes of the unencrypted one; without a key,
    /// with a wrong key, or for a zip inside its own directory, the commands fail with a message and exit 1.
    @Test func exportEncryptDecrypt() throws {
        let dir = try ExportFixtures.directory("cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(ParquetGoldenTests.tinyCSV.utf8).write(to: dir.appendingPathComponent("tiny.csv"))
        let plain = try SynthBenchBinary.run(["export", "tiny.csv", "--format", "parquet"], in: dir)
        #expect(plain.status == 0, "\(plain.stderr)")
        let sealed = try SynthBenchBinary.run(["export", "tiny.csv", "--format", "parquet", "--encrypt", "--out", "t.parquet.enc"],
                                              in: dir, environment: [EncryptionKey.environmentVariable: Self.key])
        #expect(sealed.status == 0, "\(sealed.stderr)")
        let opened = try SynthBenchBinary.run(["decrypt", "t.parquet.enc"], in: dir,
                                              environment: [EncryptionKey.environmentVariable: Self.key])
        #expect(opened.status == 0, "\(opened.stderr)")
        #expect(try Data(contentsOf: dir.appendingPathComponent("t.parquet")) == Data(contentsOf: dir.appendingPathComponent("tiny.parquet")))

        try FileManager.default.removeItem(at: dir.appendingPathComponent("t.parquet"))
        let wrong = Data((0..<32).map { UInt8($0) }).base64EncodedString()
        let refused = try SynthBenchBinary.run(["decrypt", "t.parquet.enc"], in: dir, environment: [EncryptionKey.environmentVariable: wrong])
        #expect(refused.status != 0 && refused.stderr.contains("fails authentication"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("t.parquet").path))
        let keyless = try SynthBenchBinary.run(["export", "tiny.csv", "--format", "json", "--encrypt"], in: dir,
                                               unsetting: [EncryptionKey.environmentVariable])
        #expect(keyless.status != 0 && keyless.stderr.contains(EncryptionKey.environmentVariable))
        let inside = try SynthBenchBinary.run(["export", ".", "--format", "zip", "--out", "self.zip"], in: dir)
        #expect(inside.status != 0 && inside.stderr.contains("inside the directory"))
    }

    /// `generate --format jsonl` leaves synthetic.jsonl (not synthetic.csv) with the requested rows beside
    /// report.json and run.json.
    @Test func generateWritesTheRequestedFormat() throws {
        let dir = try ExportFixtures.directory("cli-generate")
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try SynthBenchBinary.run(["generate", "--dataset", "penguins", "--method", "uniform", "--rows", "40", "--seed", "1",
                                          "--suite", "payload", "--format", "jsonl", "--out", "out",
                                          "--datasets-dir", RepositoryPaths.datasets.path], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let out = dir.appendingPathComponent("out")
        #expect(ExportFixtures.visibleFiles(out) == ["report.json", "run.json", "synthetic.jsonl"])
        let lines = try String(contentsOf: out.appendingPathComponent("synthetic.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 40)
        #expect(lines.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) is [String: Any] })
    }
}
