import Foundation
import SynthMath

/// A generated table and the distributions it was drawn from.
public struct SyntheticTable: Sendable {
    public var table: Table
    public var truth: SyntheticTableTruth
}

/// Draws tables with known structure from a ``SyntheticTableSpec`` and a seed.
///
/// Reproducible and stable: column `c` draws its values from `RandomStream(seed).derived("values:c")` and
/// its missing mask from `derived("missing:c")` (a Gaussian block from `derived("block:<first name>")`),
/// so the same seed gives the same table byte for byte, and adding a column does not change the others.
public enum SyntheticTableGenerator {
    public static func generate(_ spec: SyntheticTableSpec, seed: UInt64) throws(SyntheticTableError) -> SyntheticTable {
        try validate(spec)
        let root = RandomStream(seed: seed)
        let n = spec.rowCount
        var columns: [Column] = []
        var truths: [SyntheticTableTruth.ColumnTruth] = []
        var blocks: [SyntheticTableTruth.CorrelatedBlock] = []

        func missingMask(_ name: String, _ rate: Double) -> [Bool] {
            var mask = [Bool](repeating: false, count: n)
            guard rate > 0 else { return mask }
            var rng = root.derived("missing:\(name)")
            for i in 0..<n where rng.nextDouble() < rate { mask[i] = true }
            return mask
        }

        for block in spec.gaussianBlocks {
            let d = block.names.count
            let correlation = try resolve(block)
            let l: Matrix
            do { l = try correlation.cholesky() } catch {
                throw .invalid(column: block.names[0], reason: "the correlation matrix is not positive definite (\(error))")
            }
            // Rows of Z are independent standard normals; X = Z Lᵀ has rows ~ N(0, L Lᵀ).
            var rng = root.derived("block:\(block.names[0])")
            var z = Matrix(rows: n, cols: d)
            z.storage.withUnsafeMutableBufferPointer { rng.fillNormal($0) }
            let x = Matrix.multiply(z, l, transposeB: true)
            for j in 0..<d {
                let mean = block.means[j], sd = block.standardDeviations[j]
                var values = [Double](repeating: 0, count: n)
                x.storage.withUnsafeBufferPointer { p in
                    values.withUnsafeMutableBufferPointer { v in
                        for i in 0..<n { v[i] = mean + sd * p[i * d + j] }
                    }
                }
                let name = block.names[j]
                let mask = missingMask(name, block.missingRates[j])
                blank(&values, mask, 0)
                columns.append(Column(name: name, values: .numerical(values), missing: mask))
                truths.append(.init(name: name, distribution: .gaussian(mean: mean, standardDeviation: sd),
                                    missingRate: block.missingRates[j]))
            }
            blocks.append(.init(names: block.names, correlation: correlation))
        }

        for spec in spec.mixtures {
            let total = spec.components.reduce(0) { $0 + $1.weight }
            let components = spec.components.map {
                SyntheticTableSpec.MixtureComponent(weight: $0.weight / total, mean: $0.mean, standardDeviation: $0.standardDeviation)
            }
            let cumulative = cumulativeSums(components.map(\.weight))
            var rng = root.derived("values:\(spec.name)")
            var values = [Double](repeating: 0, count: n)
            values.withUnsafeMutableBufferPointer { v in
                for i in 0..<n {
                    let c = components[pick(cumulative, rng.nextDouble())]
                    v[i] = c.mean + c.standardDeviation * rng.nextNormal()
                }
            }
            let mask = missingMask(spec.name, spec.missingRate)
            blank(&values, mask, 0)
            columns.append(Column(name: spec.name, values: .numerical(values), missing: mask))
            truths.append(.init(name: spec.name, distribution: .mixture(components), missingRate: spec.missingRate))
        }

        for spec in spec.integers {
            var rng = root.derived("values:\(spec.name)")
            var values = [Int](repeating: 0, count: n)
            let truth: SyntheticTableTruth.Distribution
            switch spec.distribution {
            case .uniform(let range):
                let width = range.upperBound - range.lowerBound + 1
                for i in 0..<n { values[i] = range.lowerBound + rng.nextInt(below: width) }
                truth = .uniformInteger(range)
            case .poisson(let mean):
                for i in 0..<n { values[i] = poisson(mean, &rng) }
                truth = .poisson(mean: mean)
            }
            let mask = missingMask(spec.name, spec.missingRate)
            blank(&values, mask, 0)
            columns.append(Column(name: spec.name, values: .integer(values), missing: mask))
            truths.append(.init(name: spec.name, distribution: truth, missingRate: spec.missingRate))
        }

        for spec in spec.categoricals {
            let weights = (1...spec.cardinality).map { pow(Double($0), -spec.exponent) }
            let total = weights.reduce(0, +)
            let probabilities = weights.map { $0 / total }
            let cumulative = cumulativeSums(probabilities)
            let levels = (1...spec.cardinality).map { "\(spec.name)_\($0)" }
            var rng = root.derived("values:\(spec.name)")
            let mask = missingMask(spec.name, spec.missingRate)
            var codes = [Int32](repeating: 0, count: n)
            for i in 0..<n {
                let c = Int32(pick(cumulative, rng.nextDouble()))
                codes[i] = mask[i] ? -1 : c
            }
            columns.append(Column(name: spec.name, values: .categorical(codes: codes, levels: levels), missing: mask))
            truths.append(.init(name: spec.name, distribution: .categorical(levels: levels, probabilities: probabilities),
                                missingRate: spec.missingRate))
        }

        for spec in spec.booleans {
            var rng = root.derived("values:\(spec.name)")
            var values = [Bool](repeating: false, count: n)
            for i in 0..<n { values[i] = rng.nextDouble() < spec.probabilityTrue }
            let mask = missingMask(spec.name, spec.missingRate)
            blank(&values, mask, false)
            columns.append(Column(name: spec.name, values: .boolean(values), missing: mask))
            truths.append(.init(name: spec.name, distribution: .boolean(probabilityTrue: spec.probabilityTrue),
                                missingRate: spec.missingRate))
        }

        for spec in spec.datetimes {
            var rng = root.derived("values:\(spec.name)")
            var values = [Double](repeating: 0, count: n)
            for i in 0..<n { values[i] = spec.firstDay + SyntheticTableTruth.secondsPerDay * Double(rng.nextInt(below: spec.days)) }
            let mask = missingMask(spec.name, spec.missingRate)
            blank(&values, mask, 0)
            columns.append(Column(name: spec.name, values: .datetime(seconds: values, format: spec.format), missing: mask))
            truths.append(.init(name: spec.name, distribution: .uniformDays(firstDay: spec.firstDay, days: spec.days),
                                missingRate: spec.missingRate))
        }

        let table: Table
        do { table = try Table(columns: columns) } catch {
            // Names were checked for duplicates and every column has n rows.
            preconditionFailure("synthetic table: \(error)")
        }
        return SyntheticTable(table: table, truth: SyntheticTableTruth(columns: truths, correlatedBlocks: blocks))
    }

