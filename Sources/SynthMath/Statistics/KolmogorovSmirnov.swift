import Foundation

/// The two-sided two-sample Kolmogorov-Smirnov test, as scipy.stats.ks_2samp(x, y) with its defaults
/// (alternative='two-sided', method='auto').
///
/// Statistic: D = sup_t |F_x(t) − F_y(t)| with F the right-continuous empirical CDFs, evaluated at every
/// distinct pooled value by merging the two sorted samples (O(n log n) for the sort, O(n + m) for the
/// merge; tied values move both ECDFs at once, as scipy's `searchsorted(side='right')` does).
///
/// p-value (`method: .auto`): exact when max(n, m) ≤ 10000, else asymptotic — scipy's rule. Exact:
/// D is rounded to h/lcm(n, m) and P(D ≥ h/lcm) is the share of lattice paths from (0, 0) to (n, m)
/// leaving the band |x/n − y/m| < h/lcm (Hodges 1958), by the m = n closed form or the Viehmann (2021)
/// recursion for 1 − P; if it fails (a result outside [0, 1]) the asymptotic one is used instead.
/// Asymptotic: P(D_N > D) with N = round(n·m/(n + m)) (half to even), from the exact one-sample
/// distribution ``KolmogorovDistribution/survival(_:n:)`` (scipy.stats.kstwo).
///
/// NaN policy: NaNs are dropped from each sample first (scipy's default would propagate them; SDMetrics'
/// KSComplement drops them). A sample with no values left throws ``StatisticsError/emptySample(_:)``.
/// ±∞ are ordinary values. Constant samples are fine (D = 0 when both are the same constant).
public enum KolmogorovSmirnov {
    /// How the p-value is computed.
    public enum Method: String, Sendable, Equatable {
        /// Exact when max(n, m) ≤ 10000, asymptotic otherwise (scipy's 'auto').
        case auto
        /// The exact lattice-path probability (falls back to asymptotic if lcm(n, m) ≥ 2³¹ or it fails).
        case exact
        /// The kstwo survival function at N = round(nm/(n + m)).
        case asymptotic
    }

    /// Largest sample size for which `.auto` uses the exact p-value (scipy's MAX_AUTO_N).
    public static let maxExactSampleSize = 10_000

    /// The outcome of ``twoSample(_:_:method:)-(SortedSample,SortedSample,_)``.
    public struct Result: Sendable, Equatable {
        /// D. On the exact path it is rounded to h/lcm(n, m), as scipy reports it.
        public var statistic: Double
        public var pValue: Double
        /// The pooled value at which the ECDF gap D is attained (scipy's statistic_location).
        public var statisticLocation: Double
        /// +1 when F_x − F_y is positive there, −1 when negative (scipy's statistic_sign).
        public var statisticSign: Int
        /// `.exact` or `.asymptotic`: the method actually used.
        public var method: Method
        /// Non-NaN sample sizes.
        public var sizes: (x: Int, y: Int)

        public static func == (a: Result, b: Result) -> Bool {
            a.statistic == b.statistic && a.pValue == b.pValue && a.statisticLocation == b.statisticLocation
                && a.statisticSign == b.statisticSign && a.method == b.method && a.sizes == b.sizes
        }
    }

    // MARK: Test

    /// The two-sided test on two sorted samples.
    public static func twoSample(_ x: SortedSample, _ y: SortedSample, method: Method = .auto) throws -> Result {
        let gap = try ecdfGap(x, y)
        let (p, d, used) = pValue(statistic: gap.d, sizes: x.count, y.count, method: method)
        return Result(statistic: d, pValue: p, statisticLocation: gap.location, statisticSign: gap.sign,
                      method: used, sizes: (x.count, y.count))
    }

    /// The two-sided test; NaNs are dropped from each sample.
    public static func twoSample(_ x: UnsafeBufferPointer<Double>, _ y: UnsafeBufferPointer<Double>,
                                 method: Method = .auto) throws -> Result {
        try twoSample(SortedSample(x), SortedSample(y), method: method)
    }

    public static func twoSample(_ x: [Double], _ y: [Double], method: Method = .auto) throws -> Result {
        try twoSample(SortedSample(x), SortedSample(y), method: method)
    }

    // MARK: Statistic only

