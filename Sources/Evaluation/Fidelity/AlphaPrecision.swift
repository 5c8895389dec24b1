import SynthMath

/// α-precision, β-recall and authenticity (Alaa et al. 2022) as SynthCity's `AlphaPrecision.metrics`
/// computes them on its "naive" representation: columns min-max scaled on the real rows, Euclidean
/// distances, 30 levels α = 0, 1/29, …, 1 (numpy's linear quantiles).
/// - α-precision curve: share of synthetic rows within R_α of the real centre c (the real mean), R_α the
///   α-quantile of the real rows' distances to c; `delta_precision_alpha = 1 − Σ|α − curve(α)| / Σα`.
/// - β-recall curve: share of real rows whose nearest synthetic row is at most as far as their nearest
///   other real row, and lies within the α-quantile of those nearest synthetic rows' distances to the
///   synthetic centre; `delta_coverage_beta` likewise.
/// - authenticity: share of real rows strictly closer to their nearest other real row than to their
///   nearest synthetic row. SynthCity indexes the real-to-real distances with the nearest synthetic row's
///   index (`real_to_real[real_to_synth_args]`), mixing real and synthetic row numbers; that value is kept
///   as `authenticitySynthCity` for comparison, the headline uses the row's own distance.
/// SynthCity requires equally many real and synthetic rows; callers subsample the larger table. In the
/// one-class variant (``OneClassEmbedding``) the rows are embeddings and the real centre is the embedding's
/// fixed centre c instead of the real mean (SynthCity's `emb_center`); the synthetic centre stays the mean.
struct AlphaPrecision: Equatable {
    var deltaPrecisionAlpha: Double
    var deltaCoverageBeta: Double
    var authenticity: Double
    var authenticitySynthCity: Double

    static let levels = 30

    /// `real` and `synthetic` as already scaled (or embedded) rows with the same row count; `centre`: the
    /// real centre (nil: the real mean).
    init(real: Matrix, synthetic: Matrix, centre: [Double]? = nil) throws {
        precondition(real.rows == synthetic.rows && real.cols == synthetic.cols, "equal shapes needed")
        let n = real.rows, d = real.cols
        let alphas = (0..<Self.levels).map { Double($0) / Double(Self.levels - 1) }
        func mean(_ m: Matrix) -> [Double] {
            var c = [Double](repeating: 0, count: d)
            for i in 0..<m.rows { for j in 0..<d { c[j] += m[i, j] } }
            return c.map { $0 / Double(m.rows) }
        }
        func distance(_ m: Matrix, _ i: Int, _ c: [Double]) -> Double {
            var s = 0.0
            for j in 0..<d { let v = m[i, j] - c[j]; s += v * v }
            return s.squareRoot()
        }
        let centre = centre ?? mean(real), syntheticCentre = mean(synthetic)
        let realToCentre = SortedSample((0..<n).map { distance(real, $0, centre) })
        let synthToCentre = (0..<n).map { distance(synthetic, $0, centre) }
        let realToReal = NearestNeighbors.euclidean(query: real, reference: real, excludeSelf: true).first
        let toSynth = NearestNeighbors.euclidean(query: real, reference: synthetic)
        let closestD = (0..<n).map { distance(synthetic, toSynth.index[$0], syntheticCentre) }
        let closestSorted = SortedSample(closestD)
        var precisionCurve: [Double] = [], coverageCurve: [Double] = []
        for a in alphas {
            let r = try Quantiles.quantile(realToCentre, a), rc = try Quantiles.quantile(closestSorted, a)
            precisionCurve.append(Double(synthToCentre.filter { $0 <= r }.count) / Double(n))
            coverageCurve.append(Double((0..<n).filter { toSynth.first[$0] <= realToReal[$0] && closestD[$0] <= rc }.count) / Double(n))
        }
        let total = alphas.reduce(0, +)
        deltaPrecisionAlpha = 1 - zip(alphas, precisionCurve).map { abs($0 - $1) }.reduce(0, +) / total
        deltaCoverageBeta = 1 - zip(alphas, coverageCurve).map { abs($0 - $1) }.reduce(0, +) / total
        authenticity = Double((0..<n).filter { realToReal[$0] < toSynth.first[$0] }.count) / Double(n)
        authenticitySynthCity = Double((0..<n).filter { realToReal[toSynth.index[$0]] < toSynth.first[$0] }.count) / Double(n)
    }
}