    /// A random correlation matrix: `S = W Wᵀ + diag(u)` with `W` a d x d matrix of standard normals and
    /// `u_i ~ Uniform(0.1, 1)`, rescaled to unit diagonal, `C = D^{-1/2} S D^{-1/2}`. Positive definite by
    /// construction, with correlations spread over (-1, 1).
    public static func randomCorrelation(dimension d: Int, seed: UInt64) -> Matrix {
        var rng = RandomStream(seed: seed)
        var w = Matrix(rows: d, cols: d)
        w.storage.withUnsafeMutableBufferPointer { rng.fillNormal($0) }
        var s = Matrix.multiply(w, w, transposeB: true)
        for i in 0..<d { s[i, i] += rng.uniform(0.1, 1) }
        var c = Matrix(rows: d, cols: d)
        for i in 0..<d {
            for j in 0..<d { c[i, j] = i == j ? 1 : s[i, j] / (s[i, i] * s[j, j]).squareRoot() }
        }
        return c
    }

    static func resolve(_ block: SyntheticTableSpec.GaussianBlock) throws(SyntheticTableError) -> Matrix {
        let d = block.names.count
        switch block.correlation {
        case .independent: return .identity(d)
        case .random(let seed): return randomCorrelation(dimension: d, seed: seed)
        case .given(let m):
            guard m.rows == d, m.cols == d else {
                throw .invalid(column: block.names[0], reason: "correlation is \(m.rows)x\(m.cols), the block has \(d) columns")
            }
            for i in 0..<d {
                guard abs(m[i, i] - 1) < 1e-12 else {
                    throw .invalid(column: block.names[i], reason: "correlation diagonal is \(m[i, i]), not 1")
                }
                for j in 0..<i where abs(m[i, j] - m[j, i]) > 1e-12 || abs(m[i, j]) > 1 {
                    throw .invalid(column: block.names[i], reason: "correlation entry (\(i), \(j)) = \(m[i, j]) is not symmetric or outside [-1, 1]")
                }
            }
            return m
        }
    }

    /// Poisson(mean) by inversion: walk the pmf `p_k = p_{k-1} mean / k` from `p_0 = exp(-mean)` until the
    /// running sum passes a uniform draw.
    static func poisson(_ mean: Double, _ rng: inout RandomStream) -> Int {
        let u = rng.nextDouble()
        var k = 0
        var p = exp(-mean), total = p
        while u >= total {
            k += 1
            p *= mean / Double(k)
            total += p
            if p == 0 { break }  // rounding left the sum just below 1: the tail beyond here has no mass
        }
        return k
    }

