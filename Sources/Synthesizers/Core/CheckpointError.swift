/// Why a training checkpoint could not be used or written. Each names the file or the field, so a resume
/// never proceeds on a file it cannot trust, and never overwrites one it could not read.
public enum CheckpointError: Error, Equatable, CustomStringConvertible {
    /// Checkpoints were asked for a method that does not implement them.
    case unsupportedMethod(String)
    case unreadable(file: String, reason: String)
    /// Truncated, altered, or not a checkpoint of this format.
    case corrupt(file: String, reason: String)
    case unwritable(file: String, reason: String)
    /// The checkpoint belongs to another run: the field and both values.
    case fingerprintMismatch(field: String, checkpoint: String, run: String)
    /// Another process holds the checkpoint's ``CheckpointLock``: its lock file and what it says of its owner
    /// (pid and host; empty when the owner has not written it yet, or is not synthbench).
    case locked(file: String, lockFile: String, holder: String)

    public var description: String {
        switch self {
        case .unsupportedMethod(let m): "checkpoints are implemented for ddpm only, not for '\(m)'"
        case .unreadable(let f, let r): "cannot read the checkpoint \(f): \(r)"
        case .corrupt(let f, let r): "the checkpoint \(f) is corrupt: \(r); it was left as it is"
        case .unwritable(let f, let r): "cannot write the checkpoint \(f): \(r)"
        case .fingerprintMismatch(let field, let c, let r):
            "the checkpoint was written by another run: \(field) is \(c) in the checkpoint, \(r) in this run"
        case .locked(let f, let lock, let holder):
            "the checkpoint \(f) is in use by another run (\(holder.isEmpty ? "a process its lock file does not name" : holder) "
                + "holds its lock file \(lock)); nothing was read or written: wait for that run to end, or give another --checkpoint FILE"
        }
    }
}
