import SynthMath
import SynthTable

/// The distances the generator properties measure between a training table and another table with the
/// same columns (a synthetic one, or a fresh real one for the noise bound).
enum TableMeasures {
    /// Mean over the drawn columns of the marginal distance on observed values: the KS statistic for
    /// numbers and integers, total variation of level frequencies for categoricals and booleans. The
    /// tercile bands are left out: they are functions of `g0` and `g1`, and uniform by construction.
    static func marginalError(_ real: Table, _ other: Table) throws -> Double {
        mean(try marginalErrors(real, other))
    }

    /// The parts of ``marginalError(_:_:)``: each drawn column's distance, named by column and kind.
    static func marginalErrors(_ real: Table, _ other: Table) throws -> [Part] {
        try real.columns.filter { !$0.name.hasPrefix("band") }.map { column in
            let o = other[column.name]!
            switch column.kind {
            case .numerical, .integer, .datetime:
                let a = observed(column), b = observed(o)
                return Part("\(column.name) (\(column.kind))", a.isEmpty || b.isEmpty ? 1 : try KolmogorovSmirnov.statistic(a, b))
            case .categorical, .boolean:
                return Part("\(column.name) (\(column.kind))", totalVariation(levelShares(column), levelShares(o)))
            }
        }
    }

    /// Mean over pairs of the absolute difference in association: Pearson correlation between the
    /// Gaussian block's columns (complete pairs), Cramér's V between categorical and boolean columns.
    static func dependenceError(_ real: Table, _ other: Table) throws -> Double {
        mean(try dependenceErrors(real, other))
    }

    /// The parts of ``dependenceError(_:_:)``: each pair's absolute difference, named by the pair.
    static func dependenceErrors(_ real: Table, _ other: Table) throws -> [Part] {
        var errors: [Part] = []
        // The block's columns only: `group` also starts with a g, and its level codes are no numbers.
        let numeric = real.columns.filter { $0.kind == .numerical && $0.name.hasPrefix("g") }.map(\.name)
        for (i, a) in numeric.enumerated() {
            for b in numeric[(i + 1)...] {
                errors.append(Part("r(\(a), \(b))", abs(try pearson(real, a, b) - pearson(other, a, b))))
            }
        }
        let discrete = real.columns.filter { $0.kind == .categorical || $0.kind == .boolean }.map(\.name)
        for (i, a) in discrete.enumerated() {
            for b in discrete[(i + 1)...] {
                errors.append(Part("V(\(a), \(b))", abs(try cramersV(real, a, b) - cramersV(other, a, b))))
            }
        }
        return errors
    }

    /// One column's or one pair's share of a measure, for the per-part log (docs/testing.md).
    struct Part: Sendable {
        let name: String
        let error: Double
        init(_ name: String, _ error: Double) { self.name = name; self.error = error }
    }

    static func mean(_ parts: [Part]) -> Double { parts.reduce(0) { $0 + $1.error } / Double(parts.count) }

    /// Rows of `other` equal to some row of `real` in every column (missing equal to missing).
    static func copiedRows(_ real: Table, _ other: Table) -> Int {
        let seen = Set(rowKeys(real))
        return rowKeys(other).filter(seen.contains).count
    }

    static func rowKeys(_ t: Table) -> [String] {
        (0..<t.rowCount).map { i in t.columns.map { $0.text(at: i) ?? "\u{2205}" }.joined(separator: "\u{1F}") }
    }

    static func observed(_ c: Column) -> [Double] { c.doubles().filter { !$0.isNaN } }

    /// Share of each level among the observed values, by level text.
    static func levelShares(_ c: Column) -> [String: Double] {
        var counts: [String: Double] = [:], n = 0.0
        for i in 0..<c.count { if let t = c.text(at: i) { counts[t, default: 0] += 1; n += 1 } }
        return counts.mapValues { $0 / max(n, 1) }
    }

    static func totalVariation(_ p: [String: Double], _ q: [String: Double]) -> Double {
        Set(p.keys).union(q.keys).reduce(0) { $0 + abs((p[$1] ?? 0) - (q[$1] ?? 0)) } / 2
    }

    static func pearson(_ t: Table, _ a: String, _ b: String) throws -> Double {
        let x = t[a]!.doubles(), y = t[b]!.doubles()
        let keep = x.indices.filter { !x[$0].isNaN && !y[$0].isNaN }
        let r = try Correlation.pearson(keep.map { x[$0] }, keep.map { y[$0] })
        return r.isNaN ? 0 : r
    }

    /// Cramér's V over the rows where both are observed, levels by text (0 when a side has one level).
    static func cramersV(_ t: Table, _ a: String, _ b: String) throws -> Double {
        let x = t[a]!, y = t[b]!
        var levelsX: [String: Int32] = [:], levelsY: [String: Int32] = [:]
        var cx: [Int32] = [], cy: [Int32] = []
        for i in 0..<t.rowCount {
            guard let u = x.text(at: i), let v = y.text(at: i) else { continue }
            cx.append(levelsX[u] ?? { levelsX[u] = Int32(levelsX.count); return Int32(levelsX.count - 1) }())
            cy.append(levelsY[v] ?? { levelsY[v] = Int32(levelsY.count); return Int32(levelsY.count - 1) }())
        }
        guard !cx.isEmpty else { return 0 }
        let v = try ContingencyTable(rowCodes: cx, rowLevels: levelsX.count, columnCodes: cy,
                                     columnLevels: levelsY.count).cramersV()
        return v.isNaN ? 0 : v
    }
}

/// How large a measure is between the training table and fresh real tables of the same size from the
/// same truth: its sampling noise. `limit` = mean + 4 sd over the resamples: the measures are averages over
/// columns or pairs and close to normal, so a method as good as a second real sample stays under it
/// (see docs/testing.md).
struct NoiseBound: Sendable, CustomStringConvertible {
    let mean: Double
    let sd: Double
    let resamples: Int
    var limit: Double { mean + 4 * sd }

    init(_ t: PropertyTable, resamples: Int = PropertyTier.current.resamples,
         measure: (Table, Table) throws -> Double) throws {
        let values = try (0..<resamples).map { try measure(t.table, t.fresh($0)) }
        let m = values.reduce(0, +) / Double(values.count)
        mean = m
        sd = (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)).squareRoot()
        self.resamples = resamples
    }

    var description: String { "noise \(fmt(mean)) ± \(fmt(sd)) over \(resamples) real resamples (limit \(fmt(limit)))" }
}

func fmt(_ x: Double) -> String { String(format: "%.4f", x) }
