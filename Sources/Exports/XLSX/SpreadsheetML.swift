import Foundation

/// The fixed parts of an XLSX package (ECMA-376 SpreadsheetML) and the escaping its text needs.
enum SpreadsheetML {
    static let header = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
    static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    /// Style indices of `styles.xml`'s cellXfs: a date (numFmt 14) and a date-time (custom 164).
    static let dateStyle = 1, dateTimeStyle = 2
    /// Days from Excel's epoch (1899-12-30, as the 1900 date system counts) to 1970-01-01.
    static let unixEpochSerial = 25_569.0
    /// Rows a worksheet can hold.
    static let maximumRows = 1_048_576

    static func contentTypes(sheets: Int) -> String {
        let ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        var x = header + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
        x += #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
        x += #"<Default Extension="xml" ContentType="application/xml"/>"#
        x += #"<Override PartName="/xl/workbook.xml" ContentType="\#(ct).sheet.main+xml"/>"#
        for k in 1...sheets {
            x += #"<Override PartName="/xl/worksheets/sheet\#(k).xml" ContentType="\#(ct).worksheet+xml"/>"#
        }
        x += #"<Override PartName="/xl/styles.xml" ContentType="\#(ct).styles+xml"/>"#
        x += #"<Override PartName="/xl/sharedStrings.xml" ContentType="\#(ct).sharedStrings+xml"/>"#
        return x + "</Types>"
    }

    static let packageRelationships = header
        + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        + #"<Relationship Id="rId1" Type="\#(relationshipNamespace)/officeDocument" Target="xl/workbook.xml"/>"#
        + "</Relationships>"

    static func workbook(sheetNames: [String]) -> String {
        var x = header + #"<workbook xmlns="\#(mainNamespace)" xmlns:r="\#(relationshipNamespace)"><sheets>"#
        for (k, name) in sheetNames.enumerated() {
            x += #"<sheet name="\#(escape(name))" sheetId="\#(k + 1)" r:id="rId\#(k + 1)"/>"#
        }
        return x + "</sheets></workbook>"
    }

    static func workbookRelationships(sheets: Int) -> String {
        var x = header + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        for k in 1...sheets {
            x += #"<Relationship Id="rId\#(k)" Type="\#(relationshipNamespace)/worksheet" Target="worksheets/sheet\#(k).xml"/>"#
        }
        x += #"<Relationship Id="rId\#(sheets + 1)" Type="\#(relationshipNamespace)/styles" Target="styles.xml"/>"#
        x += #"<Relationship Id="rId\#(sheets + 2)" Type="\#(relationshipNamespace)/sharedStrings" Target="sharedStrings.xml"/>"#
        return x + "</Relationships>"
    }

    static let styles = header + #"<styleSheet xmlns="\#(mainNamespace)">"#
        + #"<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\-mm\-dd\ hh:mm:ss"/></numFmts>"#
        + #"<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>"#
        + #"<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>"#
        + #"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#
        + #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
        + #"<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#
        + #"<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#
        + #"<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>"#
        + #"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#
        + "</styleSheet>"

    static func sharedStrings(_ strings: [String]) -> String {
        var x = header + #"<sst xmlns="\#(mainNamespace)" count="\#(strings.count)" uniqueCount="\#(strings.count)">"#
        for s in strings { x += #"<si><t xml:space="preserve">"# + escape(s) + "</t></si>" }
        return x + "</sst>"
    }

    /// The column letters of 0-based column `c`: A ... Z, AA ... ZZ, AAA ...
    static func columnName(_ c: Int) -> String {
        var n = c + 1
        var letters: [UInt8] = []
        while n > 0 {
            n -= 1
            letters.append(UInt8(ascii: "A") + UInt8(n % 26))
            n /= 26
        }
        return String(decoding: letters.reversed(), as: UTF8.self)
    }

    /// Text as XML character data: `& < > "` as entities; the control characters XML 1.0 cannot carry
    /// (all below U+0020 but tab, line feed and carriage return) as SpreadsheetML's `_xHHHH_` escape, and a
    /// literal `_xHHHH_` in the text has its underscore escaped (`_x005F_`) so that it reads back as written.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        var scalars = Array(s.unicodeScalars)[...]
        while let u = scalars.first {
            scalars = scalars.dropFirst()
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "_" where looksLikeEscape(scalars): out += "_x005F_"
            default:
                if u.value < 0x20 && u != "\t" && u != "\n" && u != "\r" {
                    out += "_x" + String(format: "%04X", u.value) + "_"
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out
    }

    /// Whether the scalars after an underscore are `xHHHH_`.
    private static func looksLikeEscape(_ rest: ArraySlice<Unicode.Scalar>) -> Bool {
        let r = Array(rest.prefix(6))
        guard r.count == 6, r[0] == "x", r[5] == "_" else { return false }
        return r[1...4].allSatisfy { $0.properties.isASCIIHexDigit }
    }
}
