import Foundation
import Testing
@testable import SynthTable

/// Reads CSV text with the given options (and chunk size, to split records across buffer refills).
func readCSV(_ text: String, _ options: CSVOptions = CSVOptions(), chunkSize: Int? = nil) throws(CSVError) -> Table {
    try readCSV(Array(text.utf8), options, chunkSize: chunkSize)
}

func readCSV(_ bytes: [UInt8], _ options: CSVOptions = CSVOptions(), chunkSize: Int? = nil) throws(CSVError) -> Table {
    var reader = CSVReader(options: options)
    if let chunkSize { reader.chunkSize = chunkSize }
    return try reader.read(bytes: bytes, name: "t.csv")
}

/// Dialect, missing values and type inference.
@Suite struct CSVReaderTests {
    @Test func infersEachKind() throws {
        let t = try readCSV("""
            i,f,b,d,c,dt,us
            1,1.5,true,2020-01-01,x,2020-01-01 10:00:00,01/31/2020
            -2,-2,False,2021-12-31,y,2021-06-30 23:59:59,12/01/1999
            +3,1e3,TRUE,1999-02-28,x,1970-01-01 00:00:00,02/29/2000

            """)
        #expect(t.columnNames == ["i", "f", "b", "d", "c", "dt", "us"])
        #expect(t["i"]?.values == .integer([1, -2, 3]))
        #expect(t["f"]?.values == .numerical([1.5, -2, 1000]))
        #expect(t["b"]?.values == .boolean([true, false, true]))
        let days: [Double] = [18262, 18992, 10650]  // days since 1970-01-01
        #expect(t["d"]?.values == .datetime(seconds: days.map { $0 * 86400 }, format: .isoDate))
        #expect(t["c"]?.values == .categorical(codes: [0, 1, 0], levels: ["x", "y"]))
        #expect(t["dt"]?.values == .datetime(seconds: [1_577_872_800, 1_625_097_599, 0], format: .isoDateTime))
        #expect(t["us"]?.kind == .datetime)
        #expect(t["us"]?.text(at: 2) == "02/29/2000")
    }

    @Test func integerColumnBecomesNumericalLateAndExactly() throws {
        var text = "x\n"
        for i in 0..<300 { text += "\(9_007_199_254_740_993 + i)\n" }  // above 2^53: exact as Int only
        text += "0.5\n"
        let t = try readCSV(text, chunkSize: 64)
        let expected = (0..<300).map { Double(9_007_199_254_740_993 + $0) } + [0.5]
        #expect(t["x"]?.values == .numerical(expected))
    }

    @Test func integerOverflowIsNumerical() throws {
        let t = try readCSV("x\n1\n9223372036854775808\n")
        #expect(t["x"]?.values == .numerical([1, 9_223_372_036_854_775_808]))
    }

    @Test func numbersThenTextKeepTheExactText() throws {
        let t = try readCSV("x\n007\n1.50\nNA\n007\n1e2\nabc\n1.50\n")
        #expect(t["x"]?.values == .categorical(codes: [0, 1, -1, 0, 2, 3, 1], levels: ["007", "1.50", "1e2", "abc"]))
        #expect(t["x"]?.missing == [false, false, true, false, false, false, false])
    }

    @Test func booleansThenNumbersAreCategorical() throws {
        let t = try readCSV("x\ntrue\nfalse\n1\n")
        #expect(t["x"]?.values == .categorical(codes: [0, 1, 2], levels: ["true", "false", "1"]))
    }

    @Test func mixedDatetimeLayoutsAreCategorical() throws {
        let t = try readCSV("x\n2020-01-01\n2020-01-02 10:00:00\n")
        #expect(t["x"]?.kind == .categorical)
        let u = try readCSV("x\n2020-02-30\n")  // not a real day
        #expect(u["x"]?.kind == .categorical)
    }

    @Test func allMissingColumnIsNumerical() throws {
        let t = try readCSV("a,b\n1,\n2,NA\n")
        #expect(t["b"]?.values == .numerical([0, 0]))
        #expect(t["b"]?.missing == [true, true])
    }

