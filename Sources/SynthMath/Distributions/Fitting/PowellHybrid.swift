import Foundation

/// Powell's hybrid (dogleg) method for a small square system F(x) = 0, following MINPACK `hybrd` as
/// `scipy.optimize.fsolve` calls it with its defaults: full forward-difference Jacobian with step
/// √ε·|xⱼ|, column-norm scaling (mode 1), initial step bound 100·‖D x₀‖, Broyden rank-one updates of the
/// QR factors between Jacobian recomputations (a fresh Jacobian after two consecutive failed steps),
/// `xtol` = 1.49012e-8 and at most 200·(n + 1) evaluations.
///
/// scipy's `beta._fitstart` solves the moment equations this way, and where the method stalls
/// (MINPACK's "not making good progress", `info` 4 or 5) scipy still uses the last accepted point, so the
/// generic beta fit starts from wherever this iteration stops. It follows MINPACK's published algorithm
/// (Moré, Garbow and Hillstrom, *User Guide for MINPACK-1*, 1980), including its termination tests.
struct PowellHybrid {
    var xtol = 1.49012e-8
    var factor = 100.0

    struct Result {
        var x: [Double]
        /// MINPACK's `info`: 1 converged, 2 evaluation budget, 3 xtol too small, 4/5 not making progress.
        var info: Int
        var evaluations: Int
    }

