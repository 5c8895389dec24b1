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
        func meanKernel(_ a: Matrix, _ b: Matrix) -> Double {
            var total = 0.0
            SquaredDistanceBlocks.forEach(query: a, reference: b) { rows, columns, block in
                for t in 0..<(rows.count * columns.count) { total += exp(-gamma * block[t]) }
            }
            return total / (Double(a.rows) * Double(b.rows))
        }
        return meanKernel(x, x) + meanKernel(y, y) - 2 * meanKernel(x, y)
    }

    static func linear(_ x: Matrix, _ y: Matrix) -> Double {
        (0..<x.cols).reduce(0) { s, j in
            let dx = x.column(j).reduce(0, +) / Double(x.rows) - y.column(j).reduce(0, +) / Double(y.rows)
            return s + dx * dx
        }
    }
}
