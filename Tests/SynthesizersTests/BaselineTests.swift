import Foundation
import Testing
import SynthMath
import SynthTable
@testable import Synthesizers

/// SDGym's and SynthCity's baselines.
@Suite struct BaselineTests {
    static let context = SynthesisContext()

    static func table(seed: UInt64, rows: Int, missing: Bool = true) throws -> Table {
        try SyntheticTableGenerator.generate(randomSpec(seed: seed, rows: rows, missing: missing), seed: seed).table
    }

    static func fitted(_ s: any Synthesizer, _ t: Table) throws -> any Synthesizer {
        try s.fit(t, metadata: Metadata.detect(from: t), context: context)
        return s
    }

    /// SDGym uniform: integers uniform in [min, max] and still integers, reals inside [min, max], categories
    /// drawn uniformly from the observed ones (missing one of them), missing numbers at the observed rate.
    @Test func sdgymUniformSemantics() throws {
        let real = try Self.table(seed: 1, rows: 800)
        let n = 6000
        let s = try Self.fitted(IndependentColumnsSynthesizer(flavour: .uniform), real).sample(count: n, seed: 3, context: Self.context)
        #expect(s.columns.map(\.kind) == real.columns.map(\.kind))
        for name in ["g0", "g1", "g2", "count"] {
            let r = observed(real[name]!), v = observed(s[name]!)
            #expect(v.allSatisfy { $0 >= r.min()! && $0 <= r.max()! })
            let rate = Double(s[name]!.missingCount) / Double(n), realRate = Double(real[name]!.missingCount) / Double(real.rowCount)
            #expect(Swift.abs(rate - realRate) < 5 * (realRate * (1 - realRate) / Double(n)).squareRoot() + 1e-12)
        }
        // Every integer of the range appears about equally often.
        let counts = observed(s["count"]!), r = observed(real["count"]!)
        let width = Int(r.max()! - r.min()!) + 1
        let expected = Double(counts.count) / Double(width)
        for k in Int(r.min()!)...Int(r.max()!) {
            let c = Double(counts.filter { Int($0) == k }.count)
            #expect(Swift.abs(c - expected) < 5 * expected.squareRoot(), "value \(k): \(c) vs \(expected)")
        }
        for name in ["group", "flag"] {
            let p = shares(real[name]!), q = shares(s[name]!)
            #expect(Set(q.keys) == Set(p.keys))
            let each = 1 / Double(p.count)
            for share in q.values { #expect(Swift.abs(share - each) < 5 * (each * (1 - each) / Double(n)).squareRoot()) }
        }
    }

    /// SDGym ColumnSynthesizer: mixtures inside [min, max], integers stay integers, category frequencies
    /// kept (5 standard errors), marginals close to the real ones (KS under the α = 0.001 critical value
    /// for the Gaussian columns).
    /// An infinite number is refused by every flavour that models numbers, naming its column and row, as SDGym's and
    /// SynthCity's baselines refuse it (numpy's uniform overflows, scikit-learn's mixture rejects infinity); before,
    /// `uniform` wrote inf in every row and `column` said "numerical failure" at a row index. Negative control: the
    /// same table with the value finite fits.
    @Test(arguments: IndependentColumnsSynthesizer.Flavour.allCases)
    func anInfiniteNumberIsRefusedNamingItsRow(flavour: IndependentColumnsSynthesizer.Flavour) throws {
        func table(_ x: Double) throws -> Table {
            try Table(columns: [.numerical("x", (0..<40).map { $0 == 17 ? x : Double($0) * 0.37 }),
                                .categorical("c", (0..<40).map { ["p", "q"][$0 % 2] })])
        }
        let error = #expect(throws: SynthesisError.self) { try Self.fitted(IndependentColumnsSynthesizer(flavour: flavour), table(-.infinity)) }
        #expect(error == .invalidValue(column: "x", row: 17, problem: "holds -inf; numerical values must be finite"))
        _ = try Self.fitted(IndependentColumnsSynthesizer(flavour: flavour), table(2.5))
    }

    @Test func sdgymColumnSemantics() throws {
        let real = try Self.table(seed: 2, rows: 1500, missing: false)
        let column = try Self.fitted(IndependentColumnsSynthesizer(flavour: .column), real)
        let s = try column.sample(count: 1500, seed: 4, context: Self.context)
        #expect(s["count"]!.kind == .integer)
        for name in ["g0", "g1", "g2"] {
            let a = observed(real[name]!), b = observed(s[name]!)
            #expect(b.allSatisfy { $0 >= a.min()! && $0 <= a.max()! })
            let d = try KolmogorovSmirnov.statistic(a, b)
            #expect(d <= (try KolmogorovSmirnov.criticalValue(alpha: 0.001, sizes: a.count, b.count)), "\(name) D=\(d)")
        }
        for name in ["group", "flag"] {
            let p = shares(real[name]!), q = shares(s[name]!)
            for (level, share) in p {
                #expect(Swift.abs((q[level] ?? 0) - share) <= 5 * (2 * share * (1 - share) / 1500).squareRoot() + 1.0 / 1500)
            }
        }
        guard case .object(let components) = column.fitNotes["mixture_components"] else { Issue.record("no notes"); return }
        #expect(components["g0"] == .number(5))
    }

    /// SDGym ColumnSynthesizer on dates: SDGym reads a dataset with `pd.read_csv`, so a date column is text and
    /// is resampled with its empirical frequencies, missing one of them, never fitted by a mixture. SDGym's
    /// shares in 200,000 rows (scripts/reference/sdgym_column_datetime.py, sdgym 0.15.1, numpy seed 0); ours
    /// must match them within 5 standard errors of a difference of two such samples, and draw only training
    /// dates (a mixture over the seconds, as before, draws others).
    @Test func sdgymColumnResamplesDates() throws {
        let day = 86_400.0, march1 = 18_687 * day  // 2021-03-01
        let dates: [Double?] = [march1, march1, march1 + 4 * day, march1 + 40 * day, nil, march1 + 4 * day, march1,
                                march1 + 305 * day, march1 + 4 * day, nil]
        let real = try Table(columns: [.datetime("when", dates), .numerical("x", [1.5, 2, 0.5, 3, 2.5, 1, 4, 0, 2.2, 1.1])])
        #expect(real["when"]!.text(at: 7) == "2021-12-31")
        let sdgym: [String?: Double] = ["2021-03-01": 0.298125, "2021-03-05": 0.299080, "2021-04-10": 0.101065,
                                        "2021-12-31": 0.100330, nil: 0.201400]
        let n = 200_000
        let s = try Self.fitted(IndependentColumnsSynthesizer(flavour: .column), real).sample(count: n, seed: 5, context: Self.context)
        let when = s["when"]!
        #expect(when.kind == .datetime)
        var counts: [String?: Double] = [:]
        for i in 0..<n { counts[when.text(at: i), default: 0] += 1 }
        #expect(Set(counts.keys) == Set(sdgym.keys))
        for (level, reference) in sdgym {
            let share = (counts[level] ?? 0) / Double(n)
            #expect(Swift.abs(share - reference) <= 5 * (2 * reference * (1 - reference) / Double(n)).squareRoot(),
                    "\(level ?? "missing"): \(share) against SDGym's \(reference)")
        }
    }

