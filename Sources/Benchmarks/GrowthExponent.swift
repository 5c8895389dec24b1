import Foundation

/// The growth exponent k of a cost that behaves like c · n^k: the least-squares slope of log(cost) on
/// log(n). 1 is linear, 2 quadratic; fixed overheads pull it below the asymptotic value at small n.
package enum GrowthExponent {
    /// The slope over the points with a positive size and cost; nil with fewer than two distinct sizes.
    package static func fit(_ points: [(n: Double, cost: Double)]) -> Double? {
        let usable = points.filter { $0.n > 0 && $0.cost > 0 && $0.n.isFinite && $0.cost.isFinite }
        guard Set(usable.map(\.n)).count >= 2 else { return nil }
        let x = usable.map { log($0.n) }, y = usable.map { log($0.cost) }
        let mx = x.reduce(0, +) / Double(x.count), my = y.reduce(0, +) / Double(y.count)
        var sxy = 0.0, sxx = 0.0
        for (a, b) in zip(x, y) { sxy += (a - mx) * (b - my); sxx += (a - mx) * (a - mx) }
        return sxy / sxx
    }
}
