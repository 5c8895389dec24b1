import Foundation
import SynthTable
import ZIPFoundation

/// Writes a table that arrives in row chunks as an XLSX workbook (SpreadsheetML in a ZIP, through
/// ZIPFoundation): sheet `data` (the header row, then one row per table row), and further sheets of
/// ready rows, such as `metadata` and `quality` (``ExportSheets``). Cells are typed: numbers, booleans
/// (`t="b"`), text through the shared strings table (`t="s"`), datetimes as Excel serial days with a date
/// or date-time style; a missing value is an absent cell; NaN and infinities, which a worksheet cannot
/// hold, are the error cell `#NUM!`. The data sheet's XML streams to a hidden temporary file, so memory
/// holds the distinct strings, not the rows. A worksheet holds at most 1,048,576 rows (the header included).
package final class XLSXWriter: TableChunkWriter {
    package let path: String
    package private(set) var rowsWritten = 0
    /// Sheets after `data`: a name and its rows (the first row a header).
    package let extraSheets: [(name: String, rows: [[TableCell]])]

    private let sheet: StreamingFile
    private let sheetPath: String
    private var strings: [String] = []
    private var stringIndex: [String: Int] = [:]
    private var kinds: [ColumnKind]? = nil

    package init(path: String, extraSheets: [(name: String, rows: [[TableCell]])] = []) throws(ExportError) {
        self.path = path
        self.extraSheets = extraSheets
        let url = URL(fileURLWithPath: path)
        sheetPath = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).sheet1.xml").path
        // The sheet streams to a hidden sibling; a failure is the workbook's, named by the path the user gave.
        do { sheet = try StreamingFile(path: sheetPath) } catch { throw ExportError(path: path, error.reason) }
        try sheet.write(SpreadsheetML.header + #"<worksheet xmlns="\#(SpreadsheetML.mainNamespace)"><sheetData>"#)
    }

    deinit { cancel() }

    package func append(_ chunk: Table) throws(ExportError) {
        do throws(ExportError) {
            if let kinds {
                guard chunk.columns.map(\.kind) == kinds else { throw ExportError(path: path, "a chunk's columns differ from the first chunk's") }
            } else {
                kinds = chunk.columns.map(\.kind)
                try sheet.write(row(1, chunk.columns.map { .text($0.name) }))
            }
            guard rowsWritten + chunk.rowCount + 1 <= SpreadsheetML.maximumRows else {
                throw ExportError(path: path, "\(rowsWritten + chunk.rowCount) rows do not fit in one worksheet (at most \(SpreadsheetML.maximumRows - 1) below the header); use parquet, csv or sqlite for larger tables")
            }
            var text = ""
            for i in 0..<chunk.rowCount {
                text += row(rowsWritten + i + 2, chunk.columns.map { TableCell($0, row: i) })
                if text.utf8.count >= 1 << 16 { try sheet.write(text); text = "" }
            }
            try sheet.write(text)
            rowsWritten += chunk.rowCount
        } catch {
            cancel()
            throw error
        }
    }

    package func finish() throws(ExportError) {
        guard kinds != nil else {
            cancel()
            throw ExportError(path: path, "no chunk was appended, so the data sheet has no columns")
        }
        let temporary = StreamingFile.temporaryPath(for: path)
        do throws(ExportError) {
            try sheet.write("</sheetData></worksheet>")
            try sheet.finish()
            var parts: [(String, String)] = []
            for (k, extra) in extraSheets.enumerated() {
                var x = SpreadsheetML.header + #"<worksheet xmlns="\#(SpreadsheetML.mainNamespace)"><sheetData>"#
                for (r, cells) in extra.rows.enumerated() { x += row(r + 1, cells) }
                parts.append(("xl/worksheets/sheet\(k + 2).xml", x + "</sheetData></worksheet>"))
            }
            let names = ["data"] + extraSheets.map(\.name)
            parts = [
                ("[Content_Types].xml", SpreadsheetML.contentTypes(sheets: names.count)),
                ("_rels/.rels", SpreadsheetML.packageRelationships),
                ("xl/workbook.xml", SpreadsheetML.workbook(sheetNames: names)),
                ("xl/_rels/workbook.xml.rels", SpreadsheetML.workbookRelationships(sheets: names.count)),
                ("xl/styles.xml", SpreadsheetML.styles),
                ("xl/sharedStrings.xml", SpreadsheetML.sharedStrings(strings)),
            ] + parts
            unlink(temporary)
            do {
                let archive = try Archive(url: URL(fileURLWithPath: temporary), accessMode: .create)
                for (name, xml) in parts { try ZipEntry.add(Data(xml.utf8), named: name, to: archive) }
                let size = StreamingFile.size(of: sheetPath) ?? 0
                try ZipEntry.add(file: URL(fileURLWithPath: sheetPath), size: size, named: "xl/worksheets/sheet1.xml", to: archive)
            } catch {
                throw ExportError(path: path, "cannot write the workbook: \(error)")
            }
            unlink(sheetPath)
            try StreamingFile.publish(temporary, to: path, failure: "cannot move the finished workbook into place")
        } catch {
            unlink(temporary)
            cancel()
            throw error
        }
    }

    package func cancel() {
        sheet.cancel()
        unlink(sheetPath)
    }

    // MARK: Cells

    private func row(_ r: Int, _ cells: [TableCell]) -> String {
        var x = #"<row r="\#(r)">"#
        for (c, cell) in cells.enumerated() {
            let ref = SpreadsheetML.columnName(c) + String(r)
            switch cell {
            case .null: continue
            case .double(let v):
                x += v.isFinite ? #"<c r="\#(ref)"><v>\#(v)</v></c>"# : #"<c r="\#(ref)" t="e"><v>#NUM!</v></c>"#
            case .integer(let n): x += #"<c r="\#(ref)"><v>\#(n)</v></c>"#
            case .boolean(let b): x += #"<c r="\#(ref)" t="b"><v>\#(b ? 1 : 0)</v></c>"#
            case .text(let s): x += #"<c r="\#(ref)" t="s"><v>\#(stringID(s))</v></c>"#
            case .datetime(let s, let hasTime, _):
                let serial = s / 86_400 + SpreadsheetML.unixEpochSerial
                let style = hasTime ? SpreadsheetML.dateTimeStyle : SpreadsheetML.dateStyle
                x += #"<c r="\#(ref)" s="\#(style)"><v>\#(serial)</v></c>"#
            }
        }
        return x + "</row>"
    }

    private func stringID(_ s: String) -> Int {
        if let k = stringIndex[s] { return k }
        let k = strings.count
        strings.append(s)
        stringIndex[s] = k
        return k
    }
}
