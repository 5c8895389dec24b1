import Foundation
import Testing
import SynthMath
@testable import SynthTable

/// Seeded generator tests: reproducibility, and empirical moments/frequencies within statistical bounds
/// (5 standard errors, so a correct generator fails with probability well under 1e-5 per check).
@Suite struct SyntheticTableGeneratorTests {
    static let rows = 20_000
    static let correlation = Matrix([[1, 0.6, -0.3], [0.6, 1, 0.2], [-0.3, 0.2, 1]])

    static func spec(rows: Int = rows, missing: Double = 0) -> SyntheticTableSpec {
        SyntheticTableSpec(
            rowCount: rows,
            gaussianBlocks: [
                .init(names: ["x", "y", "z"], means: [1, -2, 10], standardDeviations: [1, 2, 0.5],
                      correlation: .given(correlation), missingRates: [missing, 0, 0.25]),
                .init(names: ["r0", "r1", "r2", "r3"], correlation: .random(seed: 42)),
            ],
            mixtures: [.init(name: "mix", components: [.init(weight: 1, mean: -3, standardDeviation: 0.5),
                                                        .init(weight: 3, mean: 2, standardDeviation: 1)],
                             missingRate: missing)],
            integers: [.init(name: "count", distribution: .poisson(mean: 5), missingRate: missing),
                       .init(name: "die", distribution: .uniform(1...6))],
            categoricals: [.init(name: "city", cardinality: 8, exponent: 1.2, missingRate: missing)],
            booleans: [.init(name: "flag", probabilityTrue: 0.3, missingRate: missing)])
    }

    /// Non-missing values as doubles.
    func observed(_ t: Table, _ name: String) throws -> [Double] {
        let c = try t.column(named: name)
        return zip(c.doubles(), c.missing).filter { !$0.1 }.map(\.0)
    }

