import Foundation
import SynthCore

/// Writes a table that arrives in row chunks to one CSV file: the header from the first chunk, then each
/// chunk's rows, through the writer's 1 MiB output buffer. The file is built under a hidden temporary name
/// (``AtomicFile/temporarySibling(of:)``) and renamed into place by ``finish()``, so a reader never sees half
/// a file; a stream dropped or cancelled
/// before `finish` leaves nothing behind. The bytes are exactly those ``CSVWriter/write(_:to:)`` writes
/// for the chunks concatenated (categorical levels may differ between chunks: each row is written by its
/// label).
public final class CSVStreamWriter {
    public let path: String
    let writer: CSVWriter
    private let temporary: String
    private var fd: Int32
    private var sink: CSVByteSink
    private var columns: [(name: String, kind: ColumnKind)]? = nil
    /// Data rows written so far.
    public private(set) var rowsWritten = 0

    /// Opens `path`'s temporary file (`.<name>.<pid>.tmp` beside it).
    public init(path: String, writer: CSVWriter = CSVWriter()) throws(CSVError) {
        self.path = path
        self.writer = writer
        temporary = AtomicFile.temporarySibling(of: URL(fileURLWithPath: path)).path
        fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CSVError(.unwritable(String(cString: strerror(errno))), path: path) }
        sink = CSVByteSink(fd: fd, path: path)
    }

    deinit { cancel() }

    /// Appends the chunk's rows (the header first, with the first chunk). Every chunk must have the first
    /// chunk's column names and kinds.
    public func append(_ chunk: Table) throws(CSVError) {
        guard fd >= 0 else { throw CSVError(.unwritable("the stream is already finished or cancelled"), path: path) }
        do throws(CSVError) {
            let shape = chunk.columns.map { (name: $0.name, kind: $0.kind) }
            if let columns {
                guard columns.elementsEqual(shape, by: { $0.name == $1.name && $0.kind == $1.kind }) else {
                    throw CSVError(.unwritableValue("a chunk's columns (\(shape.map(\.name).joined(separator: ", "))) differ from the first chunk's"),
                                   path: path)
                }
            } else {
                try writer.writeHeader(chunk, into: &sink, path: path)
                columns = shape
            }
            try writer.writeRows(chunk, into: &sink, path: path, rowsBefore: rowsWritten)
            rowsWritten += chunk.rowCount
        } catch {
            cancel()
            throw error
        }
    }

    /// Flushes, closes and renames the file into place. At least one chunk (possibly of zero rows) must
    /// have been appended, for the header.
    public func finish() throws(CSVError) {
        guard fd >= 0 else { throw CSVError(.unwritable("the stream is already finished or cancelled"), path: path) }
        guard columns != nil else {
            cancel()
            throw CSVError(.noColumns, path: path)
        }
        do { try sink.flush(force: true) } catch {
            cancel()
            throw error
        }
        let closed = close(fd)
        fd = -1
        if closed != 0 {
            let why = String(cString: strerror(errno))
            _ = unlink(temporary)
            throw CSVError(.unwritable(why), path: path)
        }
        do {
            try AtomicFile.publish(URL(fileURLWithPath: temporary), over: URL(fileURLWithPath: path), 
                                   syncingFile: true, syncingDirectory: true)
        } catch {
            throw CSVError(.unwritable(error.code.map { String(cString: strerror($0)) } ?? error.reason), path: path)
        }
    }

    /// Drops the temporary file (nothing happens once finished).
    public func cancel() {
        guard fd >= 0 else { return }
        _ = close(fd)
        fd = -1
        _ = unlink(temporary)
    }
}
