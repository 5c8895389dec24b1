import Foundation

/// The first Wasserstein (earth mover's) distance between two one-dimensional empirical distributions,
/// W1(u, v) = ∫ |U(t) − V(t)| dt with U, V the (weighted) empirical CDFs — scipy.stats.wasserstein_distance.
/// Evaluated exactly as the sum over consecutive pooled sorted values a_k < a_{k+1} of
/// |U(a_k) − V(a_k)|·(a_{k+1} − a_k), by merging the two sorted samples: O(n log n).
///
/// NaN policy: a NaN value is dropped together with its weight. A sample with no values left throws
/// ``StatisticsError/emptySample(_:)``; ±∞ values throw (the integral is not finite); weights must be
/// finite and ≥ 0 with a positive sum over the kept values, and as many as the values.
public enum Wasserstein {
    /// W1 between two unweighted sorted samples.
    public static func distance(_ u: SortedSample, _ v: SortedSample) throws -> Double {
        try checkSample(u.values, name: "first sample")
        try checkSample(v.values, name: "second sample")
        return u.values.withUnsafeBufferPointer { a in
            v.values.withUnsafeBufferPointer { b in mergedIntegral(a, nil, b, nil) }
        }
    }

    /// W1 between two samples with optional non-negative weights (scipy's u_weights, v_weights).
    public static func distance(_ u: UnsafeBufferPointer<Double>, _ v: UnsafeBufferPointer<Double>,
                                uWeights: UnsafeBufferPointer<Double>? = nil,
                                vWeights: UnsafeBufferPointer<Double>? = nil) throws -> Double {
        if uWeights == nil && vWeights == nil { return try distance(SortedSample(u), SortedSample(v)) }
        let (uValues, uCumulative) = try sortedWithCumulativeWeights(u, uWeights, name: "first sample")
        let (vValues, vCumulative) = try sortedWithCumulativeWeights(v, vWeights, name: "second sample")
        return uValues.withUnsafeBufferPointer { a in
            vValues.withUnsafeBufferPointer { b in
                withOptionalBuffer(uCumulative) { ca in
                    withOptionalBuffer(vCumulative) { cb in mergedIntegral(a, ca, b, cb) }
                }
            }
        }
    }

    public static func distance(_ u: [Double], _ v: [Double], uWeights: [Double]? = nil,
                                vWeights: [Double]? = nil) throws -> Double {
        try u.withUnsafeBufferPointer { a in
            try v.withUnsafeBufferPointer { b in
                try withOptionalBuffer(uWeights) { wa in
                    try withOptionalBuffer(vWeights) { wb in try distance(a, b, uWeights: wa, vWeights: wb) }
                }
            }
        }
    }

    static func checkSample(_ sorted: [Double], name: String) throws {
        guard let first = sorted.first, let last = sorted.last else { throw StatisticsError.emptySample(name) }
        if !first.isFinite { throw StatisticsError.nonFiniteValue(name, index: 0) }
        if !last.isFinite { throw StatisticsError.nonFiniteValue(name, index: sorted.count - 1) }
    }

    /// Sorted non-NaN values and, when weighted, the cumulative weights c[0] = 0, c[i+1] = c[i] + w_(i).
    static func sortedWithCumulativeWeights(_ values: UnsafeBufferPointer<Double>, _ weights: UnsafeBufferPointer<Double>?,
                                            name: String) throws -> ([Double], [Double]?) {
        guard let weights else {
            let s = SortedSample(values)
            try checkSample(s.values, name: name)
            return (s.values, nil)
        }
        guard weights.count == values.count else {
            throw StatisticsError.lengthMismatch("values of the \(name)", values.count, "its weights", weights.count)
        }
        for i in weights.indices {
            guard weights[i] >= 0 else { throw StatisticsError.negativeValue("weights of the \(name)", index: i) }
            guard weights[i].isFinite else { throw StatisticsError.nonFiniteValue("weights of the \(name)", index: i) }
        }
        let order = RadixSort.argsortDroppingNaN(values)
        let sorted = order.map { values[Int($0)] }
        try checkSample(sorted, name: name)
        var cumulative = [Double](repeating: 0, count: sorted.count + 1)
        for (k, i) in order.enumerated() { cumulative[k + 1] = cumulative[k] + weights[Int(i)] }
        guard cumulative[sorted.count] > 0 else {
            throw StatisticsError.invalidParameter("weights of the \(name)", "they sum to 0 over the non-NaN values")
        }
        return (sorted, cumulative)
    }

    /// Σ |U(a_k) − V(a_k)|·(a_{k+1} − a_k) over consecutive distinct pooled values. A CDF at a is the share
    /// (count or cumulative weight) of values ≤ a.
    static func mergedIntegral(_ u: UnsafeBufferPointer<Double>, _ uCumulative: UnsafeBufferPointer<Double>?,
                               _ v: UnsafeBufferPointer<Double>, _ vCumulative: UnsafeBufferPointer<Double>?) -> Double {
        let nu = u.count, nv = v.count
        let uTotal = uCumulative?[nu] ?? Double(nu)
        let vTotal = vCumulative?[nv] ?? Double(nv)
        var i = 0, j = 0
        var sum = 0.0
        var current = min(u[0], v[0])
        while true {
            while i < nu && u[i] == current { i += 1 }
            while j < nv && v[j] == current { j += 1 }
            if i == nu && j == nv { break }
            let next = (i < nu && (j == nv || u[i] <= v[j])) ? u[i] : v[j]
            let uCDF = (uCumulative == nil ? Double(i) : uCumulative.unsafelyUnwrapped[i]) / uTotal
            let vCDF = (vCumulative == nil ? Double(j) : vCumulative.unsafelyUnwrapped[j]) / vTotal
            sum += abs(uCDF - vCDF) * (next - current)
            current = next
        }
        return sum
    }
}
