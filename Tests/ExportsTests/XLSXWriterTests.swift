import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import SynthTable
import Testing
import ZIPFoundation
@testable import Exports

/// The workbook unzipped (ZIPFoundation) and its XML parsed (Foundation's XMLParser).
@Suite struct XLSXWriterTests {
    struct Cell: Equatable { var ref: String; var type: String?; var style: String?; var value: String }

    /// Collects `<c>` cells with their `<v>`, or `<si>` texts of the shared strings.
    final class SheetReader: NSObject, XMLParserDelegate {
        var cells: [Cell] = []
        var strings: [String] = []
        private var current: Cell? = nil
        private var text = ""
        private var inValue = false, inText = false

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            switch name {
            case "c": current = Cell(ref: attributes["r"] ?? "", type: attributes["t"], style: attributes["s"], value: "")
            case "v": inValue = true; text = ""
            case "t": inText = true; text = ""
            default: break
            }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { if inValue || inText { text += string } }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            switch name {
            case "v": inValue = false; current?.value = text
            case "c": if let c = current { cells.append(c) }; current = nil
            case "t": inText = false; strings.append(text)
            default: break
            }
        }

        static func parse(_ data: Data) -> SheetReader {
            let reader = SheetReader()
            let parser = XMLParser(data: data)
            parser.delegate = reader
            #expect(parser.parse(), "XML does not parse: \(String(describing: parser.parserError))")
            return reader
        }
    }

    static func entry(_ archive: Archive, _ path: String) throws -> Data {
        let e = try #require(archive[path], "no \(path) in the workbook")
        var data = Data()
        _ = try archive.extract(e) { data.append($0) }
        return data
    }

    @Test func workbookReadsBack() throws {
        let dir = try ExportFixtures.directory("xlsx")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("t.xlsx")
        let quality: [[TableCell]] = [[.text("metric"), .text("value")], [.text("utility.score"), .double(0.75)]]
        try XLSXWriter(path: url.path, extraSheets: [("quality", quality)]).write(ExportFixtures.mixed(), sliceRows: 2)
        #expect(ExportFixtures.allFiles(dir) == ["t.xlsx"])
        let archive = try Archive(url: url, accessMode: .read)
        for part in ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"] {
            _ = SheetReader.parse(try Self.entry(archive, part))
        }
        let strings = SheetReader.parse(try Self.entry(archive, "xl/sharedStrings.xml")).strings
        let cells = SheetReader.parse(try Self.entry(archive, "xl/worksheets/sheet1.xml")).cells
        func cell(_ ref: String) -> Cell? { cells.first { $0.ref == ref } }
        func text(_ ref: String) -> String? { cell(ref).flatMap { $0.type == "s" ? strings[Int($0.value)!] : nil } }
        #expect((0..<6).map { text(SpreadsheetML.columnName($0) + "1") } == ["x", "n", "flag", "label", "day", "at"])
        #expect(cell("A2") == Cell(ref: "A2", type: nil, style: nil, value: "1.5"))
        #expect(cell("A4") == nil)                      // missing: no cell
        #expect(cell("B6")?.value == "2147483648")
        #expect(cell("C3") == Cell(ref: "C3", type: "b", style: nil, value: "0"))
        #expect(text("D2") == "a \"quoted\" 'word'")
        #expect(text("D3") == "<b>&amp;</b>")            // escaped in the XML, read back as written
        #expect(text("D5") == "tab\there_x0001_")        // the control character as SpreadsheetML's escape
        #expect(text("D6") == "Zürich")
        #expect(cell("E3") == Cell(ref: "E3", type: nil, style: "1", value: "25934.0"))   // 1971-01-01
        #expect(cell("F6") == Cell(ref: "F6", type: nil, style: "2", value: "\(59.0 / 86_400 + 25_569)"))
        let q = SheetReader.parse(try Self.entry(archive, "xl/worksheets/sheet2.xml")).cells
        #expect(q.last == Cell(ref: "B2", type: nil, style: nil, value: "0.75"))
        let workbook = String(decoding: try Self.entry(archive, "xl/workbook.xml"), as: UTF8.self)
        #expect(workbook.contains(#"<sheet name="data""#) && workbook.contains(#"<sheet name="quality""#))
    }

    @Test func columnNames() {
        #expect([0, 25, 26, 51, 52, 701, 702].map(SpreadsheetML.columnName) == ["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA"])
    }

    @Test func escapeKeepsLiteralEscapeLookalikes() {
        #expect(SpreadsheetML.escape("a_x0041_b") == "a_x005F_x0041_b")
        #expect(SpreadsheetML.escape("a_b & c") == "a_b &amp; c")
    }

    /// More rows than a worksheet holds fail naming the limit, and leave no file.
    @Test func tooManyRowsFail() throws {
        let dir = try ExportFixtures.directory("xlsx-big")
        defer { try? FileManager.default.removeItem(at: dir) }
        let writer = try XLSXWriter(path: dir.appendingPathComponent("t.xlsx").path)
        let big = try Table(columns: [Column(name: "b", values: .boolean(Array(repeating: true, count: SpreadsheetML.maximumRows)))])
        #expect(throws: ExportError.self) { try writer.append(big) }
        #expect(ExportFixtures.allFiles(dir).isEmpty)
    }

    /// A workbook in a folder that does not exist is named by its own path, not its hidden sheet's
    /// (`.t.xlsx.PID.sheet1.xml`). Control: the same name in the test's folder opens.
    @Test func aMissingFolderNamesTheWorkbook() throws {
        let dir = try ExportFixtures.directory("xlsx-nodir")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("nodir/t.xlsx").path
        #expect(throws: ExportError(path: path, "cannot create the file: No such file or directory")) { try XLSXWriter(path: path) }
        let writer = try XLSXWriter(path: dir.appendingPathComponent("t.xlsx").path)
        writer.cancel()
    }
}
