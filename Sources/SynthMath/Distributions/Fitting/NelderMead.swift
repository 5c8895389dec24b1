/// The downhill simplex method exactly as `scipy.optimize.fmin` runs it with its defaults, because the
/// `scipy.stats` generic `fit` (and so Copulas' beta and gamma fits) is whatever point this algorithm stops at,
/// not the exact optimum: the same start and the same sequence of reflections give the same answer.
///
/// Defaults as in scipy: coefficients ρ = 1, χ = 2, ψ = ½, σ = ½ (non-adaptive); the initial simplex moves
/// each coordinate by 5 % (or to 0.00025 when it is 0); stop when every vertex is within `xatol` of the best
/// in every coordinate and every value within `fatol` of the best (both 1e-4), or after 200·N iterations or
/// 200·N function evaluations. Ties in the ordering keep their previous order (numpy sorts ≤ 16 values by
/// insertion sort).
struct NelderMead {
    var xatol = 1e-4
    var fatol = 1e-4

    struct Result {
        var x: [Double]
        var value: Double
        var iterations: Int
        var evaluations: Int
        /// False when the iteration or evaluation budget ran out before the tolerances were met.
        var converged: Bool
    }

    private struct BudgetExhausted: Error {}

    func minimize(_ f: ([Double]) -> Double, from x0: [Double]) -> Result {
        let n = x0.count
        precondition(n > 0, "Nelder-Mead needs at least one parameter")
        let rho = 1.0, chi = 2.0, psi = 0.5, sigma = 0.5
        let maxIterations = 200 * n, maxEvaluations = 200 * n
        var evaluations = 0
        func evaluate(_ x: [Double]) throws(BudgetExhausted) -> Double {
            if evaluations >= maxEvaluations { throw BudgetExhausted() }
            evaluations += 1
            return f(x)
        }

        var sim = [x0]
        for k in 0..<n {
            var y = x0
            y[k] = y[k] != 0 ? (1 + 0.05) * y[k] : 0.00025
            sim.append(y)
        }
        var fsim = [Double](repeating: .infinity, count: n + 1)
        for k in 0...n { fsim[k] = f(sim[k]) }
        evaluations = n + 1

        func sortSimplex() {
            // Stable insertion sort by value.
            for i in 1...n {
                var j = i
                while j > 0 && fsim[j] < fsim[j - 1] {
                    fsim.swapAt(j, j - 1); sim.swapAt(j, j - 1)
                    j -= 1
                }
            }
        }
        sortSimplex()

        var iterations = 1
        var converged = false
        while evaluations < maxEvaluations && iterations < maxIterations {
            if Self.within(sim, fsim, xatol: xatol, fatol: fatol) { converged = true; break }
            do {
                var xbar = sim[0]
                for j in 1..<n { for i in 0..<n { xbar[i] += sim[j][i] } }
                for i in 0..<n { xbar[i] /= Double(n) }
                let worst = sim[n]
                let xr = (0..<n).map { (1 + rho) * xbar[$0] - rho * worst[$0] }
                let fxr = try evaluate(xr)
                var shrink = false
                if fxr < fsim[0] {
                    let xe = (0..<n).map { (1 + rho * chi) * xbar[$0] - rho * chi * worst[$0] }
                    let fxe = try evaluate(xe)
                    if fxe < fxr { sim[n] = xe; fsim[n] = fxe } else { sim[n] = xr; fsim[n] = fxr }
                } else if fxr < fsim[n - 1] {
                    sim[n] = xr; fsim[n] = fxr
                } else if fxr < fsim[n] {
                    let xc = (0..<n).map { (1 + psi * rho) * xbar[$0] - psi * rho * worst[$0] }
                    let fxc = try evaluate(xc)
                    if fxc <= fxr { sim[n] = xc; fsim[n] = fxc } else { shrink = true }
                } else {
                    let xcc = (0..<n).map { (1 - psi) * xbar[$0] + psi * worst[$0] }
                    let fxcc = try evaluate(xcc)
                    if fxcc < fsim[n] { sim[n] = xcc; fsim[n] = fxcc } else { shrink = true }
                }
                if shrink {
                    for j in 1...n {
                        sim[j] = (0..<n).map { sim[0][$0] + sigma * (sim[j][$0] - sim[0][$0]) }
                        fsim[j] = try evaluate(sim[j])
                    }
                }
                iterations += 1
            } catch {
                // Budget exhausted mid-step: scipy keeps the partial update, sorts and stops.
            }
            sortSimplex()
        }
        return Result(x: sim[0], value: fsim.min() ?? .nan, iterations: iterations, evaluations: evaluations,
                      converged: converged)
    }

    /// scipy's test `max|sim[1:] − sim[0]| ≤ xatol and max|fsim[0] − fsim[1:]| ≤ fatol`, where a NaN (such as
    /// ∞ − ∞) makes numpy's max NaN and the test false.
    private static func within(_ sim: [[Double]], _ fsim: [Double], xatol: Double, fatol: Double) -> Bool {
        var xmax = 0.0, fmax = 0.0
        for j in 1..<sim.count {
            for i in sim[0].indices {
                let d = abs(sim[j][i] - sim[0][i])
                if d.isNaN { return false }
                xmax = max(xmax, d)
            }
            let df = abs(fsim[0] - fsim[j])
            if df.isNaN { return false }
            fmax = max(fmax, df)
        }
        return xmax <= xatol && fmax <= fatol
    }
}
