/// A file format writer fed a table in row chunks (``CSVStreamWriter``, and the export formats' streaming
/// writers): `append` each chunk in order (every chunk has the first chunk's column names and kinds),
/// then `finish` to put the complete file in place; `cancel` drops a partial file.
public protocol TableChunkWriter: AnyObject {
    /// Where the finished file goes.
    var path: String { get }
    /// Data rows appended so far.
    var rowsWritten: Int { get }
    func append(_ chunk: Table) throws
    func finish() throws
    func cancel()
}

extension CSVStreamWriter: TableChunkWriter {}
