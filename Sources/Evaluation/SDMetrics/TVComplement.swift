import SynthMath

/// SDMetrics' TVComplement: `1 − ½ Σ_c |f_syn(c) − f_real(c)|` over the categories of either table,
/// missing values dropped. A category seen only in the synthetic data gets a real count of 1e-6
/// before the real frequencies are formed (SDMetrics' `get_frequencies` regularisation), so the real
/// frequencies sum over the regularised counts. Fails ("IncomputableMetricError") when either side has
/// no values.
enum TVComplement {
    static let syntheticOnlyPseudoCount = 1e-6

    static func compute(_ codes: SharedCategoryCodes) -> SDMetricsScore {
        let real = codes.counts(table: 0).map(Double.init), synthetic = codes.counts(table: 1).map(Double.init)
        guard real.contains(where: { $0 > 0 }), synthetic.contains(where: { $0 > 0 }) else {
            return .failure("IncomputableMetricError", "The TVComplement metric must have 1 or more non-null values.")
        }
        do {
            let tv = try Divergence.totalVariation(realCounts: real, syntheticCounts: synthetic,
                                                   syntheticOnlyPseudoCount: syntheticOnlyPseudoCount)
            return .value(1 - tv)
        } catch {
            return .failure("ValueError", String(describing: error))
        }
    }
}