    /// identity returns the training table; another count is drawn from its rows with replacement.
    @Test func identity() throws {
        let real = try Self.table(seed: 3, rows: 200)
        let id = try Self.fitted(RowResamplingSynthesizer(flavour: .identity), real)
        #expect(try id.sample(count: 200, seed: 1, context: Self.context) == real)
        let more = try id.sample(count: 450, seed: 1, context: Self.context)
        #expect(more.rowCount == 450)
        #expect(try id.sample(count: 450, seed: 1, context: Self.context) == more)
        let rows = Set((0..<real.rowCount).map { i in real.columns.map { $0.text(at: i) ?? "∅" } })
        for i in 0..<more.rowCount { #expect(rows.contains(more.columns.map { $0.text(at: i) ?? "∅" })) }
    }

    /// dummy_sampler (SynthCity's code): a round returns `count` rows drawn with replacement when the table
    /// has more rows than `count`, else the whole table shuffled; each round's duplicate rows are dropped
    /// and rounds are stacked until `count` rows exist. A table of identical rows cannot fill the count and
    /// throws after `sampling_patience` rounds.
    @Test func dummySampler() throws {
        let small = try Table(columns: [.integer("k", [1, 2, 2, 3, 3, 3]), .categorical("c", ["a", "b", "b", "c", "c", "c"])])
        func rows(_ t: Table) -> [[String]] { (0..<t.rowCount).map { i in t.columns.map { $0.text(at: i)! } } }
        let training = Set(rows(small))
        let d = try Self.fitted(RowResamplingSynthesizer(flavour: .dummySampler), small)
        let s = try d.sample(count: 4, seed: 2, context: Self.context)
        #expect(s.rowCount == 4 && rows(s).allSatisfy { training.contains($0) })
        #expect(try d.sample(count: 4, seed: 2, context: Self.context) == s)
        // count ≥ n: two rounds of the shuffled table, three distinct rows each.
        let full = try d.sample(count: 6, seed: 5, context: Self.context)
        #expect(Set(rows(full).prefix(3)) == training && Set(rows(full).suffix(3)) == training)
        let constant = try Table(columns: [.integer("k", [7, 7, 7])])
        let c = try Self.fitted(RowResamplingSynthesizer(flavour: .dummySampler, samplingPatience: 4), constant)
        #expect(throws: SynthesisError.self) { try c.sample(count: 10, seed: 1, context: Self.context) }
        #expect(try c.sample(count: 4, seed: 1, context: Self.context).rowCount == 4)
        let lax = try Self.fitted(RowResamplingSynthesizer(flavour: .dummySampler, strict: false), constant)
        #expect(try lax.sample(count: 10, seed: 1, context: Self.context).rowCount == 10)
    }

    /// marginal_distributions (named behaviour): each column's empirical frequencies; uniform_sampler:
    /// uniform over the label codes. Both drop duplicate rows per round.
    @Test func synthcityMarginalAndUniformSamplers() throws {
        let real = try Self.table(seed: 4, rows: 2000, missing: false)
        let n = 4000
        let marginal = try Self.fitted(IndependentColumnsSynthesizer(flavour: .marginalDistributions), real)
            .sample(count: n, seed: 1, context: Self.context)
        let uniform = try Self.fitted(IndependentColumnsSynthesizer(flavour: .uniformSampler), real)
            .sample(count: n, seed: 1, context: Self.context)
        for s in [marginal, uniform] {
            #expect(s.rowCount == n)
            #expect(TableRows.distinctRowIndices(s).count == n)  // the numeric columns make rows distinct
        }
        let p = shares(real["group"]!)
        let m = shares(marginal["group"]!), u = shares(uniform["group"]!)
        for (level, share) in p {
            #expect(Swift.abs((m[level] ?? 0) - share) <= 5 * (2 * share * (1 - share) / Double(n)).squareRoot())
            let each = 1 / Double(p.count)
            #expect(Swift.abs((u[level] ?? 0) - each) <= 5 * (each * (1 - each) / Double(n)).squareRoot())
        }
        // Empirical numeric marginals: the KS check passes for marginal_distributions only.
        for name in ["g0", "g1"] {
            let a = observed(real[name]!)
            let crit = try KolmogorovSmirnov.criticalValue(alpha: 0.001, sizes: a.count, n)
            #expect(try KolmogorovSmirnov.statistic(a, observed(marginal[name]!)) <= crit)
            #expect(try KolmogorovSmirnov.statistic(a, observed(uniform[name]!)) > crit)
        }
        // marginal_distributions draws only observed values.
        let seen = Set(observed(real["g0"]!))
        #expect(observed(marginal["g0"]!).allSatisfy { seen.contains($0) })
    }

    /// Same seed, same table, for every baseline.
    @Test(arguments: ["uniform", "column", "identity", "marginal_distributions", "uniform_sampler", "dummy_sampler"])
    func reproducible(method: String) throws {
        let real = try Self.table(seed: 6, rows: 300)
        let backend: Backend = ["uniform", "column", "identity"].contains(method) ? .sdv : .synthcity
        let s = try MethodCatalog.descriptor(method, backend: backend)!.make()
        try s.fit(real, metadata: Metadata.detect(from: real), context: Self.context)
        let a = try s.sample(count: 250, seed: 9, context: Self.context)
        #expect(try s.sample(count: 250, seed: 9, context: Self.context) == a)
        #expect(a.rowCount == 250 && a.columnNames == real.columnNames)
        #expect(throws: SynthesisError.self) { try s.sample(count: -1, seed: 9, context: Self.context) }
    }
}
