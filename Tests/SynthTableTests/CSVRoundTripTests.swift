import Foundation
import PropertyBased
import Testing
@testable import SynthTable

/// Random tables of every kind, with awkward names and values, for write -> read round trips.
enum RandomTables {
    /// Characters that stress quoting and encoding: delimiters, quotes, CR, LF, spaces, tabs, a BOM
    /// character, letters that spell missing tokens and booleans, and multi-byte UTF-8.
    static let alphabet: [Character] = Array("abcxyzNA?/ .,;|\t\"\r\n\r\n-+e0123456789éß日本🐧\u{FEFF}")
    static let specialStrings = ["NA", "N/A", "?", "nan", "NULL", "true", "FALSE", "007", "1.5", "-inf", "2020-01-01",
                                 "01/02/2020", " lead", "trail ", "\"", "\"\"", ",", "\r\n", "\n", "plain"]
    static let specialDoubles: [Double] = [0, -0.0, 1, -1, 0.1, 1e15, 1e16, 1e-300, .leastNonzeroMagnitude, .greatestFiniteMagnitude,
                                           .infinity, -.infinity, 123456789.123, 3]

    static func string(using rng: inout Xoshiro) -> String {
        let s = Gen.element(of: alphabet).map { $0! }.array(of: 1...8).map { String($0) }
        return Gen.bool(0.3).run(using: &rng) ? Gen.element(of: specialStrings).run(using: &rng)! : s.run(using: &rng)
    }

    static func table(using rng: inout Xoshiro, maxRows: Int = 25, maxColumns: Int = 5) -> Table {
        let columnCount = Gen.int(in: 1...maxColumns).run(using: &rng)
        let rows = Gen.int(in: 1...maxRows).run(using: &rng)
        let missingRate = Gen.element(of: [0, 0.1, 0.5] as [Float]).run(using: &rng)!
        var names: [String] = []
        while names.count < columnCount {
            let n = string(using: &rng)
            if !names.contains(n) { names.append(n) }
        }
        let columns = names.map { name -> Column in
            var present = Gen.bool(1 - missingRate).array(of: rows).run(using: &rng)
            if !present.contains(true) { present[0] = true }  // an all-missing column reads back numerical
            func cells<T>(_ gen: () -> T) -> [T?] { present.map { $0 ? gen() : nil } }
            switch Gen.element(of: ColumnKind.allCases).run(using: &rng)! {
            case .numerical:
                let bits = Gen.uint64(in: 0...UInt64.max)
                let value = Gen.double(in: -1e6...1e6)
                return .numerical(name, cells {
                    switch Gen.int(in: 0...2).run(using: &rng) {
                    case 0: return value.run(using: &rng)
                    case 1: return Gen.element(of: specialDoubles).run(using: &rng)!
                    default:
                        let x = Double(bitPattern: bits.run(using: &rng))
                        return x.isFinite ? x : 2.5
                    }
                })
            case .integer:
                let wide = Gen.bool().run(using: &rng)
                let gen = wide ? Gen.int(in: Int.min...Int.max) : Gen.int(in: -100...100)
                return .integer(name, cells { gen.run(using: &rng) })
            case .boolean:
                return .boolean(name, cells { Gen.bool().run(using: &rng) })
            case .categorical:
                let pool = (0..<Gen.int(in: 1...6).run(using: &rng)).map { _ in string(using: &rng) }
                return .categorical(name, cells { Gen.element(of: pool).run(using: &rng)! })
            case .datetime:
                let format = Gen.element(of: DatetimeFormat.candidates).run(using: &rng)!
                let dateOnly = !format.pattern.contains("%H")
                let seconds = Gen.int(in: -2_208_988_800...4_102_444_800)  // 1900 to 2100
                return .datetime(name, cells {
                    let s = seconds.run(using: &rng)
                    return Double(dateOnly ? s - ((s % 86400) + 86400) % 86400 : s)
                }, format: format)
            }
        }
        return try! Table(columns: columns)  // distinct names, equal lengths
    }
}

@Suite struct CSVRoundTripTests {
    /// Equal tables, with numerical values compared bit for bit (so -0.0 is not 0.0).
    private func expectIdentical(_ read: Table, _ written: Table, _ context: String,
                                 sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(read == written, "\(context)", sourceLocation: sourceLocation)
        guard read.columnCount == written.columnCount else { return }
        for (a, b) in zip(read.columns, written.columns) {
            if case .numerical(let x) = a.values, case .numerical(let y) = b.values {
                #expect(x.map(\.bitPattern) == y.map(\.bitPattern), "\(context)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test(arguments: Array(0..<60) as [UInt64])
    func writeThenReadIsIdentity(seed: UInt64) throws {
        var rng = seededXoshiro(seed)
        let table = RandomTables.table(using: &rng)
        var options = CSVOptions(delimiter: Gen.element(of: Array(",;|\t".utf8)).run(using: &rng)!,
                                 trimLeadingSpaces: Gen.bool().run(using: &rng))
        if Gen.bool(0.25).run(using: &rng) {
            options.hasHeader = false
            options.columnNames = table.columnNames
        }
        let writer = CSVWriter(options: options, crlf: Gen.bool().run(using: &rng))
        let bytes = try writer.encode(table)
        let text = String(decoding: bytes, as: UTF8.self)
        let chunk = Gen.element(of: [1, 2, 3, 7, 64, 4096]).run(using: &rng)!
        let read = try readCSV(bytes, options, chunkSize: chunk)
        expectIdentical(read, table, "seed \(seed), chunk \(chunk), options \(options):\n\(text)")
        // Same through a file.
        let path = NSTemporaryDirectory() + "synthtable-roundtrip-\(getpid())-\(seed).csv"
        defer { unlink(path) }
        try writer.write(table, to: path)
        expectIdentical(try CSVReader(options: options).read(path: path), table, "file, seed \(seed)")
    }

    /// Longer tables read in small chunks, so every column's values span many buffer refills.
    @Test(arguments: [100, 101] as [UInt64])
    func longTablesRoundTrip(seed: UInt64) throws {
        var rng = seededXoshiro(seed)
        let table = RandomTables.table(using: &rng, maxRows: 1500, maxColumns: 8)
        let bytes = try CSVWriter().encode(table)
        expectIdentical(try readCSV(bytes, chunkSize: 61), table, "seed \(seed)")
    }
}