    /// D alone (no p-value, no rounding): what KSComplement and ks_mean need.
    public static func statistic(_ x: SortedSample, _ y: SortedSample) throws -> Double { try ecdfGap(x, y).d }

    public static func statistic(_ x: UnsafeBufferPointer<Double>, _ y: UnsafeBufferPointer<Double>) throws -> Double {
        try statistic(SortedSample(x), SortedSample(y))
    }

    public static func statistic(_ x: [Double], _ y: [Double]) throws -> Double {
        try statistic(SortedSample(x), SortedSample(y))
    }

    /// max and min of F_x − F_y over the pooled values, with scipy's choice of location: the first index
    /// in the concatenation [sorted x, sorted y] that attains the extreme.
    static func ecdfGap(_ xs: SortedSample, _ ys: SortedSample) throws -> (d: Double, location: Double, sign: Int) {
        guard !xs.isEmpty else { throw StatisticsError.emptySample("first sample") }
        guard !ys.isEmpty else { throw StatisticsError.emptySample("second sample") }
        return xs.values.withUnsafeBufferPointer { x in
            ys.values.withUnsafeBufferPointer { y in
                let n1 = x.count, n2 = y.count
                let n1d = Double(n1), n2d = Double(n2)
                var i = 0, j = 0
                var maxDiff = -Double.infinity, minDiff = Double.infinity
                // First values in x and in y where the current extreme is attained; NaN = none yet (the
                // samples hold no NaN).
                var maxAtX = Double.nan, maxAtY = Double.nan, minAtX = Double.nan, minAtY = Double.nan
                while i < n1 || j < n2 {
                    let v = (i < n1 && (j == n2 || x[i] <= y[j])) ? x[i] : y[j]
                    let i0 = i, j0 = j
                    while i < n1 && x[i] == v { i += 1 }
                    while j < n2 && y[j] == v { j += 1 }
                    let inX = i > i0, inY = j > j0
                    let diff = Double(i) / n1d - Double(j) / n2d
                    if diff >= maxDiff {
                        if diff > maxDiff {
                            maxDiff = diff; maxAtX = inX ? v : .nan; maxAtY = inY ? v : .nan
                        } else {
                            if inX && maxAtX.isNaN { maxAtX = v }
                            if inY && maxAtY.isNaN { maxAtY = v }
                        }
                    }
                    if diff <= minDiff {
                        if diff < minDiff {
                            minDiff = diff; minAtX = inX ? v : .nan; minAtY = inY ? v : .nan
                        } else {
                            if inX && minAtX.isNaN { minAtX = v }
                            if inY && minAtY.isNaN { minAtY = v }
                        }
                    }
                }
                let minS = min(max(-minDiff, 0), 1)
                if minS > maxDiff { return (minS, minAtX.isNaN ? minAtY : minAtX, -1) }
                return (maxDiff, maxAtX.isNaN ? maxAtY : maxAtX, 1)
            }
        }
    }

    // MARK: p-value

    /// The two-sided p-value of D for sample sizes n1 and n2, with the D scipy reports (rounded to
    /// h/lcm on the exact path) and the method actually used. Sizes must be positive.
    public static func pValue(statistic d: Double, sizes n1: Int, _ n2: Int,
                              method: Method = .auto) -> (pValue: Double, statistic: Double, method: Method) {
        precondition(n1 > 0 && n2 > 0, "KS p-value needs positive sample sizes")
        if d.isNaN { return (.nan, d, method == .auto ? .asymptotic : method) }
        var useExact: Bool
        switch method {
        case .auto: useExact = max(n1, n2) <= maxExactSampleSize
        case .exact: useExact = true
        case .asymptotic: useExact = false
        }
        let g = gcd(n1, n2)
        let n1g = n1 / g, n2g = n2 / g
        if useExact && Double(n1g) >= Double(Int32.max) / Double(n2g) { useExact = false }
        var statistic = d
        if useExact {
            let lcm = n1g * n2
            let h = Int((d * Double(lcm)).rounded(.toNearestOrEven))
            statistic = Double(h) / Double(lcm)
            if h == 0 { return (1, statistic, .exact) }
            let p = n1 == n2 ? probabilityOutsideSquare(n1, h) : probabilityOutsideBand(n1, n2, g: g, h: h)
            if p.isFinite && p >= 0 && p <= 1 { return (p, statistic, .exact) }
        }
        let larger = Double(max(n1, n2)), smaller = Double(min(n1, n2))
        let effective = Int((larger * smaller / (larger + smaller)).rounded(.toNearestOrEven))
        let p = KolmogorovDistribution.survival(statistic, n: max(effective, 1))
        return (min(max(p, 0), 1), statistic, .asymptotic)
    }

