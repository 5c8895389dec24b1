import SynthTable

/// Tables shared by the evaluation tests. The "medium" pair is generated from a 64-bit LCG whose
/// doubles are exact (`(s >> 11) / 2^53`), so the same formulas in Python give bit-identical tables:
/// that is how the SDMetrics reference numbers in ``SDMetricsReference`` were computed (sdmetrics 0.32.0,
/// pandas 2.3.3, numpy 2.4.6, scipy 1.17.1).
enum Fixtures {
    struct LCG {
        var state: UInt64
        mutating func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / 9_007_199_254_740_992
        }
    }

    /// Real: 300 rows (seed 1); synthetic: 250 rows (seed 2). Columns x, y (numerical, x with missing),
    /// z (integer), cat (categorical with missing; the synthetic one has an extra level "e"),
    /// flag (boolean), ts (datetime), key (integer id, duplicated in the synthetic table).
    static func medium(real: Bool) -> Table {
        let n = real ? 300 : 250
        var g = LCG(state: real ? 1 : 2)
        var x: [Double?] = [], y: [Double?] = [], z: [Int?] = [], cat: [String?] = [], flag: [Bool?] = []
        var ts: [Double?] = [], key: [Int?] = []
        let letters = real ? Array("abcd") : Array("abcde")
        for i in 0..<n {
            let u = (0..<6).map { _ in g.next() }
            if real {
                let xraw = u[0] * 100
                x.append(i % 17 == 5 ? nil : xraw)
                y.append(xraw * 0.8 + u[1] * 30)
                z.append(Int(u[2] * 20))
                cat.append(i % 23 == 7 ? nil : String(letters[min(3, Int(xraw / 25 + u[3] * 0.9))]))
                flag.append(u[4] < (xraw < 50 ? 0.2 : 0.7))
                ts.append(Double(1_600_000_000 + Int(u[5] * 31_536_000)))
                key.append(i)
            } else {
                let xraw = u[0] * 110 - 5
                x.append(i % 13 == 3 ? nil : xraw)
                y.append(xraw * 0.5 + u[1] * 45)
                z.append(Int(u[2] * 21))
                cat.append(i % 19 == 0 ? nil : String(letters[min(4, max(0, Int(xraw / 30 + u[3] * 1.2)))]))
                flag.append(u[4] < (xraw < 50 ? 0.3 : 0.6))
                ts.append(Double(1_600_000_000 + Int(u[5] * 40_000_000)))
                key.append(i % 240)
            }
        }
        return try! Table(columns: [.numerical("x", x), .numerical("y", y), .integer("z", z), .categorical("cat", cat),
                                    .boolean("flag", flag), .datetime("ts", ts, format: .isoDateTime), .integer("key", key)])
    }

    static var mediumMetadata: Metadata {
        metadata(for: medium(real: true), sdtypes: ["x": .numerical, "y": .numerical, "z": .numerical, "cat": .categorical,
                                                     "flag": .boolean, "ts": .datetime, "key": .id], primaryKey: "key")
    }

    /// Degenerate columns: constant, all-missing, a single category; 8 real rows, 6 synthetic rows.
    static func degenerate(real: Bool) -> Table {
        if real {
            return try! Table(columns: [
                .numerical("const", Array(repeating: 5.0, count: 8)),
                .numerical("allnan", Array(repeating: nil, count: 8)),
                .numerical("num", [1.0, 2.5, 3.0, 4.5, 5.0, 7.5, 8.0, 10.0]),
                .numerical("num2", [2.0, 2.4, 3.3, 4.1, 5.9, 7.0, 8.8, 9.5]),
                .categorical("single", Array(repeating: "u", count: 8)),
                .categorical("cat2", ["p", "q", nil, "p", "q", "q", "p", nil])])
        }
        return try! Table(columns: [
            .numerical("const", [4.0, 5.0, 6.0, 5.0, 5.0, 7.0]),
            .numerical("allnan", [1.0, nil, 2.0, 3.0, nil, 4.0]),
            .numerical("num", [2.0, 3.0, 3.0, 9.0, 11.0, nil]),
            .numerical("num2", [1.0, 3.0, 2.0, 8.0, 12.0, 4.0]),
            .categorical("single", ["u", "v", "u", "u", nil, "u"]),
            .categorical("cat2", ["p", "p", "q", "r", nil, "q"])])
    }

    static var degenerateMetadata: Metadata {
        metadata(for: degenerate(real: true), sdtypes: ["const": .numerical, "allnan": .numerical, "num": .numerical,
                                                         "num2": .numerical, "single": .categorical, "cat2": .categorical])
    }

    /// Detected metadata with the given sdtypes forced (and the detected primary key replaced).
    static func metadata(for table: Table, sdtypes: [String: SDVSdtype], primaryKey: String? = nil,
                         target: String? = nil, task: LearningTask = .none) -> Metadata {
        var m = Metadata.detect(from: table)
        for i in m.columns.indices { if let s = sdtypes[m.columns[i].name] { m.columns[i].sdtype = s } }
        // The SDMetrics references were computed on DataFrames holding datetime64 columns, with metadata
        // without `datetime_format` (so the diagnostic report has no DatetimeFormatAdherence row).
        for i in m.columns.indices { m.columns[i].datetimeFormat = nil }
        m.primaryKey = primaryKey
        m.alternateKeys = []
        m.target = target
        m.task = task
        return m
    }
}
