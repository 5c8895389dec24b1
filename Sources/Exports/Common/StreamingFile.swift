import Foundation
import SynthCore

/// A file written front to back through a 1 MiB buffer under a hidden temporary name next to it
/// (`.<name>.<pid>.tmp`), renamed into place by ``finish()``: a reader never sees half a file, and a
/// stream cancelled or dropped before `finish` leaves nothing behind.
final class StreamingFile {
    let path: String
    let temporary: String
    private var fd: Int32
    private var buffer: [UInt8] = []
    /// Bytes written so far (buffered or not): the offset of the next byte.
    private(set) var offset = 0
    static let flushThreshold = 1 << 20

    init(path: String) throws(ExportError) {
        self.path = path
        temporary = Self.temporaryPath(for: path)
        fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ExportError.system(path, "cannot create the file") }
        buffer.reserveCapacity(Self.flushThreshold + (1 << 16))
    }

    deinit { cancel() }

    /// The size of the file at `path` in bytes, or nil when it cannot be read.
    static func size(of path: String) -> Int? {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : nil
    }

    /// `.<name>.<pid>.tmp` next to `path` (``AtomicFile/temporarySibling(of:)``): hidden, so readers listing
    /// the directory skip it.
    static func temporaryPath(for path: String) -> String {
        AtomicFile.temporarySibling(of: URL(fileURLWithPath: path)).path
    }

    /// Flushes the finished, closed `temporary` to the disk and renames it over `path`, then flushes the
    /// directory (``AtomicFile/publish(_:over:syncingFile:syncingDirectory:using:)``), so an export that
    /// finished survives a power loss; on failure the temporary file is removed and the error is `failure` with
    /// the system's reason.
    static func publish(_ temporary: String, to path: String, failure: String,
                        using writer: any FileWriter = SystemFileWriter()) throws(ExportError) {
        do {
            try AtomicFile.publish(URL(fileURLWithPath: temporary), over: URL(fileURLWithPath: path),
                                   syncingFile: true, syncingDirectory: true, using: writer)
        } catch {
            throw ExportError(path: path, "\(failure): \(error.code.map { String(cString: strerror($0)) } ?? error.reason)")
        }
    }

    var isOpen: Bool { fd >= 0 }

    func write(_ bytes: [UInt8]) throws(ExportError) {
        try write(bytes[...])
    }

    func write(_ bytes: ArraySlice<UInt8>) throws(ExportError) {
        guard fd >= 0 else { throw ExportError(path: path, "the file is already finished or cancelled") }
        if bytes.count >= Self.flushThreshold {
            try flush()
            try writeAll(bytes)
        } else {
            buffer.append(contentsOf: bytes)
            if buffer.count >= Self.flushThreshold { try flush() }
        }
        offset += bytes.count
    }

    func write(_ text: String) throws(ExportError) { try write(Array(text.utf8)) }

    /// Writes the buffer, closes and renames the file into place.
    func finish() throws(ExportError) {
        guard fd >= 0 else { throw ExportError(path: path, "the file is already finished or cancelled") }
        try flush()   // cancels on failure
        let closed = close(fd)
        fd = -1
        guard closed == 0 else {
            let e = ExportError.system(path, "cannot close the file")
            unlink(temporary)
            throw e
        }
        try Self.publish(temporary, to: path, failure: "cannot move the finished file into place")
    }

    /// Drops the temporary file (nothing happens once finished).
    func cancel() {
        guard fd >= 0 else { return }
        close(fd)
        fd = -1
        unlink(temporary)
    }

    private func flush() throws(ExportError) {
        guard !buffer.isEmpty else { return }
        do {
            try writeAll(buffer[...])
        } catch {
            cancel()
            throw error
        }
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ bytes: ArraySlice<UInt8>) throws(ExportError) {
        if let failure = bytes.withUnsafeBytes({ FileDescriptorWrite.all(fd, $0) }) {
            throw ExportError(path: path, "cannot write: \(String(cString: strerror(failure)))")
        }
    }

}
