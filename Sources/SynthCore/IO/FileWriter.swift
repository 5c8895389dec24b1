import Foundation

/// The file-system operations every output goes through. The product uses ``SystemFileWriter``; tests
/// swap in a writer that fails on chosen paths (disk full, permission denied, a file where a directory
/// should be) to check that no output is ever lost or mixed.
package protocol FileWriter: Sendable {
    /// Creates `url` and any missing parents; succeeds when it already is a directory.
    func createDirectory(_ url: URL) throws(OutputError)
    /// Creates or truncates `url`, writes `data` and flushes it to the disk (`fsync`).
    func write(_ data: Data, to url: URL) throws(OutputError)
    /// `rename(2)`: atomic within one file system, replacing a file (or an empty directory) at `to`.
    func rename(_ from: URL, to: URL) throws(OutputError)
    /// Flushes a directory's entries (`fsync` on the directory), so a rename survives a power loss.
    func syncDirectory(_ url: URL) throws(OutputError)
    /// Flushes a file written by someone else (a streamed table) to the disk (`fsync`), as `write` does.
    func syncFile(_ url: URL) throws(OutputError)
    /// Removes a file or directory tree; missing is fine.
    func remove(_ url: URL) throws(OutputError)
    /// Free bytes for an unprivileged writer on the file system holding `url` (`statvfs`); nil if unknown.
    func availableBytes(at url: URL) -> UInt64?
}

/// The real file system, through POSIX calls so that every failure keeps its `errno`.
package struct SystemFileWriter: FileWriter {
    package init() {}

    package func createDirectory(_ url: URL) throws(OutputError) {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) {
            if isDir.boolValue { return }
            throw OutputError(path: url.path, operation: .createDirectory, code: ENOTDIR,
                              reason: "it exists and is a file, not a directory")
        }
        let parent = url.deletingLastPathComponent()
        if parent.path != url.path { try createDirectory(parent) }
        if mkdir(url.path, 0o755) != 0 && errno != EEXIST {
            throw OutputError(path: url.path, operation: .createDirectory, code: errno)
        }
    }

    package func write(_ data: Data, to url: URL) throws(OutputError) {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw OutputError(path: url.path, operation: .write, code: errno) }
        var failure: OutputError? = nil
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = OutputError(path: url.path, operation: .write, code: errno)
                    return
                }
                offset += n
            }
        }
        if failure == nil && fsync(fd) != 0 { failure = OutputError(path: url.path, operation: .sync, code: errno) }
        if close(fd) != 0 && failure == nil { failure = OutputError(path: url.path, operation: .write, code: errno) }
        if let failure { throw failure }
    }

    package func rename(_ from: URL, to: URL) throws(OutputError) {
        if Glibc.rename(from.path, to.path) != 0 {
            throw OutputError(path: to.path, operation: .rename, code: errno, reason: "\(from.lastPathComponent) -> \(to.lastPathComponent): \(OutputError.text(of: errno))")
        }
    }

    package func syncDirectory(_ url: URL) throws(OutputError) {
        let fd = open(url.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw OutputError(path: url.path, operation: .sync, code: errno) }
        defer { close(fd) }
        if fsync(fd) != 0 && errno != EINVAL { throw OutputError(path: url.path, operation: .sync, code: errno) }
    }

    package func syncFile(_ url: URL) throws(OutputError) {
        let fd = open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw OutputError(path: url.path, operation: .sync, code: errno) }
        defer { close(fd) }
        if fsync(fd) != 0 { throw OutputError(path: url.path, operation: .sync, code: errno) }
    }

    package func remove(_ url: URL) throws(OutputError) {
        var info = stat()
        guard lstat(url.path, &info) == 0 else { return }   // missing (or a dangling path): nothing to remove
        do { try FileManager.default.removeItem(at: url) } catch {
            throw OutputError(wrapping: error, path: url.path, operation: .remove)
        }
    }

    package func availableBytes(at url: URL) -> UInt64? {
        var s = statvfs()
        guard statvfs(url.path, &s) == 0 else { return nil }
        return UInt64(s.f_bavail) * UInt64(s.f_frsize)
    }
}

extension FileWriter {
    /// Writes (and flushes) a small hidden file in `directory` and removes it: whether a write there succeeds now.
    /// Output checks run it before any work; after a failure that gave no errno (a child process that could not
    /// write), its error tells a full or failing disk from another cause.
    package func probeWrite(in directory: URL, bytes: Int = 24) throws(OutputError) {
        let probe = directory.appendingPathComponent(".synthbench-probe-\(getpid())")
        defer { try? remove(probe) }
        try write(Data(repeating: UInt8(ascii: "p"), count: bytes), to: probe)
    }
}
