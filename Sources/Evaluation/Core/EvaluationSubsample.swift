import SynthCore
import SynthMath
import SynthTable

/// The evaluation input with each table cut to at most one of ``EvaluationInput/caps`` rows: what the
/// metrics whose cost grows faster than the rows compute on, the classifiers under the classifier cap,
/// nearest neighbours and kernel densities under the quadratic cap. Exact metrics (KS, TV, correlations,
/// frequencies, the SDMetrics reports) never see it.
///
/// Each table (real, synthetic, hold-out) is a ``TrainingSubsample`` of its own, stratified by the target
/// when the task is classification (so TSTR and the detection forests keep the class balance), seeded
/// from the input's seed by a stream named after the table (the same for both caps: with equal caps the
/// two views are one). The view keeps the whole tables too (``EvaluationInput/uncapped``): the
/// nearest-neighbour metrics query the capped rows against every row of the reference table. Built once per evaluation and cap (cached), with a cache of its own, so a capped
/// metric never reads a value computed on the whole tables or under the other cap.
public struct EvaluationSubsample {
    public let input: EvaluationInput
    public let cache: EvaluationCache
    /// `{cap, rows: {real, synthetic, holdout}}`: the cap and the rows each table kept (what every capped
    /// metric's details and the run records carry).
    public let record: Record

    public struct Record: Codable, Sendable, Equatable {
        @NullWhenAbsent public var cap: Int? = nil
        public var real: Int
        public var synthetic: Int
        @NullWhenAbsent public var holdout: Int? = nil

        public init(cap: Int?, real: Int, synthetic: Int, holdout: Int?) {
            self.cap = cap; self.real = real; self.synthetic = synthetic; self.holdout = holdout
        }

        /// What a metric's `details.subsample` says: the cap, which class of cap, and the rows used.
        func json(kind: EvaluationCaps.Kind) -> JSONValue {
            ["cap": cap.map { .number(Double($0)) } ?? .null, "cap_kind": .string(kind.rawValue),
             "rows_real": .number(Double(real)), "rows_synthetic": .number(Double(synthetic)),
             "rows_holdout": holdout.map { .number(Double($0)) } ?? .null]
        }
    }

    /// The subsampled view of `input` under its `kind` cap, computed once per `cache` and cap value.
    public static func cached(_ input: EvaluationInput, _ cache: EvaluationCache,
                              kind: EvaluationCaps.Kind = .classifier) -> EvaluationSubsample {
        let cap = input.caps[kind]
        // The quadratic view is cut from the classifier view when that cap is larger, so the neighbour and
        // density searches run over at most the classifier cap's rows (cap x 50,000 by default, not cap x
        // every row): exact for copies in tables up to that size, bounded beyond it.
        if kind == .quadratic, let cap, let outer = input.caps[.classifier], cap < outer {
            let key = "evaluation.subsample.\(cap).in.\(outer)"
            var base = cached(input, cache, kind: .classifier).input
            base.uncapped = nil
            return (try? cache.value(key) { EvaluationSubsample(base, cap: cap) }) ?? EvaluationSubsample(base, cap: cap)
        }
        let key = "evaluation.subsample." + (cap.map { String($0) } ?? "all")
        // Building the view cannot fail, so the cache never stores an error here.
        return (try? cache.value(key) { EvaluationSubsample(input, cap: cap) }) ?? EvaluationSubsample(input, cap: cap)
    }

    /// The rows `cap` keeps of `table` (named `name` in the seed stream).
    public static func rows(of table: Table, named name: String, in input: EvaluationInput,
                            cap: Int?) -> TrainingSubsample {
        let seed = RandomStream(seed: input.seed).derivedSeed("evaluation.subsample.\(name)")
        guard let cap, table.rowCount > cap else {
            return TrainingSubsample(rowCount: table.rowCount, cap: cap, seed: seed)
        }
        if input.metadata.task == .classification, let target = input.metadata.target, let column = table[target] {
            return TrainingSubsample(strata: SharedCategoryCodes([column]).codes[0].map(Int.init), cap: cap, seed: seed)
        }
        return TrainingSubsample(rowCount: table.rowCount, cap: cap, seed: seed)
    }

    init(_ full: EvaluationInput, cap: Int?) {
        func cut(_ table: Table, _ name: String) -> (Table, [Int]) {
            let s = Self.rows(of: table, named: name, in: full, cap: cap)
            return s.isWhole ? (table, Array(0..<table.rowCount)) : (table.selectingRows(s.rows), s.rows)
        }
        var input = full
        let real = cut(full.real, "real"), synthetic = cut(full.synthetic, "synthetic")
        let holdout = full.holdout.map { cut($0, "holdout") }
        input.real = real.0
        input.synthetic = synthetic.0
        input.holdout = holdout?.0
        input.uncapped = UncappedTables(real: full.real, synthetic: full.synthetic, holdout: full.holdout,
                                        realRows: real.1, syntheticRows: synthetic.1, holdoutRows: holdout?.1)
        self.input = input
        self.cache = EvaluationCache()
        record = Record(cap: cap, real: input.real.rowCount, synthetic: input.synthetic.rowCount,
                        holdout: input.holdout?.rowCount)
    }
}