    func mean(_ v: [Double]) -> Double { v.reduce(0, +) / Double(v.count) }
    func variance(_ v: [Double]) -> Double {
        let m = mean(v)
        return v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count - 1)
    }
    func pearson(_ a: [Double], _ b: [Double]) -> Double {
        let ma = mean(a), mb = mean(b)
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for i in a.indices { sab += (a[i] - ma) * (b[i] - mb); saa += (a[i] - ma) * (a[i] - ma); sbb += (b[i] - mb) * (b[i] - mb) }
        return sab / (saa * sbb).squareRoot()
    }

    @Test func sameSeedSameTableDifferentSeedDifferentTable() throws {
        let a = try SyntheticTableGenerator.generate(Self.spec(rows: 500, missing: 0.1), seed: 7)
        let b = try SyntheticTableGenerator.generate(Self.spec(rows: 500, missing: 0.1), seed: 7)
        let c = try SyntheticTableGenerator.generate(Self.spec(rows: 500, missing: 0.1), seed: 8)
        #expect(a.table == b.table)
        #expect(a.truth == b.truth)
        #expect(a.table != c.table)
        #expect(a.table.columnNames == ["x", "y", "z", "r0", "r1", "r2", "r3", "mix", "count", "die", "city", "flag"])
    }

    /// A column's values depend only on the seed and its own spec, not on the other columns.
    @Test func columnsAreStableWhenOthersAreAdded() throws {
        let small = SyntheticTableSpec(rowCount: 300, categoricals: [.init(name: "city", cardinality: 8, exponent: 1.2)])
        let a = try SyntheticTableGenerator.generate(small, seed: 3)
        let b = try SyntheticTableGenerator.generate(Self.spec(rows: 300), seed: 3)
        #expect(a.table["city"] == b.table["city"])
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func gaussianBlockMomentsAndCorrelation(seed: UInt64) throws {
        let g = try SyntheticTableGenerator.generate(Self.spec(), seed: seed)
        let n = Double(Self.rows)
        let x = try g.table.column(named: "x").doubles(), y = try g.table.column(named: "y").doubles()
        for (name, v) in [("x", x), ("y", y)] {
            guard case .gaussian(let mu, let sd) = try #require(g.truth.column(name)).distribution else { Issue.record("not gaussian"); return }
            #expect(abs(mean(v) - mu) < 5 * sd / n.squareRoot())
            // sd of the sample variance of a normal: sigma^2 sqrt(2 / (n - 1)).
            #expect(abs(variance(v) - sd * sd) < 5 * sd * sd * (2 / (n - 1)).squareRoot())
        }
        // Standard error of a sample correlation: (1 - rho^2) / sqrt(n).
        let rho = g.truth.correlation("x", "y")
        #expect(rho == 0.6)
        #expect(abs(pearson(x, y) - rho) < 5 * (1 - rho * rho) / n.squareRoot())
        let r0 = try g.table.column(named: "r0").doubles(), r3 = try g.table.column(named: "r3").doubles()
        let rho03 = g.truth.correlation("r0", "r3")
        #expect(abs(pearson(r0, r3) - rho03) < 5 * (1 - rho03 * rho03) / n.squareRoot() + 1e-3)
        #expect(g.truth.correlation("x", "r0") == 0)
    }

    @Test func randomCorrelationIsAValidCorrelationMatrix() throws {
        for seed in UInt64(1)...5 {
            let c = SyntheticTableGenerator.randomCorrelation(dimension: 6, seed: seed)
            for i in 0..<6 {
                #expect(c[i, i] == 1)
                for j in 0..<6 { #expect(c[i, j] == c[j, i]); #expect(abs(c[i, j]) < 1 || i == j) }
            }
            _ = try c.cholesky()  // positive definite
            #expect(c == SyntheticTableGenerator.randomCorrelation(dimension: 6, seed: seed))
        }
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func mixtureMatchesItsTrueDistribution(seed: UInt64) throws {
        let g = try SyntheticTableGenerator.generate(Self.spec(), seed: seed)
        let v = try observed(g.table, "mix")
        let truth = try #require(g.truth.column("mix")).distribution
        guard case .mixture(let cs) = truth else { Issue.record("not a mixture"); return }
        #expect(cs.map(\.weight) == [0.25, 0.75])
        let n = Double(v.count)
        let sd = try #require(truth.variance).squareRoot()
        #expect(abs(mean(v) - (try #require(truth.mean))) < 5 * sd / n.squareRoot())
        // Kolmogorov-Smirnov distance against the true CDF; 1.95 / sqrt(n) is the 0.1% critical value.
        let sorted = v.sorted()
        var d = 0.0
        for (i, x) in sorted.enumerated() {
            let f = try #require(truth.cdf(x))
            d = max(d, abs(Double(i + 1) / n - f), abs(f - Double(i) / n))
        }
        #expect(d < 1.95 / n.squareRoot())
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func integersCategoricalsBooleans(seed: UInt64) throws {
        let g = try SyntheticTableGenerator.generate(Self.spec(), seed: seed)
        let count = try observed(g.table, "count")
        let n = Double(count.count)
        #expect(abs(mean(count) - 5) < 5 * (5 / n).squareRoot())
        #expect(count.allSatisfy { $0 >= 0 && $0 == $0.rounded() })
        let die = try observed(g.table, "die")
        #expect(die.allSatisfy { (1...6).contains($0) })
        for k in 1...6 {
            let f = Double(die.filter { $0 == Double(k) }.count) / n
            #expect(abs(f - 1.0 / 6) < 5 * (1.0 / 6 * 5 / 6 / n).squareRoot())
        }

        let city = try g.table.column(named: "city")
        let (codes, levels) = try #require(city.categoricalCodes)
        guard case .categorical(let truthLevels, let p) = try #require(g.truth.column("city")).distribution else {
            Issue.record("not categorical"); return
        }
        #expect(levels == truthLevels)
        #expect(abs(p.reduce(0, +) - 1) < 1e-12)
        // Zipf: p_k proportional to k^-1.2.
        #expect(abs(p[0] / p[1] - pow(2, 1.2)) < 1e-12)
        for k in 0..<levels.count {
            let f = Double(codes.filter { $0 == Int32(k) }.count) / n
            #expect(abs(f - p[k]) < 5 * (p[k] * (1 - p[k]) / n).squareRoot())
        }

        let flag = try observed(g.table, "flag")
        #expect(abs(mean(flag) - 0.3) < 5 * (0.21 / n).squareRoot())
    }

    @Test(arguments: [0.05, 0.3])
    func missingRate(rate: Double) throws {
        let g = try SyntheticTableGenerator.generate(Self.spec(missing: rate), seed: 11)
        let n = Double(Self.rows)
        for name in ["x", "mix", "count", "city", "flag"] {
            let c = try g.table.column(named: name)
            #expect(abs(Double(c.missingCount) / n - rate) < 5 * (rate * (1 - rate) / n).squareRoot())
            #expect(g.truth.column(name)?.missingRate == rate)
        }
        #expect(try g.table.column(named: "y").missingCount == 0)
        let z = try g.table.column(named: "z")
        #expect(abs(Double(z.missingCount) / n - 0.25) < 5 * (0.25 * 0.75 / n).squareRoot())
        // Missing categorical rows carry code -1.
        let city = try g.table.column(named: "city")
        let codes = try #require(city.categoricalCodes).codes
        #expect(zip(codes, city.missing).allSatisfy { $0.1 == ($0.0 == -1) })
    }

    /// Dates: whole days in the range, each day equally likely (frequencies within 5 standard errors), the
    /// truth's moments and CDF in closed form, the missing rate kept, written as ISO dates.
    @Test(arguments: [UInt64(1), 2])
    func datetimesAreUniformOverWholeDays(seed: UInt64) throws {
        let day = 86_400.0, first = 19_000 * day  // 2022-01-08 (Python: date(1970, 1, 1) + timedelta(19000))
        let spec = SyntheticTableSpec(rowCount: Self.rows,
                                      datetimes: [.init(name: "when", firstDay: first, days: 10, missingRate: 0.1)])
        let g = try SyntheticTableGenerator.generate(spec, seed: seed)
        let c = try g.table.column(named: "when")
        #expect(c.kind == .datetime)
        let v = try observed(g.table, "when"), n = Double(v.count)
        #expect(v.allSatisfy { ($0 - first) / day == (($0 - first) / day).rounded() && $0 >= first && $0 < first + 10 * day })
        for k in 0..<10 {
            let f = Double(v.filter { $0 == first + Double(k) * day }.count) / n
            #expect(abs(f - 0.1) < 5 * (0.09 / n).squareRoot())
        }
        let rows = Double(Self.rows)
        #expect(abs(Double(c.missingCount) / rows - 0.1) < 5 * (0.09 / rows).squareRoot())
        let truth = try #require(g.truth.column("when")).distribution
        #expect(truth.mean == first + 4.5 * day)
        #expect(truth.variance == day * day * 99 / 12)
        #expect(truth.cdf(first + 3.5 * day) == 0.4 && truth.cdf(first - 1) == 0 && truth.cdf(first + 9 * day) == 1)
        let i = try #require(c.missing.firstIndex(of: false))
        #expect(c.text(at: i) == DatetimeFormat.isoDate.format(v[0]))
        #expect(DatetimeFormat.isoDate.format(first) == "2022-01-08")
    }

    @Test func invalidSpecsAreRejected() {
        func rejects(_ spec: SyntheticTableSpec, column: String) {
            #expect {
                _ = try SyntheticTableGenerator.generate(spec, seed: 1)
            } throws: { error in
                guard case SyntheticTableError.invalid(let c, _) = error else { return false }
                return c == column
            }
        }
        rejects(SyntheticTableSpec(rowCount: 10, booleans: [.init(name: "a", probabilityTrue: 0.5), .init(name: "a", probabilityTrue: 0.5)]), column: "a")
        rejects(SyntheticTableSpec(rowCount: 10, booleans: [.init(name: "b", probabilityTrue: 1.5)]), column: "b")
        rejects(SyntheticTableSpec(rowCount: 10, categoricals: [.init(name: "c", cardinality: 0)]), column: "c")
        rejects(SyntheticTableSpec(rowCount: 10, datetimes: [.init(name: "d", firstDay: 0, days: 0)]), column: "d")
        rejects(SyntheticTableSpec(rowCount: 10, integers: [.init(name: "p", distribution: .poisson(mean: 800))]), column: "p")
        rejects(SyntheticTableSpec(rowCount: 10, mixtures: [.init(name: "m", components: [], missingRate: 0)]), column: "m")
        rejects(SyntheticTableSpec(rowCount: 10, mixtures: [.init(name: "m", components: [.init(weight: 1, mean: 0, standardDeviation: 1)], missingRate: 1)]), column: "m")
        // Symmetric, unit diagonal, but not positive definite.
        let notPD = Matrix([[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1]])
        rejects(SyntheticTableSpec(rowCount: 10, gaussianBlocks: [.init(names: ["u", "v", "w"], correlation: .given(notPD))]), column: "u")
        rejects(SyntheticTableSpec(rowCount: 10, gaussianBlocks: [.init(names: ["u", "v"], correlation: .given(.identity(3)))]), column: "u")
    }

    @Test func mixedSpecForScaleTests() throws {
        let g = try SyntheticTableGenerator.generate(.mixed(rows: 1000, missingRate: 0.1), seed: 5)
        #expect(g.table.rowCount == 1000)
        #expect(g.table.columnNames == ["g0", "g1", "g2", "g3", "m0", "m1", "i0", "i1", "c0", "c1", "c2", "b0"])
        // Detection reads the structure back: Zipf columns are categorical, normals numerical.
        let m = Metadata.detect(from: g.table)
        #expect(m[column: "c1"]?.sdtype == .categorical)
        #expect(m[column: "g0"]?.sdtype == .numerical)
        #expect(m[column: "b0"]?.synthcityDomain == .categorical)
    }
}