    @Test func missingTokens() throws {
        let t = try readCSV("x,y\n1,a\n,NA\nN/A,N/A\nNaN,NaN\nnan,nan\nnull,null\nNULL,NULL\n?,?\n\"\",\"\"\n2,\"NA\"\n")
        #expect(t["x"]?.values == .integer([1, 0, 0, 0, 0, 0, 0, 0, 0, 2]))
        #expect(t["x"]?.missing == [false] + Array(repeating: true, count: 8) + [false])
        // A quoted token is text, not missing; the quoted empty field is missing.
        #expect(t["y"]?.values == .categorical(codes: [0, -1, -1, -1, -1, -1, -1, -1, -1, 1], levels: ["a", "NA"]))
        let custom = try readCSV("x\n1\n-999\n\n", CSVOptions(missingTokens: ["-999"]))
        #expect(custom["x"]?.missing == [false, true])
        let none = try readCSV("x\nNA\n", CSVOptions(missingTokens: []))
        #expect(none["x"]?.values == .categorical(codes: [0], levels: ["NA"]))
    }

    @Test func quotedFieldsAreTextUnlessTheOptionIsOff() throws {
        let text = "zip,n\n\"02134\",\"1\"\n\"10001\",\"2\"\n"
        let t = try readCSV(text)
        #expect(t["zip"]?.values == .categorical(codes: [0, 1], levels: ["02134", "10001"]))
        let u = try readCSV(text, CSVOptions(quotedFieldsAreText: false))
        #expect(u["zip"]?.values == .integer([2134, 10001]))
        #expect(u["n"]?.values == .integer([1, 2]))
    }

    @Test func rfc4180Quoting() throws {
        let text = "name,note\r\n\"Smith, J.\",\"said \"\"hi\"\"\"\r\n\"multi\r\nline\",\"a\nb\"\r\nplain,\"\"\"\"\r\n"
        let t = try readCSV(text)
        #expect(t["name"]?.values == .categorical(codes: [0, 1, 2], levels: ["Smith, J.", "multi\r\nline", "plain"]))
        #expect(t["note"]?.values == .categorical(codes: [0, 1, 2], levels: ["said \"hi\"", "a\nb", "\""]))
    }

    @Test func byteOrderMarkAndLineEndings() throws {
        let lf = try readCSV("a,b\n1,x\n2,y\n")
        #expect(try readCSV([0xEF, 0xBB, 0xBF] + Array("a,b\r\n1,x\r\n2,y\r\n".utf8)) == lf)
        #expect(try readCSV("a,b\r1,x\r2,y\r") == lf)  // lone CR
        #expect(try readCSV("a,b\n1,x\n2,y") == lf)  // no final newline
        #expect(try readCSV("\n\na,b\n1,x\n2,y\n\n\r\n\n") == lf)  // leading and trailing blank lines
    }

    @Test func emptyTrailingField() throws {
        let t = try readCSV("a,b\n1,\n2,")
        #expect(t["b"]?.missing == [true, true])
    }

    @Test func otherDelimiters() throws {
        let t = try readCSV("a;b\n1,5;x\n", CSVOptions(delimiter: UInt8(ascii: ";")))
        #expect(t["a"]?.values == .categorical(codes: [0], levels: ["1,5"]))
        let tab = try readCSV("a\tb\n1\t2\n", CSVOptions(delimiter: UInt8(ascii: "\t")))
        #expect(tab["b"]?.values == .integer([2]))
    }

    @Test func adultStyleLines() throws {
        let options = CSVOptions(trimLeadingSpaces: true, hasHeader: false,
                                 columnNames: ["age", "workclass", "fnlwgt", "income"])
        let text = "39, State-gov, 77516, <=50K\n50, ?, 83311, >50K\n38,   \"Private, Inc\",215646, <=50K\n\n"
        let t = try readCSV(text, options)
        #expect(t.rowCount == 3)
        #expect(t["age"]?.values == .integer([39, 50, 38]))
        #expect(t["workclass"]?.values == .categorical(codes: [0, -1, 1], levels: ["State-gov", "Private, Inc"]))
        #expect(t["income"]?.values == .categorical(codes: [0, 1, 0], levels: ["<=50K", ">50K"]))
        // Without trimming the spaces are part of the values.
        let raw = try readCSV("a,b\n1, x\n", CSVOptions())
        #expect(raw["b"]?.values == .categorical(codes: [0], levels: [" x"]))
    }