    func solve(_ f: ([Double]) -> [Double], from x0: [Double]) -> Result {
        let n = x0.count
        let epsmch = Double.ulpOfOne
        let maxfev = 200 * (n + 1)
        var x = x0
        var fvec = f(x)
        var nfev = 1
        var fnorm = Self.enorm(fvec)
        var iter = 1, ncsuc = 0, ncfail = 0, nslow1 = 0, nslow2 = 0
        var diag = [Double](repeating: 0, count: n)
        var delta = 0.0, xnorm = 0.0
        var fjac = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)  // fjac[i][j]
        var r = [Double](repeating: 0, count: n * (n + 1) / 2)  // upper triangle by rows
        var qtf = [Double](repeating: 0, count: n)
        while true {
            var jeval = true
            // Forward-difference Jacobian (fdjac1 with epsfcn = machine epsilon).
            let eps = epsmch.squareRoot()
            for j in 0..<n {
                let temp = x[j]
                var h = eps * abs(temp)
                if h == 0 { h = eps }
                x[j] = temp + h
                let wa = f(x)
                x[j] = temp
                for i in 0..<n { fjac[i][j] = (wa[i] - fvec[i]) / h }
            }
            nfev += n
            // Householder QR without pivoting (qrfac): rdiag in wa1, column norms in wa2.
            var rdiag = [Double](repeating: 0, count: n)
            var acnorm = [Double](repeating: 0, count: n)
            for j in 0..<n { acnorm[j] = Self.enorm((0..<n).map { fjac[$0][j] }) }
            for j in 0..<n {
                var ajnorm = Self.enorm((j..<n).map { fjac[$0][j] })
                if ajnorm != 0 {
                    if fjac[j][j] < 0 { ajnorm = -ajnorm }
                    for i in j..<n { fjac[i][j] /= ajnorm }
                    fjac[j][j] += 1
                    for k in (j + 1)..<max(j + 1, n) {
                        var sum = 0.0
                        for i in j..<n { sum += fjac[i][j] * fjac[i][k] }
                        let temp = sum / fjac[j][j]
                        for i in j..<n { fjac[i][k] -= temp * fjac[i][j] }
                    }
                }
                rdiag[j] = -ajnorm
            }
            if iter == 1 {
                for j in 0..<n { diag[j] = acnorm[j] == 0 ? 1 : acnorm[j] }
                xnorm = Self.enorm((0..<n).map { diag[$0] * x[$0] })
                delta = factor * xnorm
                if delta == 0 { delta = factor }
            }
            // qtf = Qᵀ fvec.
            qtf = fvec
            for j in 0..<n where fjac[j][j] != 0 {
                var sum = 0.0
                for i in j..<n { sum += fjac[i][j] * qtf[i] }
                let temp = -sum / fjac[j][j]
                for i in j..<n { qtf[i] += fjac[i][j] * temp }
            }
            // R into packed storage.
            var l = 0
            for i in 0..<n {
                for j in i..<n { r[l] = j == i ? rdiag[i] : fjac[i][j]; l += 1 }
            }
            // Accumulate Q in fjac (qform).
            for j in 1..<max(1, n) { for i in 0..<j { fjac[i][j] = 0 } }
            var wq = [Double](repeating: 0, count: n)
            for k in stride(from: n - 1, through: 0, by: -1) {
                for i in k..<n { wq[i] = fjac[i][k]; fjac[i][k] = 0 }
                fjac[k][k] = 1
                if wq[k] != 0 {
                    for j in k..<n {
                        var sum = 0.0
                        for i in k..<n { sum += fjac[i][j] * wq[i] }
                        let temp = sum / wq[k]
                        for i in k..<n { fjac[i][j] -= temp * wq[i] }
                    }
                }
            }
            for j in 0..<n { diag[j] = max(diag[j], acnorm[j]) }

            while true {
                var p = Self.dogleg(n, r, diag, qtf, delta)
                var trial = [Double](repeating: 0, count: n)
                for j in 0..<n { p[j] = -p[j]; trial[j] = x[j] + p[j] }
                let pnorm = Self.enorm((0..<n).map { diag[$0] * p[$0] })
                if iter == 1 { delta = min(delta, pnorm) }
                let fTrial = f(trial)
                nfev += 1
                let fnorm1 = Self.enorm(fTrial)
                var actred = -1.0
                if fnorm1 < fnorm { actred = 1 - (fnorm1 / fnorm) * (fnorm1 / fnorm) }
                // Predicted reduction from the linear model: qtf + R p.
                var model = [Double](repeating: 0, count: n)
                l = 0
                for i in 0..<n {
                    var sum = 0.0
                    for j in i..<n { sum += r[l] * p[j]; l += 1 }
                    model[i] = qtf[i] + sum
                }
                let temp = Self.enorm(model)
                var prered = 0.0
                if temp < fnorm { prered = 1 - (temp / fnorm) * (temp / fnorm) }
                var ratio = 0.0
                if prered > 0 { ratio = actred / prered }
                if ratio < 0.1 {
                    ncsuc = 0; ncfail += 1; delta = 0.5 * delta
                } else {
                    ncfail = 0; ncsuc += 1
                    if ratio >= 0.5 || ncsuc > 1 { delta = max(delta, pnorm / 0.5) }
                    if abs(ratio - 1) <= 0.1 { delta = pnorm / 0.5 }
                }
                if ratio >= 1e-4 {
                    x = trial
                    xnorm = Self.enorm((0..<n).map { diag[$0] * x[$0] })
                    fvec = fTrial
                    fnorm = fnorm1
                    iter += 1
                }
                nslow1 += 1
                if actred >= 0.001 { nslow1 = 0 }
                if jeval { nslow2 += 1 }
                if actred >= 0.1 { nslow2 = 0 }
                if delta <= xtol * xnorm || fnorm == 0 { return Result(x: x, info: 1, evaluations: nfev) }
                if nfev >= maxfev { return Result(x: x, info: 2, evaluations: nfev) }
                if 0.1 * max(0.1 * delta, pnorm) <= epsmch * xnorm { return Result(x: x, info: 3, evaluations: nfev) }
                if nslow2 == 5 { return Result(x: x, info: 4, evaluations: nfev) }
                if nslow1 == 10 { return Result(x: x, info: 5, evaluations: nfev) }
                if ncfail == 2 { break }
                // Broyden rank-one update of R, Q and qtf.
                var v = [Double](repeating: 0, count: n), u = [Double](repeating: 0, count: n)
                for j in 0..<n {
                    var sum = 0.0
                    for i in 0..<n { sum += fjac[i][j] * fTrial[i] }
                    v[j] = (sum - model[j]) / pnorm
                    u[j] = diag[j] * ((diag[j] * p[j]) / pnorm)
                    if ratio >= 1e-4 { qtf[j] = sum }
                }
                let w = Self.rankOneUpdate(n, &r, u, &v)
                Self.applyRotations(&fjac, n, v, w)
                var row = [qtf]
                Self.applyRotations(&row, n, v, w)
                qtf = row[0]
                jeval = false
            }
        }
    }

    /// MINPACK `enorm`: the Euclidean norm with separate sums for small, intermediate and large components
    /// (so it neither overflows nor underflows).
    static func enorm(_ x: [Double]) -> Double {
        let rdwarf = 3.834e-20, rgiant = 1.304e19
        var s1 = 0.0, s2 = 0.0, s3 = 0.0, x1max = 0.0, x3max = 0.0
        let agiant = rgiant / Double(x.count)
        for v in x {
            let xabs = abs(v)
            if xabs > rdwarf && xabs < agiant {
                s2 += xabs * xabs
            } else if xabs <= rdwarf {
                if xabs > x3max {
                    s3 = 1 + s3 * (x3max / xabs) * (x3max / xabs); x3max = xabs
                } else if xabs != 0 {
                    s3 += (xabs / x3max) * (xabs / x3max)
                }
            } else if xabs <= x1max {
                s1 += (xabs / x1max) * (xabs / x1max)
            } else {
                s1 = 1 + s1 * (x1max / xabs) * (x1max / xabs); x1max = xabs
            }
        }
        if s1 != 0 { return x1max * (s1 + (s2 / x1max) / x1max).squareRoot() }
        if s2 != 0 {
            return s2 >= x3max ? (s2 * (1 + (x3max / s2) * (x3max * s3))).squareRoot()
                : (x3max * ((s2 / x3max) + (x3max * s3))).squareRoot()
        }
        return x3max * s3.squareRoot()
    }

    /// MINPACK `dogleg`: the convex combination of the Gauss–Newton and scaled steepest-descent directions
    /// that minimises ‖qtb − R x‖ within ‖D x‖ ≤ delta (R upper triangular, packed by rows).
    static func dogleg(_ n: Int, _ r: [Double], _ diag: [Double], _ qtb: [Double], _ delta: Double) -> [Double] {
        let epsmch = Double.ulpOfOne
        var x = [Double](repeating: 0, count: n)
        // Gauss–Newton direction by back substitution.
        func rowStart(_ i: Int) -> Int { i * n - i * (i - 1) / 2 }
        for j in stride(from: n - 1, through: 0, by: -1) {
            var sum = 0.0
            for i in (j + 1)..<max(j + 1, n) { sum += r[rowStart(j) + (i - j)] * x[i] }
            var temp = r[rowStart(j)]
            if temp == 0 {
                for i in 0...j { temp = max(temp, abs(r[rowStart(i) + (j - i)])) }
                temp *= epsmch
                if temp == 0 { temp = epsmch }
            }
            x[j] = (qtb[j] - sum) / temp
        }
        var wa1 = [Double](repeating: 0, count: n)
        var wa2 = (0..<n).map { diag[$0] * x[$0] }
        let qnorm = enorm(wa2)
        if qnorm <= delta { return x }
        // Scaled gradient direction.
        for j in 0..<n {
            let temp = qtb[j]
            for i in j..<n { wa1[i] += r[rowStart(j) + (i - j)] * temp }
            wa1[j] /= diag[j]
        }
        let gnorm = enorm(wa1)
        var sgnorm = 0.0
        var alpha = delta / qnorm
        if gnorm != 0 {
            for j in 0..<n { wa1[j] = (wa1[j] / gnorm) / diag[j] }
            for j in 0..<n {
                var sum = 0.0
                for i in j..<n { sum += r[rowStart(j) + (i - j)] * wa1[i] }
                wa2[j] = sum
            }
            let temp = enorm(wa2)
            sgnorm = (gnorm / temp) / temp
            alpha = 0
            if sgnorm < delta {
                let bnorm = enorm(qtb)
                var t = (bnorm / gnorm) * (bnorm / qnorm) * (sgnorm / delta)
                let dq = delta / qnorm, sd = sgnorm / delta
                t = t - dq * (sd * sd) + ((t - dq) * (t - dq) + (1 - dq * dq) * (1 - sd * sd)).squareRoot()
                alpha = (dq * (1 - sd * sd)) / t
            }
        }
        let temp = (1 - alpha) * min(sgnorm, delta)
        for j in 0..<n { x[j] = temp * wa1[j] + alpha * x[j] }
        return x
    }

    /// Givens (cos, sin, tau) that MINPACK uses to eliminate `b` against `a` (tau encodes the rotation).
    private static func givens(eliminate b: Double, against a: Double) -> (cos: Double, sin: Double, tau: Double) {
        let giant = Double.greatestFiniteMagnitude
        if abs(a) < abs(b) {
            let cotan = a / b
            let sin = 0.5 / (0.25 + 0.25 * cotan * cotan).squareRoot()
            let cos = sin * cotan
            var tau = 1.0
            if abs(cos) * giant > 1 { tau = 1 / cos }
            return (cos, sin, tau)
        }
        let tan = b / a
        let cos = 0.5 / (0.25 + 0.25 * tan * tan).squareRoot()
        let sin = cos * tan
        return (cos, sin, sin)
    }

    /// MINPACK `r1updt` for a square R (packed by rows, i.e. Rᵀ by columns): replaces R by the triangular
    /// factor of R + u vᵀ up to orthogonal rotations. On return `v` holds the first set of rotations and the
    /// result the second (both as MINPACK's tau encoding).
    static func rankOneUpdate(_ n: Int, _ s: inout [Double], _ u: [Double], _ v: inout [Double]) -> [Double] {
        func rowStart(_ i: Int) -> Int { i * n - i * (i - 1) / 2 }
        var w = [Double](repeating: 0, count: n)
        w[n - 1] = s[rowStart(n - 1)]
        // Rotate v into a multiple of the last unit vector, introducing a spike in w.
        for j in stride(from: n - 2, through: 0, by: -1) {
            w[j] = 0
            if v[j] != 0 {
                let g = givens(eliminate: v[j], against: v[n - 1])
                v[n - 1] = g.sin * v[j] + g.cos * v[n - 1]
                v[j] = g.tau
                for i in j..<n {
                    let l = rowStart(j) + (i - j)
                    let temp = g.cos * s[l] - g.sin * w[i]
                    w[i] = g.sin * s[l] + g.cos * w[i]
                    s[l] = temp
                }
            }
        }
        for i in 0..<n { w[i] += v[n - 1] * u[i] }
        // Eliminate the spike.
        for j in 0..<(n - 1) {
            if w[j] != 0 {
                let jj = rowStart(j)
                let g = givens(eliminate: w[j], against: s[jj])
                for i in j..<n {
                    let l = jj + (i - j)
                    let temp = g.cos * s[l] + g.sin * w[i]
                    w[i] = -g.sin * s[l] + g.cos * w[i]
                    s[l] = temp
                }
                w[j] = g.tau
            }
        }
        s[rowStart(n - 1)] = w[n - 1]
        return w
    }

    /// MINPACK `r1mpyq`: multiplies the rows of `a` by the rotations stored in v (first set) and w (second).
    static func applyRotations(_ a: inout [[Double]], _ n: Int, _ v: [Double], _ w: [Double]) {
        func rotation(_ t: Double) -> (cos: Double, sin: Double) {
            if abs(t) > 1 { let c = 1 / t; return (c, (1 - c * c).squareRoot()) }
            return ((1 - t * t).squareRoot(), t)
        }
        for j in stride(from: n - 2, through: 0, by: -1) {
            let (c, s) = rotation(v[j])
            for i in a.indices {
                let temp = c * a[i][j] - s * a[i][n - 1]
                a[i][n - 1] = s * a[i][j] + c * a[i][n - 1]
                a[i][j] = temp
            }
        }
        for j in 0..<(n - 1) {
            let (c, s) = rotation(w[j])
            for i in a.indices {
                let temp = c * a[i][j] + s * a[i][n - 1]
                a[i][n - 1] = -s * a[i][j] + c * a[i][n - 1]
                a[i][j] = temp
            }
        }
    }
}
