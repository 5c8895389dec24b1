import Foundation

/// MINPACK's `hybrd` (Moré, Garbow and Hillstrom, 1980) as `scipy.optimize.fsolve` calls it with its
/// defaults: Powell's hybrid (dogleg) method for F(x) = 0 with a forward-difference Jacobian (step
/// √ε·|x_j|), Householder QR, Broyden rank-one updates of the factorisation between Jacobian
/// evaluations, `mode = 1` (variables scaled by the Jacobian's column norms), `factor = 100`,
/// `xtol = 1.49012e-8` and at most 200·(n + 1) function evaluations.
///
/// scipy's beta `_fitstart` solves the two moment equations with it from (1, 1), and the point it stops at
/// starts the beta fit; when no beta has the sample's skewness and kurtosis, that point is wherever the
/// trust region stalls, so reproducing scipy's fit means reproducing this iteration. The routines below are
/// MINPACK's `hybrd`, `fdjac1`, `qrfac` (no pivoting), `qform`, `dogleg`, `r1updt`, `r1mpyq` and `enorm`
/// for a dense n x n system, step for step. Non-finite residuals make a step fail, as in MINPACK.
struct PowellHybrid {
    var xtol = 1.49012e-08
    var factor = 100.0
    /// 0 means 200·(n + 1), scipy's default.
    var maxEvaluations = 0

    struct Result {
        var x: [Double]
        var residuals: [Double]
        /// MINPACK's `info`: 1 converged (relative step below xtol), 2 evaluation budget, 3 xtol too small,
        /// 4 and 5 not making progress.
        var info: Int
        var evaluations: Int
    }

