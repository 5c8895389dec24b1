/// A smooth objective for ``ProjectedNewton``: value, gradient, and the finite-difference steps for its
/// Hessian.
protocol SmoothObjective {
    func value(_ x: [Double]) -> Double
    func gradient(_ x: [Double]) -> [Double]
    /// Step per coordinate for central differences of the gradient.
    func differenceSteps(_ x: [Double]) -> [Double]
}

/// Simple bounds lower ≤ x ≤ upper per coordinate.
struct BoxConstraints {
    var lower: [Double]
    var upper: [Double]

    func project(_ x: [Double]) -> [Double] {
        x.indices.map { min(upper[$0], max(lower[$0], x[$0])) }
    }
}

/// Projected Newton for small box-constrained problems (Bertsekas 1982): coordinates at a bound whose gradient
/// pushes outward are held fixed, the rest take a Newton step with a central-difference Hessian (a scaled
/// gradient step when that Hessian is not positive definite), and a backtracking Armijo search runs along
/// the projected path. Stops when a step no longer moves x or no backtracked step decreases the objective.
struct ProjectedNewton {
    var maxIterations = 200

    /// The minimiser, or nil when the start has a non-finite objective.
    func minimize<F: SmoothObjective>(_ f: F, box: BoxConstraints, from x0: [Double]) -> [Double]? {
        var x = box.project(x0)
        var fx = f.value(x)
        guard fx.isFinite else { return nil }
        let n = x.count
        for _ in 0..<maxIterations {
            let g = f.gradient(x)
            guard g.allSatisfy(\.isFinite) else { return x }
            let free = (0..<n).filter { i in
                !((x[i] <= box.lower[i] && g[i] > 0) || (x[i] >= box.upper[i] && g[i] < 0))
            }
            if free.isEmpty { return x }
            let h = hessian(f, at: x)
            var d = [Double](repeating: 0, count: n)
            if let step = newtonStep(h, g, free) {
                for (k, i) in free.enumerated() { d[i] = step[k] }
            }
            var slope = 0.0
            for i in free { slope += g[i] * d[i] }
            if !(slope < 0) {
                for i in free { d[i] = -g[i] / max(abs(h[i][i]), 1e-300) }
                slope = free.reduce(0) { $0 + g[$1] * d[$1] }
            }
            var t = 1.0
            var accepted: [Double]? = nil
            var acceptedValue = fx
            for _ in 0..<60 {
                let candidate = box.project((0..<n).map { x[$0] + t * d[$0] })
                let value = f.value(candidate)
                var decrease = 0.0
                for i in 0..<n { decrease += g[i] * (candidate[i] - x[i]) }
                if value.isFinite, value <= fx + 1e-4 * decrease {
                    accepted = candidate; acceptedValue = value
                    break
                }
                t *= 0.5
            }
            guard let next = accepted else { return x }
            let steps = f.differenceSteps(x)
            let moved = (0..<n).contains { abs(next[$0] - x[$0]) > 1e-9 * steps[$0] }
            x = next; fx = acceptedValue
            if !moved { return x }
        }
        return x
    }

    private func hessian<F: SmoothObjective>(_ f: F, at x: [Double]) -> [[Double]] {
        let n = x.count
        let steps = f.differenceSteps(x)
        var h = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for j in 0..<n {
            var xp = x, xm = x
            xp[j] += steps[j]; xm[j] -= steps[j]
            let gp = f.gradient(xp), gm = f.gradient(xm)
            for i in 0..<n { h[i][j] = (gp[i] - gm[i]) / (2 * steps[j]) }
        }
        for i in 0..<n { for j in (i + 1)..<max(i + 1, n) { let s = 0.5 * (h[i][j] + h[j][i]); h[i][j] = s; h[j][i] = s } }
        return h
    }

    /// Solves H_FF d = −g_F by Cholesky; nil when H_FF is not positive definite.
    private func newtonStep(_ h: [[Double]], _ g: [Double], _ free: [Int]) -> [Double]? {
        let m = free.count
        var l = [[Double]](repeating: [Double](repeating: 0, count: m), count: m)
        for i in 0..<m {
            for j in 0...i {
                var s = h[free[i]][free[j]]
                for k in 0..<j { s -= l[i][k] * l[j][k] }
                if i == j {
                    guard s > 0 else { return nil }
                    l[i][i] = s.squareRoot()
                } else {
                    l[i][j] = s / l[j][j]
                }
            }
        }
        var y = [Double](repeating: 0, count: m)
        for i in 0..<m {
            var s = -g[free[i]]
            for k in 0..<i { s -= l[i][k] * y[k] }
            y[i] = s / l[i][i]
        }
        var d = [Double](repeating: 0, count: m)
        for i in stride(from: m - 1, through: 0, by: -1) {
            var s = y[i]
            for k in (i + 1)..<max(i + 1, m) { s -= l[k][i] * d[k] }
            d[i] = s / l[i][i]
        }
        return d.allSatisfy(\.isFinite) ? d : nil
    }
}
