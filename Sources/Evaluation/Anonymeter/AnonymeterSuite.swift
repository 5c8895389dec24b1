import SynthCore
import SynthMath

/// Anonymeter's three risks (`anonymeter.*`, Giomi et al., PoPETs 2023): singling out (univariate and
/// multivariate), linkability and inference, each as the attack's success on training rows in excess of its
/// success on hold-out (control) rows, `(a − c)/(1 − c)` with Wilson-score rates and a 95 % interval
/// (``AttackRisk``). Anonymeter's defaults: 500 attacks (at most the smaller of the training and control
/// row counts for the neighbour attacks), 3 columns per multivariate query. Needs a hold-out.
public enum AnonymeterSuite {
    public static let id = "anonymeter"
    static let attacks = 500

    public static var suite: MetricSuite {
        MetricSuite(id: id, metrics: [
            metric("singling_out_univariate", "Anonymeter singling-out risk, univariate queries (isNull, ≤ min, ≥ max, == a value seen once) built from the synthetic rows; residual risk over the hold-out control with its 95 % Wilson interval (details ci_low, ci_high, rates)") { data, input, rng in
                let r = SinglingOutAttack.risk(data, multivariate: false, attacks: attacks, rng: &rng)
                return .value(r.risk.risk, details: .object(r.risk.details.merging(["queries": .number(Double(r.queries))]) { a, _ in a }))
            },
            metric("singling_out_multivariate", "Anonymeter singling-out risk, multivariate queries (3 columns of a random synthetic row, ≥/≤ against the synthetic median for numbers, == otherwise)") { data, input, rng in
                let r = SinglingOutAttack.risk(data, multivariate: true, attacks: attacks, rng: &rng)
                return .value(r.risk.risk, details: .object(r.risk.details.merging(["queries": .number(Double(r.queries))]) { a, _ in a }))
            },
            metric("linkability", "Anonymeter linkability risk: a target is linked when its nearest synthetic row on the first half of the declared quasi-identifiers (else of the compared columns) is its nearest on the second half") { data, input, rng in
                let n = min(attacks, data.rows(0), data.rows(2))
                let declared = try QuasiIdentifiers.declared(input)
                let r = try NeighbourAttacks.linkability(data, declared ?? input.comparedColumns, attacks: n, rng: &rng)
                var d = r.details
                if let declared { d["quasi_identifiers"] = .array(declared.map { .string($0.name) }) }
                return .value(r.risk, details: .object(d))
            },
            metric("inference", "Anonymeter inference risk, the largest over secrets: each compared column in turn guessed from the nearest synthetic row on all other columns (categorical: equal; numerical: within 5 % of the guess); with declared quasi-identifiers, each other column guessed from them") { data, input, rng in
                let n = min(attacks, data.rows(0), data.rows(2))
                let declared = try QuasiIdentifiers.declared(input)
                let r = try NeighbourAttacks.inference(data, input.comparedColumns, knowledge: declared, attacks: n, rng: &rng)
                var d = r.worst.details
                if let declared { d["quasi_identifiers"] = .array(declared.map { .string($0.name) }) }
                d["secret"] = .string(r.secret)
                d["secrets"] = .object(r.perSecret)
                return .value(r.worst.risk, details: .object(d))
            },
        ])
    }

    static func metric(_ name: String, _ formula: String,
                       _ body: @escaping @Sendable (AnonymeterData, EvaluationInput, inout RandomStream) throws -> MetricOutcome) -> Metric {
        Metric(id: "\(id).\(name)", direction: .minimize, range: .unit, formula: formula, subsampled: true) { input, cache in
            guard input.holdout != nil else { return .notApplicable("Anonymeter's risks need a hold-out (control) table") }
            guard !input.comparedColumns.isEmpty else { return .notApplicable("no numerical, datetime, categorical or boolean column") }
            for (t, rows) in [("real", input.real.rowCount), ("synthetic", input.synthetic.rowCount), ("hold-out", input.holdout!.rowCount)] where rows < 2 {
                return .notApplicable("the \(t) table has \(rows) rows")
            }
            let data = try cache.value("anonymeter.data") { () throws -> AnonymeterData in
                var rng = RandomStream(seed: input.seed).derived("anonymeter.data")
                return try AnonymeterData(input, rng: &rng)
            }
            var rng = RandomStream(seed: input.seed).derived("anonymeter.\(name)")
            return try body(data, input, &rng)
        }
    }
}
