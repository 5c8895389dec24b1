import Foundation

/// One process's exclusive hold on a training checkpoint: `flock(LOCK_EX | LOCK_NB)` on the lock file
/// `.<name>.lock` beside it, which holds the owner's pid and host as text.
///
/// Why: two runs resuming and saving the same checkpoint would overwrite each other's saves, and each
/// would remove the other's temporary file as stale; the second is refused at once instead
/// (``CheckpointError/locked(file:lockFile:holder:)``). The kernel drops the lock when the descriptor is
/// closed or the process ends, killed or not, so a lock file left behind never blocks a later run. The file
/// itself stays: removing it would let a waiting process and a new one lock two different files.
public final class CheckpointLock {
    public let checkpoint: URL
    public let lockFile: URL
    private var descriptor: Int32

    /// `.<name>.lock` beside `checkpoint`.
    public static func lockFile(for checkpoint: URL) -> URL {
        checkpoint.deletingLastPathComponent().appendingPathComponent(".\(checkpoint.lastPathComponent).lock")
    }

    /// Takes the lock, creating the checkpoint's directory and the lock file when missing, and writes this
    /// process's pid and host into it. Throws ``CheckpointError/locked(file:lockFile:holder:)`` at once when
    /// another open of the file holds it (another process, or another lock in this one).
    public init(checkpoint: URL) throws(CheckpointError) {
        let lockFile = Self.lockFile(for: checkpoint)
        self.checkpoint = checkpoint
        self.lockFile = lockFile
        func failure(_ what: String, _ code: Int32) -> CheckpointError {
            .unwritable(file: checkpoint.path, reason: "cannot \(what) its lock file \(lockFile.path): \(String(cString: strerror(code)))")
        }
        do {
            try FileManager.default.createDirectory(at: checkpoint.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw CheckpointError.unwritable(file: checkpoint.path, reason: "cannot create its directory: \(error.localizedDescription)")
        }
        descriptor = open(lockFile.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure("open", errno) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            let holder = Self.contents(descriptor)
            close(descriptor)
            descriptor = -1
            if code == EWOULDBLOCK { throw .locked(file: checkpoint.path, lockFile: lockFile.path, holder: holder) }
            throw failure("lock", code)
        }
        // Each call's errno is read right after it: a failed write reports its own, not the truncate's.
        let owner = Array("pid \(getpid()) on \(Self.hostName())\n".utf8)
        let written = owner.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        if written != owner.count {
            let code = written < 0 ? errno : EIO   // a short write of a few bytes has no errno of its own
            release()
            throw failure("write", code)
        }
        guard ftruncate(descriptor, off_t(owner.count)) == 0 else {
            let code = errno
            release()
            throw failure("truncate", code)
        }
    }

    deinit { release() }

    /// Drops the lock (closing the descriptor releases it); idempotent. The lock file stays.
    public func release() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
    }

    /// The lock file's text (its owner), trimmed; empty when the owner has not written it yet.
    static func contents(_ fd: Int32) -> String {
        var bytes = [UInt8](repeating: 0, count: 256)
        let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return "" }
        return String(decoding: bytes[..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func hostName() -> String {
        var name = [CChar](repeating: 0, count: 256)
        guard gethostname(&name, name.count - 1) == 0 else { return "an unknown host" }
        return String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
