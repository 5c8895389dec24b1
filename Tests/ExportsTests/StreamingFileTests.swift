import Foundation
import SynthTestSupport
import Testing
@testable import Exports

/// The streaming file's last step (SynthCore's AtomicFile.publish): the finished file replaces the target, and a
/// failed rename keeps the export's own wording, leaves what was there and no temporary file.
struct StreamingFileTests {
    @Test func finishPutsTheFileInPlaceAndAFailedRenameKeepsTheExportsWording() throws {
        let dir = try SynthBenchBinary.temporaryDirectory("streaming-file")
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("synthetic.json")
        let file = try StreamingFile(path: target.path)
        try file.write("[1]\n")
        try file.finish()
        #expect(try String(contentsOf: target, encoding: .utf8) == "[1]\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["synthetic.json"])
        // A directory holding a file where the export goes: rename(2) refuses to replace it.
        let blocked = dir.appendingPathComponent("blocked.json")
        try FileManager.default.createDirectory(at: blocked, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: blocked.appendingPathComponent("inside"))
        let refused = try StreamingFile(path: blocked.path)
        try refused.write("[2]\n")
        let error = #expect(throws: ExportError.self) { try refused.finish() }
        #expect(error?.path == blocked.path)
        #expect(error?.reason.hasPrefix("cannot move the finished file into place: ") == true, "\(String(describing: error))")
        #expect(try String(contentsOf: blocked.appendingPathComponent("inside"), encoding: .utf8) == "keep")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["blocked.json", "synthetic.json"])
    }

    /// A finished export is flushed to the disk before it is renamed into place (and its directory after), so it
    /// survives a power loss: a failing flush of the temporary file fails the export with its wording and leaves
    /// no file. Control: the same publication through a writer without faults puts the file in place.
    @Test func publishFlushesTheFinishedFileBeforeTheRename() throws {
        let dir = try SynthBenchBinary.temporaryDirectory("streaming-file-sync")
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("synthetic.sql")
        let temporary = StreamingFile.temporaryPath(for: target.path)
        try Data("select 1;\n".utf8).write(to: URL(fileURLWithPath: temporary))
        let writer = FaultyFileWriter()
        writer.fail(.sync, code: EIO) { $0 == temporary }
        let error = #expect(throws: ExportError.self) {
            try StreamingFile.publish(temporary, to: target.path, failure: "cannot move it", using: writer)
        }
        #expect(error?.path == target.path && error?.reason.hasPrefix("cannot move it: ") == true, "\(String(describing: error))")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
        try Data("select 1;\n".utf8).write(to: URL(fileURLWithPath: temporary))
        try StreamingFile.publish(temporary, to: target.path, failure: "cannot move it", using: FaultyFileWriter())
        #expect(try String(contentsOf: target, encoding: .utf8) == "select 1;\n")
    }
}
