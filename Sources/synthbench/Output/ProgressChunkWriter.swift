import Foundation
import SynthTable

/// A format writer that reports its rows on standard error as they are written: on a terminal one line
/// redrawn per chunk (`writing synthetic.parquet: 3,145,728 / 10,000,000 rows (31%)`), otherwise one line at
/// each further tenth, so a log stays short.
final class ProgressChunkWriter: TableChunkWriter {
    let inner: any TableChunkWriter
    /// The name shown (the file's final name: the writer's own is a temporary one).
    let label: String
    let total: Int
    let interactive: Bool
    private let write: (String) -> Void
    private var lastTenth = 0
    /// Rows handed to the writer (a Parquet writer counts rows only as its row groups fill).
    private var appended = 0

    init(_ inner: any TableChunkWriter, label: String, total: Int, interactive: Bool = isatty(2) != 0,
         write: @escaping (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.inner = inner; self.label = label; self.total = max(total, 1); self.interactive = interactive; self.write = write
    }

    var path: String { inner.path }
    var rowsWritten: Int { inner.rowsWritten }

    func append(_ chunk: Table) throws {
        try inner.append(chunk)
        appended += chunk.rowCount
        let done = appended
        let line = "writing \(label): \(Self.grouped(done)) / \(Self.grouped(total)) rows (\(done * 100 / total)%)"
        if interactive {
            write("\r\u{1B}[2K" + line)
        } else if done * 10 / total > lastTenth {
            lastTenth = done * 10 / total
            write(line + "\n")
        }
    }

    func finish() throws {
        try inner.finish()
        if interactive { write("\n") }
    }

    func cancel() {
        inner.cancel()
        if interactive { write("\n") }
    }

    /// `1234567` as `1,234,567`.
    static func grouped(_ n: Int) -> String {
        let digits = Array(String(n))
        var out = ""
        for (k, d) in digits.enumerated() {
            if k > 0 && (digits.count - k) % 3 == 0 { out.append(",") }
            out.append(d)
        }
        return out
    }
}