    @Test func skipLinesAndHeaderless() throws {
        let wine = "178,13,class_0,class_1,class_2\n14.23,1.71,0\n13.2,1.78,1\n"
        let t = try readCSV(wine, CSVOptions(hasHeader: false, columnNames: ["alcohol", "malic_acid", "class"], skipLines: 1))
        #expect(t.columnNames == ["alcohol", "malic_acid", "class"])
        #expect(t["class"]?.values == .integer([0, 1]))
        let adultTest = "|1x3 Cross validator\n25, Private\n"
        let u = try readCSV(adultTest, CSVOptions(trimLeadingSpaces: true, hasHeader: false, skipLines: 1))
        #expect(u.columnNames == ["column_1", "column_2"])
        #expect(u.rowCount == 1)
        // A skipped line is not parsed: an odd quote there does not matter.
        #expect(try readCSV("junk \"\nx\n1\n", CSVOptions(skipLines: 1)).rowCount == 1)
    }

    @Test func singleColumnBlankLinesInsideAreMissing() throws {
        let t = try readCSV("x\n1\n\n2\n\n\n")
        #expect(t["x"]?.values == .integer([1, 0, 2]))
        #expect(t["x"]?.missing == [false, true, false])
    }

    @Test func unicodeValuesAndNames() throws {
        let t = try readCSV("città,🐧\nZürich,日本\n")
        #expect(t.columnNames == ["città", "🐧"])
        #expect(t["🐧"]?.values == .categorical(codes: [0], levels: ["日本"]))
    }

    @Test func forcedKinds() throws {
        let text = "code,x,flag,day\n001,1,true,2020-01-01\n002,2,false,\n"
        let t = try readCSV(text, CSVOptions(forcedKinds: ["code": .categorical, "x": .numerical,
                                                          "flag": .boolean, "day": .datetime]))
        #expect(t["code"]?.values == .categorical(codes: [0, 1], levels: ["001", "002"]))
        #expect(t["x"]?.values == .numerical([1, 2]))
        #expect(t["flag"]?.values == .boolean([true, false]))
        let day: Double = 18262 * 86400
        #expect(t["day"]?.values == .datetime(seconds: [day, 0], format: .isoDate))
        #expect(t["day"]?.missing == [false, true])
        // Quoted values still parse as a forced kind.
        let q = try readCSV("x\n\"5\"\n", CSVOptions(forcedKinds: ["x": .integer]))
        #expect(q["x"]?.values == .integer([5]))
        // An all-missing forced column has the forced kind.
        let m = try readCSV("a,b\n1,\n", CSVOptions(forcedKinds: ["b": .boolean]))
        #expect(m["b"]?.values == .boolean([false]))
        #expect(m["b"]?.missing == [true])
    }

    @Test func readsFiles() throws {
        let path = NSTemporaryDirectory() + "synthtable-reader-\(getpid()).csv"
        defer { unlink(path) }
        try Array("a,b\n1,x\n".utf8).withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: path)) }
        let t = try CSVReader().read(path: path)
        #expect(t == (try readCSV("a,b\n1,x\n")))
    }

    /// Every chunk size from 1 byte up splits fields, quotes, `""` escapes, CRLF pairs, a BOM and
    /// multi-byte characters at every possible place; the table must not change.
    @Test func chunkBoundariesDoNotMatter() throws {
        let bytes = [0xEF, 0xBB, 0xBF] + Array("""
            skip me "
            id,text,value\r
            1,"a ""quoted"", value\r
            on two lines",1.5\r
            2,  plain ,\r
            3,"",NA\r
            4,日本語 🐧,-2.25e-3\r
            5,"x,y",7\r
            \r
            \r

            """.utf8)
        let options = CSVOptions(skipLines: 1)
        let whole = try readCSV(bytes, options)
        #expect(whole.rowCount == 5)
        #expect(whole["text"]?.text(at: 0) == "a \"quoted\", value\r\non two lines")
        #expect(whole["value"]?.values == .numerical([1.5, 0, 0, -2.25e-3, 7]))
        for size in 1...(bytes.count + 1) {
            #expect(try readCSV(bytes, options, chunkSize: size) == whole, "chunk size \(size)")
        }
    }
}