    func solve(_ f: ([Double]) -> [Double], from x0: [Double]) -> Result {
        let n = x0.count
        precondition(n > 0, "hybrd needs at least one unknown")
        let epsmch = Double.ulpOfOne
        let maxfev = maxEvaluations > 0 ? maxEvaluations : 200 * (n + 1)
        var x = x0
        var fvec = f(x)
        var nfev = 1
        var fnorm = Self.enorm(fvec)
        var diag = [Double](repeating: 0, count: n)
        var iter = 1, ncsuc = 0, ncfail = 0, nslow1 = 0, nslow2 = 0
        var delta = 0.0, xnorm = 0.0
        var info = 0
        // fjac is column-major n x n: fjac[i + j*n]; r is the upper triangle packed by rows.
        var fjac = [Double](repeating: 0, count: n * n)
        var r = [Double](repeating: 0, count: n * (n + 1) / 2)
        var qtf = [Double](repeating: 0, count: n)
        var wa1 = [Double](repeating: 0, count: n), wa2 = wa1, wa3 = wa1
        var wa4 = wa1

        outer: while true {
            var jeval = true
            // fdjac1: forward differences, eps = sqrt(max(epsfcn, epsmch)) with epsfcn = float64 eps.
            let eps = epsmch.squareRoot()
            for j in 0..<n {
                let temp = x[j]
                var h = eps * abs(temp)
                if h == 0 { h = eps }
                x[j] = temp + h
                let fj = f(x)
                x[j] = temp
                for i in 0..<n { fjac[i + j * n] = (fj[i] - fvec[i]) / h }
            }
            nfev += n
            // qrfac without pivoting: wa1 = rdiag, wa2 = acnorm.
            Self.qrfac(n, &fjac, rdiag: &wa1, acnorm: &wa2)
            if iter == 1 {
                for j in 0..<n { diag[j] = wa2[j] == 0 ? 1 : wa2[j] }
                for j in 0..<n { wa3[j] = diag[j] * x[j] }
                xnorm = Self.enorm(wa3)
                delta = factor * xnorm
                if delta == 0 { delta = factor }
            }
            // qtf = Qᵀ fvec.
            for i in 0..<n { qtf[i] = fvec[i] }
            for j in 0..<n where fjac[j + j * n] != 0 {
                var sum = 0.0
                for i in j..<n { sum += fjac[i + j * n] * qtf[i] }
                let temp = -sum / fjac[j + j * n]
                for i in j..<n { qtf[i] += fjac[i + j * n] * temp }
            }
            // Copy R (packed by rows).
            var sing = false
            for j in 0..<n {
                var l = j
                for i in 0..<j {
                    r[l] = fjac[i + j * n]
                    l += n - i - 1
                }
                r[l] = wa1[j]
                if wa1[j] == 0 { sing = true }
            }
            _ = sing
            Self.qform(n, &fjac)
            for j in 0..<n { diag[j] = max(diag[j], wa2[j]) }

            inner: while true {
                Self.dogleg(n, r, diag, qtf, delta, &wa1)
                for j in 0..<n {
                    wa1[j] = -wa1[j]
                    wa2[j] = x[j] + wa1[j]
                    wa3[j] = diag[j] * wa1[j]
                }
                let pnorm = Self.enorm(wa3)
                if iter == 1 { delta = min(delta, pnorm) }
                wa4 = f(wa2)
                nfev += 1
                let fnorm1 = Self.enorm(wa4)
                var actred = -1.0
                if fnorm1 < fnorm { actred = 1 - (fnorm1 / fnorm) * (fnorm1 / fnorm) }
                // Predicted reduction: |qtf + R p|.
                var l = 0
                for i in 0..<n {
                    var sum = 0.0
                    for j in i..<n { sum += r[l] * wa1[j]; l += 1 }
                    wa3[i] = qtf[i] + sum
                }
                let temp = Self.enorm(wa3)
                var prered = 0.0
                if temp < fnorm { prered = 1 - (temp / fnorm) * (temp / fnorm) }
                var ratio = 0.0
                if prered > 0 { ratio = actred / prered }
                if ratio < 0.1 {
                    ncsuc = 0
                    ncfail += 1
                    delta *= 0.5
                } else {
                    ncfail = 0
                    ncsuc += 1
                    if ratio >= 0.5 || ncsuc > 1 { delta = max(delta, pnorm / 0.5) }
                    if abs(ratio - 1) <= 0.1 { delta = pnorm / 0.5 }
                }
                if ratio >= 0.0001 {
                    for j in 0..<n {
                        x[j] = wa2[j]
                        wa2[j] = diag[j] * x[j]
                        fvec[j] = wa4[j]
                    }
                    xnorm = Self.enorm(wa2)
                    fnorm = fnorm1
                    iter += 1
                }
                nslow1 += 1
                if actred >= 0.001 { nslow1 = 0 }
                if jeval { nslow2 += 1 }
                if actred >= 0.1 { nslow2 = 0 }
                if delta <= xtol * xnorm || fnorm == 0 { info = 1 }
                if info != 0 { break outer }
                if nfev >= maxfev { info = 2 }
                if 0.1 * max(0.1 * delta, pnorm) <= epsmch * xnorm { info = 3 }
                if nslow2 == 5 { info = 4 }
                if nslow1 == 10 { info = 5 }
                if info != 0 { break outer }
                if ncfail == 2 { continue outer }
                // Broyden update of R, Q and qtf.
                for j in 0..<n {
                    var sum = 0.0
                    for i in 0..<n { sum += fjac[i + j * n] * wa4[i] }
                    wa2[j] = (sum - wa3[j]) / pnorm
                    wa1[j] = diag[j] * ((diag[j] * wa1[j]) / pnorm)
                    if ratio >= 0.0001 { qtf[j] = sum }
                }
                Self.r1updt(n, &r, u: wa1, v: &wa2, w: &wa3)
                Self.r1mpyq(rows: n, n, &fjac, stride: n, v: wa2, w: wa3)
                Self.r1mpyq(rows: 1, n, &qtf, stride: 1, v: wa2, w: wa3)
                jeval = false
                continue inner
            }
        }
        return Result(x: x, residuals: fvec, info: info, evaluations: nfev)
    }

    // MARK: MINPACK building blocks

    /// MINPACK `enorm`: the Euclidean norm, summing small, intermediate and large components separately.
    static func enorm(_ x: [Double]) -> Double {
        let rdwarf = 3.834e-20, rgiant = 1.304e19
        var s1 = 0.0, s2 = 0.0, s3 = 0.0, x1max = 0.0, x3max = 0.0
        let agiant = rgiant / Double(x.count)
        for v in x {
            let xabs = abs(v)
            if xabs > rdwarf && xabs < agiant {
                s2 += xabs * xabs
            } else if xabs > rdwarf {
                if xabs > x1max {
                    s1 = 1 + s1 * (x1max / xabs) * (x1max / xabs)
                    x1max = xabs
                } else {
                    s1 += (xabs / x1max) * (xabs / x1max)
                }
            } else {
                if xabs > x3max {
                    s3 = 1 + s3 * (x3max / xabs) * (x3max / xabs)
                    x3max = xabs
                } else if xabs != 0 {
                    s3 += (xabs / x3max) * (xabs / x3max)
                }
            }
        }
        if s1 != 0 { return x1max * (s1 + (s2 / x1max) / x1max).squareRoot() }
        if s2 != 0 {
            return s2 >= x3max ? (s2 * (1 + (x3max / s2) * (x3max * s3))).squareRoot()
                : (x3max * ((s2 / x3max) + (x3max * s3))).squareRoot()
        }
        return x3max * s3.squareRoot()
    }

