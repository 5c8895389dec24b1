// The beta that the quantile-table benches (quantile_table_tail, copula_quantile_tiles, coarse_stretch_margin)
// hand to NormalScoreQuantileTable, compiled beside one revision's table by revisions.sh's table_bench: what the
// table asks of a distribution, with BetaDistribution's formulas (density, exact quantiles four at a time).
import Foundation
public protocol UnivariateDistribution: Sendable {
    func pdf(_ x: Double) -> Double
    func ppf(_ p: Double) -> Double
    func ppf(_ ps: [Double]) -> [Double]
    func exactPPF(_ ps: [Double]) -> [Double]
}
public struct Beta: UnivariateDistribution {
    let a: Double, b: Double, loc: Double, scale: Double, logBetaAB: Double
    let inverse: Special.InverseRegularizedBeta
    init(a: Double, b: Double, loc: Double, scale: Double) {
        self.a = a; self.b = b; self.loc = loc; self.scale = scale
        logBetaAB = Special.logBeta(a, b)
        inverse = Special.InverseRegularizedBeta(a: a, b: b)!
    }
    public func pdf(_ x: Double) -> Double {
        let z = (x - loc) / scale
        guard z >= 0, z <= 1 else { return 0 }
        return exp((b - 1) * log1p(-z) + (a - 1) * log(z) - logBetaAB - log(scale))
    }
    public func ppf(_ p: Double) -> Double { loc + scale * inverse.value(p) }
    public func ppf(_ ps: [Double]) -> [Double] { exactPPF(ps) }
    public func exactPPF(_ ps: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: ps.count)
        ps.withUnsafeBufferPointer { p in out.withUnsafeMutableBufferPointer { inverse.values(p, into: $0) } }
        return out.map { loc + scale * $0 }
    }
}
