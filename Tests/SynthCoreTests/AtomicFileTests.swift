import Foundation
import SynthCore
import SynthTestSupport
import Testing

/// Atomic writes and the publication step of rename-into-place writers: a failure at any step leaves the
/// previous file and no temporary one; failures are injected through the ``FileWriter`` seam.
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

    /// The streamed form (pieces straight to the temporary file: checkpoints): the pieces land in order; an error
    /// from the body, a failed flush or a failed rename leaves the previous file and no temporary one.
    @Test func aStreamedWriteIsAtomicToo() throws {
        struct Stop: Error {}
        let root = try scratch("atomic-stream")
        defer { try? FileManager.default.removeItem(at: root) }
        let target = root.appendingPathComponent("run.ckpt")
        try AtomicFile.write("old\n", to: target)
        func pieces(_ put: (UnsafeRawBufferPointer) throws -> Void, stopAfter: Int? = nil) throws {
            for (i, text) in ["new", " file", "\n"].enumerated() {
                if i == stopAfter { throw Stop() }
                try Array(text.utf8).withUnsafeBytes(put)
            }
        }
        #expect(throws: Stop.self) { try AtomicFile.write(to: target) { try pieces($0, stopAfter: 2) } }
        #expect(try String(contentsOf: target, encoding: .utf8) == "old\n")
        #expect(names(root) == ["run.ckpt"], "temporary file left: \(names(root))")
        for (op, code) in [(FaultyFileWriter.Operation.sync, ENOSPC), (.rename, EIO)] {
            let writer = FaultyFileWriter()
            writer.fail(op, code: code) { _ in true }
            let error = #expect(throws: OutputError.self) { try AtomicFile.write(to: target, using: writer) { try pieces($0) } }
            #expect(error?.code == code && error?.path == target.path)
            #expect(try String(contentsOf: target, encoding: .utf8) == "old\n")
            #expect(names(root) == ["run.ckpt"], "temporary file left: \(names(root))")
        }
        // Negative control: without a fault the pieces replace the file, in order.
        try AtomicFile.write(to: target, using: FaultyFileWriter()) { try pieces($0) }
        #expect(try String(contentsOf: target, encoding: .utf8) == "new file\n")
        #expect(names(root) == ["run.ckpt"])
    }

    /// `table.csv` holding "old" in a fresh directory (removed afterwards), and its temporary sibling's URL.
    func withPreviousFile(_ label: String, _ body: (_ root: URL, _ target: URL, _ temporary: URL) throws -> Void) throws {
        let root = try scratch(label)
        defer { try? FileManager.default.removeItem(at: root) }
        let target = root.appendingPathComponent("table.csv")
        try Data("old\n".utf8).write(to: target)
        try body(root, target, AtomicFile.temporarySibling(of: target))
    }

    @Test func publishingPutsAFinishedTemporaryInPlaceAndSyncsTheDirectoryOnlyWhenAsked() throws {
        try withPreviousFile("publish") { root, target, temporary in
            for sync in [false, true] {
                try Data("new \(sync)\n".utf8).write(to: temporary)
                // A failing directory flush shows whether the flush was asked for; the rename happened before it.
                let writer = FaultyFileWriter()
                writer.fail(.sync, code: EIO) { $0 == root.path }
                if sync {
                    let error = #expect(throws: OutputError.self) {
                        try AtomicFile.publish(temporary, over: target, syncingDirectory: true, using: writer)
                    }
                    #expect(error?.operation == .sync && error?.path == root.path && writer.injected.count == 1)
                } else {
                    try AtomicFile.publish(temporary, over: target, syncingDirectory: false, using: writer)
                    #expect(writer.injected.isEmpty)
                }
                #expect(try String(contentsOf: target, encoding: .utf8) == "new \(sync)\n")
                #expect(names(root) == ["table.csv"])
            }
        }
    }

    /// `syncingFile` flushes the temporary before the rename: a failing flush of it leaves the previous file and
    /// no temporary, and names the target. Control: without `syncingFile` the same faulty writer never sees it.
    @Test func publishingFlushesTheTemporaryFirstOnlyWhenAsked() throws {
        try withPreviousFile("publish-sync-file") { root, target, temporary in
            try Data("new\n".utf8).write(to: temporary)
            let writer = FaultyFileWriter()
            writer.fail(.sync, code: EIO) { $0 == temporary.path }
            let error = #expect(throws: OutputError.self) {
                try AtomicFile.publish(temporary, over: target, syncingFile: true, syncingDirectory: true, using: writer)
            }
            #expect(error?.code == EIO && error?.operation == .sync && error?.path == target.path, "\(String(describing: error))")
            #expect(try String(contentsOf: target, encoding: .utf8) == "old\n")
            #expect(names(root) == ["table.csv"], "temporary file left: \(names(root))")
            try Data("newer\n".utf8).write(to: temporary)
            try AtomicFile.publish(temporary, over: target, syncingDirectory: false, using: writer)
            #expect(writer.injected.count == 1)
            #expect(try String(contentsOf: target, encoding: .utf8) == "newer\n")
        }
    }

    @Test func aFailedRenameKeepsThePreviousFileAndRemovesTheTemporary() throws {
        try withPreviousFile("publish-fail") { root, target, temporary in
            try Data("new\n".utf8).write(to: temporary)
            let writer = FaultyFileWriter()
            writer.fail(.rename, code: ENOSPC) { $0 == target.path }
            let error = #expect(throws: OutputError.self) {
                try AtomicFile.publish(temporary, over: target, syncingDirectory: true, using: writer)
            }
            #expect(error?.code == ENOSPC && error?.path == target.path && error?.operation == .rename, "\(String(describing: error))")
            #expect(try String(contentsOf: target, encoding: .utf8) == "old\n")
            #expect(names(root) == ["table.csv"], "temporary file left: \(names(root))")
            // A temporary file that is not there: the real file system's error, naming the target.
            let missing = #expect(throws: OutputError.self) { try AtomicFile.publish(temporary, over: target, syncingDirectory: false) }
            #expect(missing?.code == ENOENT && missing?.path == target.path)
            #expect(try String(contentsOf: target, encoding: .utf8) == "old\n")
        }
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
