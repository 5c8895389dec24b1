import Foundation

/// Writes files so that a reader (or a killed writer) never sees a truncated one: the bytes go to a
/// temporary file in the same directory (a hidden name every reader skips), are flushed, and the temporary
/// file is renamed over the target; then the directory is flushed so the rename is durable. A failure
/// leaves the previous file (or none) and no temporary file, and throws an ``OutputError`` naming the path.
package enum AtomicFile {
    package static func write(_ data: Data, to url: URL, using writer: any FileWriter = SystemFileWriter()) throws(OutputError) {
        let dir = url.deletingLastPathComponent()
        try writer.createDirectory(dir)
        let tmp = temporarySibling(of: url)
        do {
            try writer.write(data, to: tmp)
            try writer.rename(tmp, to: url)
        } catch {
            try? writer.remove(tmp)
            // Named by the file the user asked for, not the temporary one.
            throw OutputError(path: url.path, operation: error.operation, code: error.code, reason: error.reason, hint: error.hint)
        }
        try writer.syncDirectory(dir)
    }

    package static func write(_ text: String, to url: URL, using writer: any FileWriter = SystemFileWriter()) throws(OutputError) {
        try write(Data(text.utf8), to: url, using: writer)
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
}
