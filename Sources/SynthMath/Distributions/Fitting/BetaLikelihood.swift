import CSynthKernels
import Foundation

/// scipy's penalised beta negative log-likelihood (``PenalizedLikelihood`` with the beta log-density) for
/// one data set, prepared once so that each Nelder–Mead evaluation costs a few multiplications per point
/// instead of two logarithms.
///
/// With z = (x − loc)/scale the value is
///
///     −[(a − 1) Σ log z + (b − 1) Σ log(1 − z) − m log B(a, b)] + bad · 100 log(DBL_MAX) + n log scale
///
/// over the m points whose log-density is finite; `bad` counts the rest (outside [0, 1], or at an end where
/// the density is 0 or ∞). Three things make it fast and leave the value unchanged up to rounding:
/// - The data are sorted once, and z is monotone in x, so the points outside the support, at z = 0 and at
///   z = 1 are index ranges found by binary search on the same computed z that scipy tests.
/// - Σ log z is the logarithm of a product: 16 factors at a time are multiplied in eight SIMD lanes and the
///   binary exponent is moved into an integer counter (factors below 2⁻⁶⁰ take a direct logarithm), so no
///   product over- or underflows and one logarithm per lane remains. Likewise Σ log(1 − z), whose factors
///   are at least 2⁻⁵³ inside the support. The rounding error is about one ulp per factor, as for summing
///   logarithms. The products are C (`synth_beta_log_sums`): with AVX-512 or FMA each z comes from the
///   reciprocal of the scale, corrected and verified to be the division's quotient, because the divider
///   bounded the loop (every build gives the same bits).
/// - Data with many repeated values (integer columns) take the logarithms once per distinct value,
///   weighted by its count.
/// Small samples (up to ``exactOrderLimit``) are evaluated in scipy's own order instead, and log B(a, b)
/// is always computed in cephes' `lbeta` order (``cephesLogBeta(_:_:)``), because Nelder–Mead's path can
/// turn on the last bit of the objective.
struct BetaLikelihood {
    /// Up to this many points the value is computed as scipy computes it: per-point log-densities in data
    /// order, summed pairwise like numpy (``PairwiseSum``), so that Nelder–Mead sees the same rounding.
    static let exactOrderLimit = 4096
    /// The data in the caller's order (kept for the exact-order path only).
    private let original: [Double]?
    /// The data, ascending.
    private let sorted: [Double]
    /// Distinct values ascending with their counts, kept when they are few (at most n/8).
    private let distinct: [Double]?
    private let counts: [Double]
    /// `prefix[i]` = number of data points among the first i distinct values.
    private let prefix: [Int]

    init(_ data: [Double]) {
        original = data.count <= Self.exactOrderLimit ? data : nil
        var s = data
        RadixSort.sort(&s)
        sorted = s
        var values: [Double] = [], counts: [Double] = []
        var limit = max(16, s.count / 8)
        var i = 0
        while i < s.count {
            var j = i + 1
            while j < s.count && s[j] == s[i] { j += 1 }
            values.append(s[i]); counts.append(Double(j - i))
            i = j
            limit -= 1
            if limit < 0 { break }
        }
        if i >= s.count && limit >= 0 {
            distinct = values
            self.counts = counts
            var p = [0]
            p.reserveCapacity(counts.count + 1)
            for c in counts { p.append(p.last! + Int(c)) }
            prefix = p
        } else {
            distinct = nil
            self.counts = []
            prefix = []
        }
    }

    var count: Int { sorted.count }

    /// The penalised negative log-likelihood at (a, b, loc, scale); +∞ outside a, b, scale > 0.
    func value(a: Double, b: Double, loc: Double, scale: Double) -> Double {
        guard a > 0, b > 0, scale > 0 else { return .infinity }
        let lb = Self.cephesLogBeta(a, b)
        let n = sorted.count
        if let data = original { return Self.scipyOrderValue(data, a: a, b: b, loc: loc, scale: scale, logBetaAB: lb) }
        var good = 0, bad = 0
        var sumLogZ = 0.0, sumLog1mZ = 0.0
        @inline(__always) func z(_ x: Double) -> Double { (x - loc) / scale }
        if let values = distinct {
            values.withUnsafeBufferPointer { v in
                counts.withUnsafeBufferPointer { c in
                    let lo = Self.firstIndex(v) { z($0) >= 0 }
                    let zeroEnd = Self.firstIndex(v) { z($0) > 0 }
                    let oneStart = Self.firstIndex(v) { z($0) >= 1 }
                    let hi = Self.firstIndex(v) { z($0) > 1 }
                    bad = prefix[lo] + (n - prefix[hi])
                    let zeros = prefix[zeroEnd] - prefix[lo], ones = prefix[hi] - prefix[oneStart]
                    if a == 1 { good += zeros } else { bad += zeros }
                    if b == 1 { good += ones } else { bad += ones }
                    good += prefix[oneStart] - prefix[zeroEnd]
                    for k in zeroEnd..<oneStart {
                        let t = z(v[k])
                        sumLogZ += c[k] * log(t)
                        sumLog1mZ += c[k] * log1p(-t)
                    }
                }
            }
        } else {
            sorted.withUnsafeBufferPointer { v in
                let lo = Self.firstIndex(v) { z($0) >= 0 }
                let zeroEnd = Self.firstIndex(v) { z($0) > 0 }
                let oneStart = Self.firstIndex(v) { z($0) >= 1 }
                let hi = Self.firstIndex(v) { z($0) > 1 }
                bad = lo + (n - hi)
                let zeros = zeroEnd - lo, ones = hi - oneStart
                if a == 1 { good += zeros } else { bad += zeros }
                if b == 1 { good += ones } else { bad += ones }
                good += oneStart - zeroEnd
                // Tiny z: direct logarithms, so that 16 product factors never underflow.
                let tinyEnd = Self.firstIndex(UnsafeBufferPointer(rebasing: v[zeroEnd..<oneStart])) {
                    z($0) >= 0x1p-60
                } + zeroEnd
                for k in zeroEnd..<tinyEnd {
                    let t = z(v[k])
                    sumLogZ += log(t)
                    sumLog1mZ += log1p(-t)
                }
                let sums = Self.logSums(UnsafeBufferPointer(rebasing: v[tinyEnd..<oneStart]), loc: loc, scale: scale)
                sumLogZ += sums.logZ
                sumLog1mZ += sums.logOneMinusZ
            }
        }
        // xlogy / xlog1py: a zero coefficient contributes 0 whatever the sum.
        let logDensitySum = (a == 1 ? 0 : (a - 1) * sumLogZ) + (b == 1 ? 0 : (b - 1) * sumLog1mZ) - Double(good) * lb
        return (-logDensitySum + Double(bad) * PenalizedLikelihood.logMaxDouble * 100) + Double(n) * log(scale)
    }