    /// Puts the placeholder ``Column`` expects at missing positions (values are drawn for every row so
    /// that the missing rate does not shift the draws).
    static func blank<T>(_ values: inout [T], _ mask: [Bool], _ placeholder: T) {
        for i in values.indices where mask[i] { values[i] = placeholder }
    }

    static func cumulativeSums(_ p: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: p.count)
        var s = 0.0
        for i in p.indices { s += p[i]; out[i] = s }
        out[out.count - 1] = 1  // guard against rounding: the last bucket catches u up to 1
        return out
    }

    /// The first index whose cumulative probability exceeds `u` (binary search).
    @inline(__always)
    static func pick(_ cumulative: [Double], _ u: Double) -> Int {
        var lo = 0, hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if u < cumulative[mid] { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    static func validate(_ spec: SyntheticTableSpec) throws(SyntheticTableError) {
        guard spec.rowCount >= 0 else { throw .invalid(column: "*", reason: "row count \(spec.rowCount) is negative") }
        var names = Set<String>()
        func name(_ n: String) throws(SyntheticTableError) {
            guard names.insert(n).inserted else { throw .invalid(column: n, reason: "duplicate column name") }
        }
        func rate(_ n: String, _ r: Double) throws(SyntheticTableError) {
            guard r >= 0, r < 1 else { throw .invalid(column: n, reason: "missing rate \(r) is outside [0, 1)") }
        }
        for b in spec.gaussianBlocks {
            guard !b.names.isEmpty else { throw .invalid(column: "*", reason: "a Gaussian block has no columns") }
            guard b.means.count == b.names.count, b.standardDeviations.count == b.names.count,
                  b.missingRates.count == b.names.count else {
                throw .invalid(column: b.names[0], reason: "block has \(b.names.count) names but \(b.means.count) means, \(b.standardDeviations.count) standard deviations, \(b.missingRates.count) missing rates")
            }
            for (j, n) in b.names.enumerated() {
                try name(n)
                try rate(n, b.missingRates[j])
                guard b.standardDeviations[j] > 0, b.means[j].isFinite, b.standardDeviations[j].isFinite else {
                    throw .invalid(column: n, reason: "mean \(b.means[j]) / standard deviation \(b.standardDeviations[j]) must be finite, sd > 0")
                }
            }
        }
        for m in spec.mixtures {
            try name(m.name); try rate(m.name, m.missingRate)
            guard !m.components.isEmpty else { throw .invalid(column: m.name, reason: "a mixture needs components") }
            for c in m.components where !(c.weight > 0 && c.standardDeviation > 0 && c.mean.isFinite && c.weight.isFinite && c.standardDeviation.isFinite) {
                throw .invalid(column: m.name, reason: "component \(c) needs a finite weight > 0, mean and sd > 0")
            }
        }
        for i in spec.integers {
            try name(i.name); try rate(i.name, i.missingRate)
            if case .poisson(let mean) = i.distribution, !(mean > 0 && mean <= 700) {
                throw .invalid(column: i.name, reason: "Poisson mean \(mean) must be in (0, 700]")
            }
        }
        for c in spec.categoricals {
            try name(c.name); try rate(c.name, c.missingRate)
            guard c.cardinality >= 1, c.cardinality < Int(Int32.max) else { throw .invalid(column: c.name, reason: "cardinality \(c.cardinality) must be at least 1") }
            guard c.exponent >= 0, c.exponent.isFinite else { throw .invalid(column: c.name, reason: "Zipf exponent \(c.exponent) must be finite and >= 0") }
        }
        for b in spec.booleans {
            try name(b.name); try rate(b.name, b.missingRate)
            guard b.probabilityTrue >= 0, b.probabilityTrue <= 1 else {
                throw .invalid(column: b.name, reason: "probability \(b.probabilityTrue) is outside [0, 1]")
            }
        }
        for d in spec.datetimes {
            try name(d.name); try rate(d.name, d.missingRate)
            guard d.days >= 1, d.firstDay.isFinite else {
                throw .invalid(column: d.name, reason: "needs at least one day (got \(d.days)) and a finite first day")
            }
        }
    }
}

/// A ``SyntheticTableSpec`` that cannot be generated.
public enum SyntheticTableError: Error, Equatable, CustomStringConvertible {
    case invalid(column: String, reason: String)

    public var description: String {
        switch self {
        case .invalid(let c, let r): "synthetic table spec, column '\(c)': \(r)"
        }
    }
}
