import SynthMath

/// Mode-specific normalisation of one continuous column (Xu et al. 2019): a Bayesian Gaussian mixture
/// (``BayesianGaussianMixture1D``) splits the values into modes, and each value becomes a scalar within its
/// mode plus a one-hot of the mode. Two flavours:
///
/// - `.sdv`: RDT's `ClusterBasedNormalizer` as CTGAN's `DataTransformer` builds it:
///   `max_clusters = min(rows, 10)`, modes with weight > `weight_threshold` (0.005) kept
///   (`valid_component_indicator`), and each row's mode **sampled** from its posterior restricted to the
///   kept modes: p_k + 1e-6, renormalised, one uniform per row against the cumulative sum (numpy's
///   `choice`). Reverse takes the mode index as given.
/// - `.synthcity`: SynthCity's `BayesianGMMEncoder(n_components=10)`: every component kept (its
///   `weight_threshold` is stored but never used), the mode is the posterior **argmax**, and reverse clips
///   the result to the training [min, max].
///
/// Both: v = clip((x − μ_k) / (4 σ_k), −0.99, 0.99) and, in reverse, x = clip(v, −1, 1) · 4 σ_k + μ_k, with
/// σ_k = √(covariance_k). Values must be finite: missing values are the caller's business (SDV imputes the
/// mean before, SynthCity cannot fit them).
public struct ClusterBasedNormalizer: Sendable, Equatable {
    /// `STD_MULTIPLIER` / `std_multiplier`.
    public static let standardDeviationMultiplier = 4.0
    /// The normalised value is clipped to ±this on transform.
    public static let transformClip = 0.99
    /// RDT adds this to every posterior probability before sampling a mode.
    public static let samplingFloor = 1e-6

    public let flavour: Backend
    public let mixture: BayesianGaussianMixture1D
    /// Indices (into the mixture's components) of the modes kept, ascending: the one-hot's columns.
    public let modes: [Int]
    /// μ and σ of the kept modes.
    public let modeMeans: [Double]
    public let modeStandardDeviations: [Double]
    /// The training range (SynthCity clips reverse-transformed values to it).
    public let range: ClosedRange<Double>
    /// The pruning threshold applied (`.sdv`), or nil (`.synthcity` keeps every component).
    public let weightThreshold: Double?

    public var modeCount: Int { modes.count }
    /// Output width: the scalar plus the mode one-hot.
    public var width: Int { 1 + modes.count }

    /// Fits the mixture to `values` with the flavour's settings (components: `min(rows, maxClusters)` for
    /// `.sdv`, `maxClusters` for `.synthcity`, which, like sklearn, needs at least that many rows).
    public init(fitting values: UnsafeBufferPointer<Double>, flavour: Backend, maxClusters: Int = 10,
                weightThreshold: Double = 0.005, stream: inout RandomStream) throws(BayesianGaussianMixture1D.FitError) {
        let components = flavour == .sdv ? min(values.count, maxClusters) : maxClusters
        let mixture = try BayesianGaussianMixture1D.fit(values, options: .init(components: components), stream: &stream)
        var lo = Double.infinity, hi = -Double.infinity
        for x in values { lo = min(lo, x); hi = max(hi, x) }
        self.init(mixture: mixture, flavour: flavour, weightThreshold: weightThreshold, range: lo...hi)
    }

    public init(fitting values: [Double], flavour: Backend, maxClusters: Int = 10, weightThreshold: Double = 0.005,
                stream: inout RandomStream) throws(BayesianGaussianMixture1D.FitError) {
        self = try values.withUnsafeBufferPointer { v throws(BayesianGaussianMixture1D.FitError) in
            try ClusterBasedNormalizer(fitting: v, flavour: flavour, maxClusters: maxClusters,
                                       weightThreshold: weightThreshold, stream: &stream)
        }
    }

    /// A normaliser around an already fitted mixture.
    public init(mixture: BayesianGaussianMixture1D, flavour: Backend, weightThreshold: Double = 0.005,
                range: ClosedRange<Double>) {
        self.flavour = flavour
        self.mixture = mixture
        self.range = range
        switch flavour {
        case .sdv:
            self.weightThreshold = weightThreshold
            modes = mixture.weights.indices.filter { mixture.weights[$0] > weightThreshold }
        case .synthcity:
            self.weightThreshold = nil
            modes = Array(mixture.weights.indices)
        }
        let sds = mixture.standardDeviations
        modeMeans = modes.map { mixture.means[$0] }
        modeStandardDeviations = modes.map { sds[$0] }
    }

    // MARK: Transform

    /// Encodes `values` into rows of `out`: row i's scalar goes to `out[i * rowStride + offset]` and its mode
    /// one-hot to the next ``modeCount`` entries (the caller zeroes the block first). Modes are sampled
    /// from `stream` in the `.sdv` flavour (one uniform per row), chosen by argmax in `.synthcity`.
    public func encode(_ values: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Float>,
                       rowStride: Int, offset: Int, stream: inout RandomStream) {
        precondition(offset + width <= rowStride && out.count >= values.count * rowStride, "output block too small")
        forEachMode(values, stream: &stream) { i, mode, scalar in
            let row = out.baseAddress! + i * rowStride + offset
            row[0] = Float(scalar)
            row[1 + mode] = 1
        }
    }

