import Foundation
import Testing
@testable import Synthesizers

/// The lock on a training checkpoint. flock locks belong to the open file description, so two locks taken
/// in this one process conflict exactly as two processes' would: no subprocess, no waiting.
struct CheckpointLockTests {
    static func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ckpt-lock-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test("a second lock on the same checkpoint fails at once, naming the file, the lock file and the holder's pid")
    func secondLockFails() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("run.ckpt")
        let first = try CheckpointLock(checkpoint: file)
        #expect(first.lockFile.lastPathComponent == ".run.ckpt.lock")
        let holder = try String(contentsOf: first.lockFile, encoding: .utf8)
        #expect(holder == "pid \(getpid()) on \(CheckpointLock.hostName())\n")
        let error = #expect(throws: CheckpointError.self) { _ = try CheckpointLock(checkpoint: file) }
        #expect(error == .locked(file: file.path, lockFile: first.lockFile.path, holder: "pid \(getpid()) on \(CheckpointLock.hostName())"))
        let text = "\(error.map { "\($0)" } ?? "")"
        #expect(text.contains(file.path) && text.contains(first.lockFile.path) && text.contains("pid \(getpid())"), "\(text)")
        // The refused lock neither wrote the lock file nor created the checkpoint.
        #expect(try String(contentsOf: first.lockFile, encoding: .utf8) == holder)
        #expect(!FileManager.default.fileExists(atPath: file.path))
        first.release()
    }

    @Test("released, or its owner gone, the lock is free again; the lock file stays")
    func releasedLockSucceeds() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("nested/run.ckpt")
        let first = try CheckpointLock(checkpoint: file)
        first.release()
        first.release()   // idempotent
        do {
            let second = try CheckpointLock(checkpoint: file)
            #expect(FileManager.default.fileExists(atPath: second.lockFile.path))
            _ = second   // dropped at the end of the scope: deinit closes the descriptor
        }
        let third = try CheckpointLock(checkpoint: file)
        third.release()
        #expect(FileManager.default.fileExists(atPath: CheckpointLock.lockFile(for: file).path))
    }

    @Test("negative control: a lock on another checkpoint in the same directory is not refused")
    func otherCheckpointIsFree() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = try CheckpointLock(checkpoint: dir.appendingPathComponent("a.ckpt"))
        let other = try CheckpointLock(checkpoint: dir.appendingPathComponent("b.ckpt"))
        #expect(first.lockFile != other.lockFile)
        first.release()
        other.release()
    }

    @Test("stale temporaries (this build's and earlier builds' names) are removed; the checkpoint, its lock file and other files are kept")
    func staleTemporaries() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("run.ckpt")
        let lock = try CheckpointLock(checkpoint: file)
        defer { lock.release() }
        let kept = ["run.ckpt", ".run.ckpt.lock", ".other.ckpt.12.tmp", "run.ckpt.12.tmp"]
        for name in kept + [".run.ckpt.999999.tmp", ".run.ckpt.tmp-999999"] where name != ".run.ckpt.lock" {
            try Data([1]).write(to: dir.appendingPathComponent(name))
        }
        TrainingCheckpoint.removeStaleTemporaries(of: file)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == kept.sorted())
    }
}
