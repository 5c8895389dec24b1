import Testing
@testable import SynthTable

/// `CSVNumber` answers as the reader reads: each value alone in a one-column file is read as a number column
/// exactly when `isNumber` says so, and as an integer column exactly when `isInteger` does. The oracle is the
/// reader itself; the cases include one Swift's `Double(_:)` answers differently (`0x1F`). Values are unquoted: the
/// reader keeps quoted fields as text, which is what the callers look for. `nan` is not a case: the reader reads it
/// as a missing value, so it never reaches them as a level.
struct CSVNumberTests {
    @Test(arguments: ["12", "-3", "+4", "1.5", ".5", "1e3", "2E-2", "inf", "-Infinity", "0x1F",
                      "3_750", "1 000", "abc", "1.2.3", "e5", "007"])
    func agreesWithTheReader(_ value: String) throws {
        let kind = try CSVReader().read(text: "x\n\(value)\n\(value)\n").columns[0].kind
        #expect(CSVNumber.isNumber(value) == (kind == .numerical || kind == .integer), "\(value): read as \(kind)")
        #expect(CSVNumber.isInteger(value) == (kind == .integer), "\(value): read as \(kind)")
    }

    /// Control: Swift's own parser disagrees with the reader here, so a check built on it fails above.
    @Test func swiftsDoubleParserIsNotTheReaders() throws {
        #expect(Double("0x1F") != nil && !CSVNumber.isNumber("0x1F"))
        #expect(try CSVReader().read(text: "x\n0x1F\n").columns[0].kind == .categorical)
    }
}