    /// RDT's transform output: the normalised value and the mode index (into the kept modes) per value.
    public func transform(_ values: [Double], stream: inout RandomStream) -> (normalized: [Double], modes: [Int]) {
        var normalized = [Double](repeating: 0, count: values.count)
        var chosen = [Int](repeating: 0, count: values.count)
        values.withUnsafeBufferPointer { v in
            forEachMode(v, stream: &stream) { i, mode, scalar in normalized[i] = scalar; chosen[i] = mode }
        }
        return (normalized, chosen)
    }

    /// The shared transform loop: posteriors in chunks (no per-row allocation), a mode per row, the
    /// clipped scalar; `body(row, mode, scalar)`.
    @inline(__always)
    func forEachMode(_ values: UnsafeBufferPointer<Double>, stream: inout RandomStream,
                     _ body: (Int, Int, Double) -> Void) {
        let k = mixture.componentCount, kept = modes.count
        let chunk = 1024
        let scale = Self.standardDeviationMultiplier
        withUnsafeTemporaryAllocation(of: Double.self, capacity: chunk * k) { probabilities in
            modes.withUnsafeBufferPointer { modes in
                modeMeans.withUnsafeBufferPointer { mu in
                    modeStandardDeviations.withUnsafeBufferPointer { sd in
                        var start = 0
                        while start < values.count {
                            let end = min(values.count, start + chunk)
                            let slice = UnsafeBufferPointer(rebasing: values[start..<end])
                            mixture.predictProba(slice, into: probabilities)
                            for i in start..<end {
                                let p = probabilities.baseAddress! + (i - start) * k
                                var mode = 0
                                switch flavour {
                                case .sdv:
                                    var total = 0.0
                                    for j in 0..<kept { total += p[modes[j]] + Self.samplingFloor }
                                    let target = stream.nextDouble() * total
                                    var cumulative = 0.0
                                    mode = kept - 1
                                    for j in 0..<kept {
                                        cumulative += p[modes[j]] + Self.samplingFloor
                                        if cumulative > target { mode = j; break }
                                    }
                                case .synthcity:
                                    for j in 1..<kept where p[modes[j]] > p[modes[mode]] { mode = j }
                                }
                                let z = (values[i] - mu[mode]) / (scale * sd[mode])
                                body(i, mode, min(Self.transformClip, max(-Self.transformClip, z)))
                            }
                            start = end
                        }
                    }
                }
            }
        }
    }

    // MARK: Reverse

    /// The value of normalised scalar `v` in kept mode `mode`: clip(v, −1, 1) · 4σ + μ, then (SynthCity)
    /// clipped to the training range.
    @inlinable
    public func value(normalized v: Double, mode: Int) -> Double {
        let x = min(1, max(-1, v)) * Self.standardDeviationMultiplier * modeStandardDeviations[mode] + modeMeans[mode]
        return flavour == .synthcity ? min(range.upperBound, max(range.lowerBound, x)) : x
    }

    /// Decodes rows of a generator's output: the scalar at `offset` (plus N(0, σ²) noise when `sigma` is
    /// given, as TVAE's sampling does) and the mode as the argmax of the next ``modeCount`` entries (the
    /// first on ties), as CTGAN's `DataTransformer` and SynthCity do.
    public func decode(_ matrix: UnsafeBufferPointer<Float>, rowCount: Int, rowStride: Int, offset: Int,
                       sigma: Float? = nil, stream: inout RandomStream, into out: UnsafeMutableBufferPointer<Double>) {
        precondition(offset + width <= rowStride && matrix.count >= rowCount * rowStride && out.count >= rowCount,
                     "decode block out of range")
        for i in 0..<rowCount {
            let row = matrix.baseAddress! + i * rowStride + offset
            var mode = 0
            for j in 1..<modeCount where row[1 + j] > row[1 + mode] { mode = j }
            var v = Double(row[0])
            if let sigma { v = stream.nextNormal(mean: v, std: Double(sigma)) }
            out[i] = value(normalized: v, mode: mode)
        }
    }

    /// RDT's `reverse_transform` from (normalised, component) columns: the component is rounded and clipped
    /// to 0..<modeCount (`round().clip(0, K − 1)`).
    public func reverse(normalized: [Double], components: [Double]) -> [Double] {
        precondition(normalized.count == components.count, "one component per value")
        return zip(normalized, components).map { v, c in
            let rounded = c.isNaN ? 0 : c.rounded(.toNearestOrEven)
            let mode = Int(min(Double(modeCount - 1), max(0, rounded)))
            return value(normalized: v, mode: mode)
        }
    }
}