    /// MINPACK `qrfac` without pivoting on the column-major n x n matrix `a` (Householder vectors below
    /// and on the diagonal, R above it; R's diagonal in `rdiag`, the original column norms in `acnorm`).
    static func qrfac(_ n: Int, _ a: inout [Double], rdiag: inout [Double], acnorm: inout [Double]) {
        for j in 0..<n {
            acnorm[j] = enorm(Array(a[(j * n)..<(j * n + n)]))
            rdiag[j] = acnorm[j]
        }
        for j in 0..<n {
            var ajnorm = enorm(Array(a[(j + j * n)..<(j * n + n)]))
            if ajnorm != 0 {
                if a[j + j * n] < 0 { ajnorm = -ajnorm }
                for i in j..<n { a[i + j * n] /= ajnorm }
                a[j + j * n] += 1
                for k in (j + 1)..<max(j + 1, n) {
                    var sum = 0.0
                    for i in j..<n { sum += a[i + j * n] * a[i + k * n] }
                    let temp = sum / a[j + j * n]
                    for i in j..<n { a[i + k * n] -= temp * a[i + j * n] }
                }
            }
            rdiag[j] = -ajnorm
        }
    }

    /// MINPACK `qform`: accumulates the orthogonal Q from the Householder vectors in `q` (square case).
    static func qform(_ n: Int, _ q: inout [Double]) {
        for j in 1..<max(1, n) { for i in 0..<j { q[i + j * n] = 0 } }
        var wa = [Double](repeating: 0, count: n)
        for k in stride(from: n - 1, through: 0, by: -1) {
            for i in k..<n { wa[i] = q[i + k * n]; q[i + k * n] = 0 }
            q[k + k * n] = 1
            if wa[k] == 0 { continue }
            for j in k..<n {
                var sum = 0.0
                for i in k..<n { sum += q[i + j * n] * wa[i] }
                let temp = sum / wa[k]
                for i in k..<n { q[i + j * n] -= temp * wa[i] }
            }
        }
    }

    /// MINPACK `dogleg`: the convex combination of the Gauss–Newton and scaled gradient directions that
    /// minimises the model inside the trust region of radius `delta` (result in `x`).
    static func dogleg(_ n: Int, _ r: [Double], _ diag: [Double], _ qtb: [Double], _ delta: Double,
                       _ x: inout [Double]) {
        let epsmch = Double.ulpOfOne
        // Gauss–Newton direction by back substitution (R packed by rows).
        var jj = n * (n + 1) / 2
        for k in 1...n {
            let j = n - k
            jj -= k
            var l = jj + 1
            var sum = 0.0
            for i in (j + 1)..<max(j + 1, n) { sum += r[l] * x[i]; l += 1 }
            var temp = r[jj]
            if temp == 0 {
                l = j
                for i in 0...j {
                    temp = max(temp, abs(r[l]))
                    l += n - i - 1
                }
                temp = epsmch * temp
                if temp == 0 { temp = epsmch }
            }
            x[j] = (qtb[j] - sum) / temp
        }
        var wa1 = [Double](repeating: 0, count: n), wa2 = [Double](repeating: 0, count: n)
        for j in 0..<n { wa2[j] = diag[j] * x[j] }
        let qnorm = enorm(wa2)
        if qnorm <= delta { return }
        // Scaled gradient direction.
        var l = 0
        for j in 0..<n {
            let temp = qtb[j]
            for i in j..<n { wa1[i] += r[l] * temp; l += 1 }
            wa1[j] /= diag[j]
        }
        let gnorm = enorm(wa1)
        var sgnorm = 0.0
        var alpha = delta / qnorm
        if gnorm != 0 {
            for j in 0..<n { wa1[j] = (wa1[j] / gnorm) / diag[j] }
            l = 0
            for j in 0..<n {
                var sum = 0.0
                for i in j..<n { sum += r[l] * wa1[i]; l += 1 }
                wa2[j] = sum
            }
            let temp = enorm(wa2)
            sgnorm = (gnorm / temp) / temp
            alpha = 0
            if sgnorm < delta {
                let bnorm = enorm(qtb)
                var t = (bnorm / gnorm) * (bnorm / qnorm) * (sgnorm / delta)
                let dq = delta / qnorm, sd = sgnorm / delta
                t = t - dq * sd * sd + ((t - dq) * (t - dq) + (1 - dq * dq) * (1 - sd * sd)).squareRoot()
                alpha = (dq * (1 - sd * sd)) / t
            }
        }
        let temp = (1 - alpha) * min(sgnorm, delta)
        for j in 0..<n { x[j] = temp * wa1[j] + alpha * x[j] }
    }