    /// P(D_{n,n} ≥ h/n) = 2 Σ_{k≥1} (−1)^(k−1) C(2n, n − kh)/C(2n, n), evaluated Horner-style as
    /// 2·A₁(1 − A₂(1 − A₃(…))) with A_k = Π_{j<h} (n − kh' − j)/(n + kh' + j + 1), no cancellation.
    static func probabilityOutsideSquare(_ n: Int, _ h: Int) -> Double {
        var p = 0.0
        var k = n / h
        while k >= 0 {
            var ratio = 1.0
            for j in 0..<h {
                ratio = Double(n - k * h - j) * ratio / Double(n + k * h + j + 1)
            }
            p = ratio * (1 - p)
            k -= 1
        }
        return 2 * p
    }

    /// 1 − (share of lattice paths from (0, 0) to (m, n) that stay strictly inside |x/m − y/n| < h/lcm),
    /// by Viehmann's recursion on a sliding column window, which carries 1 − p directly so small p-values
    /// keep their precision. O(m · window).
    static func probabilityOutsideBand(_ a: Int, _ b: Int, g: Int, h: Int) -> Double {
        let m = max(a, b), n = min(a, b)
        let mg = m / g, ng = n / g
        func floorDiv(_ p: Int, _ q: Int) -> Int { let r = p / q; return (p % q != 0 && (p < 0) != (q < 0)) ? r - 1 : r }
        func ceilDiv(_ p: Int, _ q: Int) -> Int { -floorDiv(-p, q) }
        var minJ = 0
        var maxJ = min(ceilDiv(h, mg), n + 1)
        var currentLength = maxJ - minJ
        let length = min(2 * maxJ + 2, n + 1)
        var column = [Double](repeating: 1, count: length)
        return column.withUnsafeMutableBufferPointer { col in
            for idx in 0..<min(maxJ, length) { col[idx] = 0 }
            for i in 1...m {
                let lastMinJ = minJ, lastLength = currentLength
                minJ = min(max(floorDiv(ng * i - h, mg) + 1, 0), n)
                maxJ = min(ceilDiv(ng * i + h, mg), n + 1)
                if maxJ <= minJ { return 1 }
                var value = minJ == 0 ? 0.0 : 1.0
                let di = Double(i)
                for jj in 0..<(maxJ - minJ) {
                    let j = Double(jj + minJ)
                    value = (col[jj + minJ - lastMinJ] * di + value * j) / (di + j)
                    col[jj] = value
                }
                currentLength = maxJ - minJ
                if lastLength > currentLength {
                    for idx in currentLength..<min(lastLength, length) { col[idx] = 1 }
                }
            }
            return col[maxJ - minJ - 1]
        }
    }

    static func gcd(_ a: Int, _ b: Int) -> Int {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }

    // MARK: Critical value

    /// c(α) = √(−ln(α/2)/2), the large-sample coefficient of the two-sample critical value.
    public static func criticalCoefficient(alpha: Double) throws -> Double {
        guard alpha > 0 && alpha < 1 else {
            throw StatisticsError.invalidParameter("alpha", "\(alpha) must be in (0, 1)")
        }
        return (-log(alpha / 2) / 2).squareRoot()
    }

    /// D_crit = c(α)·√((n + m)/(n·m)): reject "same distribution" at level α (asymptotically) when D
    /// exceeds it. Used by property tests on generators.
    public static func criticalValue(alpha: Double, sizes n: Int, _ m: Int) throws -> Double {
        guard n > 0 else { throw StatisticsError.invalidParameter("n", "sample size \(n) must be positive") }
        guard m > 0 else { throw StatisticsError.invalidParameter("m", "sample size \(m) must be positive") }
        let nd = Double(n), md = Double(m)
        return try criticalCoefficient(alpha: alpha) * ((nd + md) / (nd * md)).squareRoot()
    }
}
