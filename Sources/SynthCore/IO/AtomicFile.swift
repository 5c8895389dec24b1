import Foundation

/// Writes files so that a reader (or a killed writer) never sees a truncated one: the bytes go to a
/// temporary file in the same directory (a hidden name every reader skips), are flushed, and the temporary
/// file is renamed over the target; then the directory is flushed so the rename is durable. A failure
/// leaves the previous file (or none) and no temporary file, and throws an ``OutputError`` naming the path.
///
/// Writers that build the temporary file themselves (a stream, a database, an archive) end with
/// ``publish(_:over:syncingDirectory:using:)``, the same last step.
package enum AtomicFile {
    package static func write(_ data: Data, to url: URL, using writer: any FileWriter = SystemFileWriter()) throws(OutputError) {
        try writer.createDirectory(url.deletingLastPathComponent())
        let tmp = temporarySibling(of: url)
        do { try writer.write(data, to: tmp) } catch {
            try? writer.remove(tmp)
            throw naming(error, url)
        }
        try publish(tmp, over: url, syncingDirectory: true, using: writer)
    }

    package static func write(_ text: String, to url: URL, using writer: any FileWriter = SystemFileWriter()) throws(OutputError) {
        try write(Data(text.utf8), to: url, using: writer)
    }

    /// Writes the bytes `body` hands to its `put` function front to back, straight to the temporary file (no copy
    /// of the whole file in memory), then flushes and renames it into place as ``write(_:to:using:)`` does. An
    /// error thrown by `body` (or by `put`, as an ``OutputError`` naming `url`) removes the temporary file and is
    /// rethrown; the previous file stays.
    package static func write(to url: URL, using writer: any FileWriter = SystemFileWriter(),
                              _ body: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
        try writer.createDirectory(url.deletingLastPathComponent())
        let tmp = temporarySibling(of: url)
        let fd = open(tmp.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw OutputError(path: url.path, operation: .write, code: errno) }
        do {
            try body { bytes in
                if let code = FileDescriptorWrite.all(fd, bytes) { throw OutputError(path: url.path, operation: .write, code: code) }
            }
        } catch {
            close(fd)
            try? writer.remove(tmp)
            throw error
        }
        guard close(fd) == 0 else {
            let code = errno
            try? writer.remove(tmp)
            throw OutputError(path: url.path, operation: .write, code: code)
        }
        try publish(tmp, over: url, syncingFile: true, syncingDirectory: true, using: writer)
    }

    /// The last step of every rename-into-place writer: with `syncingFile`, flushes the finished `temporary`
    /// file (closed, in `target`'s directory) to the disk; renames it over `target`; then, with
    /// `syncingDirectory`, flushes the directory so that the rename survives a power loss. On a failed flush or
    /// rename `temporary` is removed, `target` is left as it was, and the error names `target`.
    /// ``write(_:to:using:)`` flushes its bytes as it writes them; the streaming writers (CSV, exports) pass
    /// both flags (about half a second per freshly written gigabyte on this machine's disk;
    /// docs/architecture.md, "Atomic writes").
    package static func publish(_ temporary: URL, over target: URL, syncingFile: Bool = false, syncingDirectory: Bool,
                                using writer: any FileWriter = SystemFileWriter()) throws(OutputError) {
        do {
            if syncingFile { try writer.syncFile(temporary) }
            try writer.rename(temporary, to: target)
        } catch {
            try? writer.remove(temporary)
            throw naming(error, target)
        }
        if syncingDirectory { try writer.syncDirectory(target.deletingLastPathComponent()) }
    }

    /// `.<name>.<pid>.tmp` next to `url`: hidden, so readers listing a directory skip it.
    package static func temporarySibling(of url: URL) -> URL {
        url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
    }

    /// Whether `name` is a ``temporarySibling(of:)`` of `url` by any process (what a killed writer leaves).
    package static func isTemporarySibling(_ name: String, of url: URL) -> Bool {
        let prefix = ".\(url.lastPathComponent).", suffix = ".tmp"
        guard name.hasPrefix(prefix), name.hasSuffix(suffix), name.count > prefix.count + suffix.count else { return false }
        return name.dropFirst(prefix.count).dropLast(suffix.count).allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// `error` named by the file the caller asked for, not the temporary one.
    private static func naming(_ error: OutputError, _ target: URL) -> OutputError {
        var named = error
        named.path = target.path
        return named
    }
}
