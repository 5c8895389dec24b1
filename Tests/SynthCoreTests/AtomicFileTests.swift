import Foundation
import SynthCore
import SynthTestSupport
import Testing

/// Atomic writes: a failure at any step leaves the previous file and no temporary one; failures are injected
/// through the ``FileWriter`` seam.
struct AtomicFileTests {
    func scratch(_ label: String) throws -> URL { try SynthBenchBinary.temporaryDirectory(label) }

    func names(_ dir: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted()
    }

    @Test func aFailedAtomicWriteKeepsThePreviousFileAndNoTemporary() throws {
        let root = try scratch("atomic")
        defer { try? FileManager.default.removeItem(at: root) }
        let target = root.appendingPathComponent("results.json")
        try AtomicFile.write("old\n", to: target)
        for (op, code) in [(FaultyFileWriter.Operation.write, ENOSPC), (.rename, EIO)] {
            let writer = FaultyFileWriter()
            writer.fail(op, code: code) { _ in true }
            let error = #expect(throws: OutputError.self) { try AtomicFile.write("new\n", to: target, using: writer) }
            #expect(error?.code == code && error?.isStorageFailure == true)
            #expect(error?.path == target.path)
            #expect(try String(contentsOf: target, encoding: .utf8) == "old\n")
            #expect(names(root) == ["results.json"], "temporary file left: \(names(root))")
        }
        // Negative control: the same write through a writer without faults replaces the file.
        try AtomicFile.write("new\n", to: target, using: FaultyFileWriter())
        #expect(try String(contentsOf: target, encoding: .utf8) == "new\n")
        #expect(names(root) == ["results.json"])
    }

    @Test func temporarySiblingsAreRecognisedByName() {
        let url = URL(fileURLWithPath: "/some/dir/run.ckpt")
        #expect(AtomicFile.temporarySibling(of: url).path == "/some/dir/.run.ckpt.\(getpid()).tmp")
        #expect(AtomicFile.isTemporarySibling(AtomicFile.temporarySibling(of: url).lastPathComponent, of: url))
        #expect(AtomicFile.isTemporarySibling(".run.ckpt.999999.tmp", of: url))
        // Negative controls: another file's, no pid, a non-numeric pid, the file itself.
        for name in [".other.ckpt.12.tmp", ".run.ckpt..tmp", ".run.ckpt.tmp", ".run.ckpt.12a.tmp", "run.ckpt", ".run.ckpt.lock"] {
            #expect(!AtomicFile.isTemporarySibling(name, of: url), "\(name)")
        }
    }
}
