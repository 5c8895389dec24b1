import Foundation
import SynthMath

/// SynthCity's `max_mean_discrepancy` (the biased V-statistic, self-pairs included):
/// - `rbf` (its default): mean k(x,x') + mean k(y,y') − 2 mean k(x,y), k = exp(−γ‖a − b‖²) with γ = 1 on
///   the rows as given (SynthCity does not scale them, so on wide-ranged columns almost every pair of
///   distinct rows has kernel 0 and the value is driven by duplicate rows);
/// - `linear`: ‖mean(x) − mean(y)‖².
/// Kernel sums run over blocks of squared distances, never holding an n × n matrix.
enum MaximumMeanDiscrepancy {
    static func rbf(_ x: Matrix, _ y: Matrix, gamma: Double = 1) -> Double {
        meanKernel(x, x, gamma) + meanKernel(y, y, gamma) - 2 * meanKernel(x, y, gamma)
    }

    /// Mean of exp(−γ‖a − b‖²) over all pairs. The blocks' expansion ‖a‖² + ‖b‖² − 2a·b carries a rounding
    /// error of about (d + 2)·ε·(‖a‖² + ‖b‖²), which on unscaled rows (timestamps near 1.6e9) is thousands:
    /// enough to turn a duplicate row's kernel 1 into 0, and the result then depends on the BLAS kernel's
    /// summation order. Where that error bound exceeds 1e-12 (a relative error of 1e-12 in the kernel), every
    /// pair whose kernel could be above exp(−746) (the smallest double's exponent) within it is recomputed as
    /// the exact sum of squared differences; all other pairs contribute exactly 0 either way. On scaled rows
    /// the bound is below 1e-12 and nothing is recomputed.
    static func meanKernel(_ a: Matrix, _ b: Matrix, _ gamma: Double) -> Double {
        let d = a.cols, relative = 4 * Double(d + 2) * Double.ulpOfOne, reach = 746 / gamma
        var total = 0.0
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                SquaredDistanceBlocks.forEachCross(query: a, reference: b) { rows, columns, cross, aNorm, bNorm in
                    let w = columns.count
                    for i in rows {
                        let row = cross + (i - rows.lowerBound) * w, an = aNorm[i]
                        for t in 0..<w {
                            let j = columns.lowerBound + t, bn = bNorm[j]
                            var squared = SquaredDistanceBlocks.distance(an, bn, row[t])
                            let error = relative * (an + bn)
                            if error > 1e-12, squared - error < reach {
                                squared = 0
                                for k in 0..<d { let e = pa[i * d + k] - pb[j * d + k]; squared += e * e }
                            }
                            total += exp(-gamma * squared)
                        }
                    }
                }
            }
        }
        return total / (Double(a.rows) * Double(b.rows))
    }

    static func linear(_ x: Matrix, _ y: Matrix) -> Double {
        (0..<x.cols).reduce(0) { s, j in
            let dx = x.column(j).reduce(0, +) / Double(x.rows) - y.column(j).reduce(0, +) / Double(y.rows)
            return s + dx * dx
        }
    }
}
