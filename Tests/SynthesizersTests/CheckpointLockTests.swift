import Foundation
import SynthTestSupport
import Testing
@testable import Synthesizers

/// The lock on a training checkpoint. flock locks belong to the open file description, so two locks taken
/// in this one process conflict exactly as two processes' would: no subprocess, no waiting.
struct CheckpointLockTests {
    /// `run.ckpt` in a fresh directory, removed afterwards.
    static func inScratch(_ body: (_ directory: URL, _ checkpoint: URL) throws -> Void) throws {
        let dir = try SynthBenchBinary.temporaryDirectory("ckpt-lock")
        defer { try? FileManager.default.removeItem(at: dir) }
        try body(dir, dir.appendingPathComponent("run.ckpt"))
    }

    @Test("a second lock on the same checkpoint fails at once, naming the file, the lock file and the holder's pid")
    func secondLockFails() throws {
        try Self.inScratch { _, file in
            let first = try CheckpointLock(checkpoint: file)
            defer { first.release() }
            #expect(first.lockFile.lastPathComponent == ".run.ckpt.lock")
            let owner = "pid \(getpid()) on \(CheckpointLock.hostName())"
            #expect(try String(contentsOf: first.lockFile, encoding: .utf8) == owner + "\n")
            let error = #expect(throws: CheckpointError.self) { _ = try CheckpointLock(checkpoint: file) }
            #expect(error == .locked(file: file.path, lockFile: first.lockFile.path, holder: owner))
            let text = error.map { "\($0)" } ?? ""
            #expect(text.contains(file.path) && text.contains(first.lockFile.path) && text.contains("pid \(getpid())"), "\(text)")
            // The refused lock neither rewrote the lock file nor created the checkpoint.
            #expect(try String(contentsOf: first.lockFile, encoding: .utf8) == owner + "\n")
            #expect(!FileManager.default.fileExists(atPath: file.path))
        }
    }

    /// Audit 15b: a lock file that takes no bytes (a link to /dev/full: the lock holds, the write fails with
    /// ENOSPC, a truncate would fail with EINVAL) reports the write's own errno; it reported the truncate's.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full"), "no /dev/full"))
    func aFailedOwnerWriteReportsItsOwnErrno() throws {
        try Self.inScratch { _, file in
            try FileManager.default.createSymbolicLink(atPath: CheckpointLock.lockFile(for: file).path, withDestinationPath: "/dev/full")
            let error = #expect(throws: CheckpointError.self) { _ = try CheckpointLock(checkpoint: file) }
            let text = error.map { "\($0)" } ?? ""
            #expect(text.contains("cannot write its lock file") && text.contains(String(cString: strerror(ENOSPC))), "\(text)")
            #expect(!text.contains(String(cString: strerror(EINVAL))), "\(text)")
            // Negative control: the same checkpoint with a real lock file locks.
            try FileManager.default.removeItem(at: CheckpointLock.lockFile(for: file))
            try CheckpointLock(checkpoint: file).release()
        }
    }

    @Test("released, or its owner gone, the lock is free again; the lock file stays; its directory is made when missing")
    func releasedLockSucceeds() throws {
        try Self.inScratch { dir, _ in
            let file = dir.appendingPathComponent("nested/run.ckpt")
            let first = try CheckpointLock(checkpoint: file)
            first.release()
            first.release()   // idempotent
            do {
                let second = try CheckpointLock(checkpoint: file)
                #expect(FileManager.default.fileExists(atPath: second.lockFile.path))
            }   // dropped here: deinit closes the descriptor
            try CheckpointLock(checkpoint: file).release()
            #expect(FileManager.default.fileExists(atPath: CheckpointLock.lockFile(for: file).path))
        }
    }

    @Test("negative control: a lock on another checkpoint in the same directory is not refused")
    func otherCheckpointIsFree() throws {
        try Self.inScratch { dir, file in
            let first = try CheckpointLock(checkpoint: file)
            let other = try CheckpointLock(checkpoint: dir.appendingPathComponent("b.ckpt"))
            #expect(first.lockFile != other.lockFile)
            first.release()
            other.release()
        }
    }

    @Test("stale temporaries (this build's and earlier builds' names) are removed; the checkpoint, its lock file and other files are kept")
    func staleTemporaries() throws {
        try Self.inScratch { dir, file in
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
}