    /// MINPACK `r1updt` for a square matrix: the QR factor of R + u vᵀ by Givens rotations (R is Sᵀ packed
    /// by columns of the lower triangle = rows of R); rotation data is left in `v` and `w`.
    static func r1updt(_ n: Int, _ s: inout [Double], u: [Double], v: inout [Double], w: inout [Double]) {
        let m = n
        let giant = Double.greatestFiniteMagnitude
        var jj = (n * (2 * m - n + 1)) / 2 - (m - n) - 1  // 0-based index of S(n, n)
        var l = jj
        for i in (n - 1)..<m { w[i] = s[l]; l += 1 }
        if n >= 2 {
            for nmj in 1...(n - 1) {
                let j = n - 1 - nmj
                jj -= m - j
                w[j] = 0
                if v[j] == 0 { continue }
                var sin: Double, cos: Double, tau: Double
                if abs(v[n - 1]) >= abs(v[j]) {
                    let tan = v[j] / v[n - 1]
                    cos = 0.5 / (0.25 + 0.25 * tan * tan).squareRoot()
                    sin = cos * tan
                    tau = sin
                } else {
                    let cotan = v[n - 1] / v[j]
                    sin = 0.5 / (0.25 + 0.25 * cotan * cotan).squareRoot()
                    cos = sin * cotan
                    tau = 1
                    if abs(cos) * giant > 1 { tau = 1 / cos }
                }
                v[n - 1] = sin * v[j] + cos * v[n - 1]
                v[j] = tau
                l = jj
                for i in j..<m {
                    let temp = cos * s[l] - sin * w[i]
                    w[i] = sin * s[l] + cos * w[i]
                    s[l] = temp
                    l += 1
                }
            }
        }
        for i in 0..<m { w[i] += v[n - 1] * u[i] }
        if n >= 2 {
            for j in 0..<(n - 1) {
                if w[j] != 0 {
                    var sin: Double, cos: Double, tau: Double
                    if abs(s[jj]) >= abs(w[j]) {
                        let tan = w[j] / s[jj]
                        cos = 0.5 / (0.25 + 0.25 * tan * tan).squareRoot()
                        sin = cos * tan
                        tau = sin
                    } else {
                        let cotan = s[jj] / w[j]
                        sin = 0.5 / (0.25 + 0.25 * cotan * cotan).squareRoot()
                        cos = sin * cotan
                        tau = 1
                        if abs(cos) * giant > 1 { tau = 1 / cos }
                    }
                    l = jj
                    for i in j..<m {
                        let temp = cos * s[l] + sin * w[i]
                        w[i] = -sin * s[l] + cos * w[i]
                        s[l] = temp
                        l += 1
                    }
                    w[j] = tau
                }
                jj += m - j
            }
        }
        l = jj
        for i in (n - 1)..<m { s[l] = w[i]; l += 1 }
    }

    /// MINPACK `r1mpyq`: applies the rotations recorded by ``r1updt(_:_:u:v:w:)`` to the `rows` x n
    /// column-major matrix `a` (leading dimension `stride`).
    static func r1mpyq(rows m: Int, _ n: Int, _ a: inout [Double], stride lda: Int, v: [Double], w: [Double]) {
        guard n >= 2 else { return }
        func rotation(_ t: Double) -> (cos: Double, sin: Double) {
            if abs(t) > 1 { let c = 1 / t; return (c, (1 - c * c).squareRoot()) }
            return ((1 - t * t).squareRoot(), t)
        }
        for nmj in 1...(n - 1) {
            let j = n - 1 - nmj
            let (cos, sin) = rotation(v[j])
            for i in 0..<m {
                let temp = cos * a[i + j * lda] - sin * a[i + (n - 1) * lda]
                a[i + (n - 1) * lda] = sin * a[i + j * lda] + cos * a[i + (n - 1) * lda]
                a[i + j * lda] = temp
            }
        }
        for j in 0..<(n - 1) {
            let (cos, sin) = rotation(w[j])
            for i in 0..<m {
                let temp = cos * a[i + j * lda] + sin * a[i + (n - 1) * lda]
                a[i + (n - 1) * lda] = -sin * a[i + j * lda] + cos * a[i + (n - 1) * lda]
                a[i + j * lda] = temp
            }
        }
    }
}