    /// scipy's `_penalized_nnlf` term by term: z = (x − loc)/scale, points outside [0, 1] dropped and
    /// counted, log-densities xlog1py(b − 1, −z) + xlogy(a − 1, z) − log B(a, b), non-finite ones counted,
    /// the rest summed pairwise in data order.
    private static func scipyOrderValue(_ data: [Double], a: Double, b: Double, loc: Double, scale: Double,
                                        logBetaAB lb: Double) -> Double {
        var logDensities = [Double]()
        logDensities.reserveCapacity(data.count)
        var bad = 0
        for x in data {
            let z = (x - loc) / scale
            guard z >= 0, z <= 1 else { bad += 1; continue }
            let l = (PenalizedLikelihood.xlog1py(b - 1, -z) + PenalizedLikelihood.xlogy(a - 1, z)) - lb
            if l.isFinite { logDensities.append(l) } else { bad += 1 }
        }
        let total = PairwiseSum.sum(logDensities)
        return (-total + Double(bad) * PenalizedLikelihood.logMaxDouble * 100) + Double(data.count) * log(scale)
    }

    /// log B(a, b) the way scipy's `betaln` (cephes `lbeta`) computes it for positive arguments: through
    /// Γ when a, b and a + b are below 171.62 (log of Γ(a)Γ(b)/Γ(a + b), divided in cephes' order), else
    /// lgamma(a) + (lgamma(b) − lgamma(a + b)) — so that Nelder–Mead sees scipy's rounding. (cephes' own
    /// asymptotic branch for a > 10⁶·b is not reproduced; the lgamma form is used there.)
    static func cephesLogBeta(_ a0: Double, _ b0: Double) -> Double {
        let (a, b) = abs(a0) < abs(b0) ? (b0, a0) : (a0, b0)
        let y = a + b
        let maxGamma = 171.624376956302725
        if abs(y) > maxGamma || abs(a) > maxGamma || abs(b) > maxGamma {
            return Special.logGamma(a) + (Special.logGamma(b) - Special.logGamma(y))
        }
        let gy = tgamma(y), ga = tgamma(a), gb = tgamma(b)
        var r: Double
        if abs(abs(ga) - abs(gy)) > abs(gb) { r = gb / gy; r *= ga } else { r = ga / gy; r *= gb }
        return log(abs(r))
    }

    /// The first index whose value satisfies `predicate` (which must be monotone: false, then true).
    @inline(__always)
    private static func firstIndex(_ v: UnsafeBufferPointer<Double>, _ predicate: (Double) -> Bool) -> Int {
        var lo = 0, hi = v.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if predicate(v[mid]) { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// The widest build of `synth_beta_log_sums` this CPU runs (2: AVX-512, 1: AVX2 with FMA, 0: portable);
    /// all give the same bits.
    static let sumsBuild: Int32 = [2, 1, 0].first { synth_beta_log_sums_supports($0) != 0 }!

    /// Σ log z and Σ log(1 − z) for z = (x − loc)/scale, every z in [2⁻⁶⁰, 1), through lane-wise products
    /// renormalised every 16 factors (see the type's documentation), in `synth_beta_log_sums` of `build`.
    static func logSums(_ v: UnsafeBufferPointer<Double>, loc: Double, scale: Double, build: Int32 = sumsBuild)
        -> (logZ: Double, logOneMinusZ: Double)
    {
        guard let base = v.baseAddress else { return (0, 0) }
        var logZ = 0.0, logW = 0.0
        let status = synth_beta_log_sums(build, base, Int64(v.count), loc, scale, &logZ, &logW)
        precondition(status == 0, "beta likelihood sums build \(build) does not run on this CPU")
        return (logZ, logW)
    }
}
