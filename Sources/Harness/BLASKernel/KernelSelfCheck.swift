import CBLAS
import SynthMath

/// Checks the BLAS and LAPACK routines SynthBench calls against naive loops in Double on awkward shapes:
/// odd and prime sizes, sizes that cross OpenBLAS's blocking, every transpose combination, leading
/// dimensions wider than the matrix with NaN in the padding (a kernel that reads it fails), non-trivial
/// alpha and beta, and a C whose padding must come back untouched.
///
/// Runs in the `synthbench blas-self-check` child with `OPENBLAS_CORETYPE` set to the kernel under test, so
/// that an illegal instruction kills the child, not the caller. ``Routines`` is the seam tests use to inject
/// a wrong routine.
package struct KernelSelfCheck {
    /// The routines under test; ``openBLAS`` calls the library (through SynthMath for LAPACK).
    package struct Routines: Sendable {
        /// Row-major `C = alpha op(A) op(B) + beta C` with the cblas_sgemm argument order.
        package var sgemm: @Sendable (_ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Float,
                                     _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
                                     _ beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int) -> Void
        package var dgemm: @Sendable (_ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Double,
                                     _ a: UnsafePointer<Double>, _ lda: Int, _ b: UnsafePointer<Double>, _ ldb: Int,
                                     _ beta: Double, _ c: UnsafeMutablePointer<Double>, _ ldc: Int) -> Void
        /// Row-major `y = alpha op(A) x + beta y` (`A` is rows x cols).
        package var sgemv: @Sendable (_ trans: Bool, _ rows: Int, _ cols: Int, _ alpha: Float, _ a: UnsafePointer<Float>,
                                     _ lda: Int, _ x: UnsafePointer<Float>, _ beta: Float,
                                     _ y: UnsafeMutablePointer<Float>) -> Void
        package var cholesky: @Sendable (Matrix) throws -> Matrix
        package var symmetricEigen: @Sendable (Matrix) throws -> (values: [Double], vectors: Matrix)
        package var solve: @Sendable (Matrix, Matrix) throws -> Matrix

        package static let openBLAS = Routines(
            sgemm: { ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc in
                cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
                            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
            },
            dgemm: { ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc in
                cblas_dgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
                            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
            },
            sgemv: { t, rows, cols, alpha, a, lda, x, beta, y in
                cblas_sgemv(CblasRowMajor, t ? CblasTrans : CblasNoTrans, Int32(rows), Int32(cols), alpha, a,
                            Int32(lda), x, 1, beta, y, 1)
            },
            cholesky: { try $0.cholesky() },
            symmetricEigen: { try $0.symmetricEigen() },
            solve: { try $0.solve($1) })
    }

    /// The verdict: passed when every case's error is below its tolerance.
    package struct Verdict: Sendable, Equatable {
        /// Failed cases, e.g. `sgemm NT 129x67x95: error 3.1 x tolerance at (4, 17)`.
        package var failures: [String]
        /// The largest error / tolerance over all cases (below 1 passes).
        package var worstErrorRatio: Double
        package var cases: Int
        package var passed: Bool { failures.isEmpty }
    }

    /// The gemm shapes (m, n, k): tiny, odd and prime sizes off the kernels' register blocking (multiples
    /// of 4, 8 or 16), and an inner dimension of 520, longer than the kernels' k-blocking.
    package static let gemmShapes: [(Int, Int, Int)] = [(1, 1, 1), (7, 5, 3), (33, 17, 65), (67, 45, 29), (17, 19, 520)]

    package var routines: Routines
    package init(routines: Routines = .openBLAS) { self.routines = routines }

    package func run() -> Verdict {
        var v = Verdict(failures: [], worstErrorRatio: 0, cases: 0)
        var rng = RandomStream(seed: 20_261_206)
        for (m, n, k) in Self.gemmShapes {
            for (ta, tb) in [(false, false), (false, true), (true, false), (true, true)] {
                checkGemm("sgemm", m, n, k, ta, tb, alpha: Float(0.75), beta: -1.25, pads: (3, 1, 2), &rng, into: &v) {
                    routines.sgemm(ta, tb, m, n, k, 0.75, $0, $1, $2, $3, -1.25, $4, $5)
                }
            }
            let (ta, tb) = (m % 2 == 1, n % 2 == 0)
            checkGemm("dgemm", m, n, k, ta, tb, alpha: -0.5, beta: 0.25, pads: (1, 2, 1), &rng, into: &v) {
                routines.dgemm(ta, tb, m, n, k, -0.5, $0, $1, $2, $3, 0.25, $4, $5)
            }
        }
        for (rows, cols) in [(1, 1), (37, 23), (156, 257)] {  // 156 x 257: a CTGAN layer's weight
            checkSgemv(rows, cols, false, &rng, into: &v)
            checkSgemv(rows, cols, true, &rng, into: &v)
        }
        checkLAPACK(&rng, into: &v)
        return v
    }

    // MARK: BLAS

    /// A `rows x cols` row-major block with `pad` extra columns of NaN per row (a kernel must not read them).
    static func padded<T: BinaryFloatingPoint>(_ rows: Int, _ cols: Int, pad: Int, _ rng: inout RandomStream,
                                               as: T.Type) -> [T] {
        var out = [T](repeating: .nan, count: rows * (cols + pad))
        for i in 0..<rows { for j in 0..<cols { out[i * (cols + pad) + j] = T(rng.nextDouble() * 2 - 1) } }
        return out
    }

    /// Compares `got` (rows x cols, stride ld) with the Double reference; `scale[i]` bounds the rounding
    /// error of entry i; the padding of `got` must still hold `sentinel`.
    static func compare<T: BinaryFloatingPoint>(_ name: String, got: [T], ld: Int, rows: Int, cols: Int,
                                                reference: [Double], scale: [Double], epsilon: Double,
                                                terms: Int, sentinel: T, into v: inout Verdict) {
        v.cases += 1
        var worst = 0.0, at = (0, 0)
        for i in 0..<rows {
            for j in 0..<cols {
                let tolerance = 2 * Double(terms + 2) * epsilon * scale[i * cols + j] + 1e-30
                let e = Double(got[i * ld + j]) - reference[i * cols + j]
                let ratio = e.isNaN ? .infinity : abs(e) / tolerance
                if ratio > worst { worst = ratio; at = (i, j) }
            }
            for j in cols..<ld where got[i * ld + j] != sentinel {
                v.failures.append("\(name): wrote into the padding of C at (\(i), \(j))")
                return
            }
        }
        v.worstErrorRatio = max(v.worstErrorRatio, worst)
        if !(worst < 1) {
            v.failures.append("\(name): error \(worst.isFinite ? "\((worst * 10).rounded() / 10)" : "NaN or inf") x tolerance at (\(at.0), \(at.1))")
        }
    }

    /// The naive `alpha op(A) op(B) + beta C` in Double, and the per-entry error scale
    /// `|alpha| sum |a||b| + |beta c|`.
    static func naiveGemm<T: BinaryFloatingPoint>(_ ta: Bool, _ tb: Bool, _ m: Int, _ n: Int, _ k: Int, alpha: Double,
                                                  _ a: [T], lda: Int, _ b: [T], ldb: Int, beta: Double, _ c: [T],
                                                  ldc: Int) -> (value: [Double], scale: [Double]) {
        // Double copies and pointer loops: the check also runs in debug builds (tests), where generic
        // element access is slow.
        let a = a.map { Double($0) }, b = b.map { Double($0) }, c = c.map { Double($0) }
        var value = [Double](repeating: 0, count: m * n), scale = value
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                for i in 0..<m {
                    for j in 0..<n {
                        var s = 0.0, s1 = 0.0
                        for l in 0..<k {
                            let p = pa[ta ? l * lda + i : i * lda + l] * pb[tb ? j * ldb + l : l * ldb + j]
                            s += p; s1 += abs(p)
                        }
                        let c0 = c[i * ldc + j]
                        value[i * n + j] = alpha * s + beta * c0
                        scale[i * n + j] = abs(alpha) * s1 + abs(beta * c0)
                    }
                }
            }
        }
        return (value, scale)
    }

    /// One gemm case in precision `T`: operands with `pads` extra columns (NaN in A and B, a sentinel in
    /// C), the routine under test called through `call(a, lda, b, ldb, c, ldc)`, the result compared.
    func checkGemm<T: BinaryFloatingPoint>(_ routine: String, _ m: Int, _ n: Int, _ k: Int, _ ta: Bool, _ tb: Bool,
                                           alpha: T, beta: T, pads: (a: Int, b: Int, c: Int),
                                           _ rng: inout RandomStream, into v: inout Verdict,
                                           call: ([T], Int, [T], Int, UnsafeMutablePointer<T>, Int) -> Void) {
        let (ar, ac) = ta ? (k, m) : (m, k), (br, bc) = tb ? (n, k) : (k, n)
        let (lda, ldb, ldc) = (ac + pads.a, bc + pads.b, n + pads.c)
        let a = Self.padded(ar, ac, pad: pads.a, &rng, as: T.self)
        let b = Self.padded(br, bc, pad: pads.b, &rng, as: T.self)
        var c = Self.padded(m, n, pad: pads.c, &rng, as: T.self)
        for i in 0..<m { for j in n..<ldc { c[i * ldc + j] = 7 } }
        let ref = Self.naiveGemm(ta, tb, m, n, k, alpha: Double(alpha), a, lda: lda, b, ldb: ldb, beta: Double(beta),
                                 c, ldc: ldc)
        c.withUnsafeMutableBufferPointer { pc in call(a, lda, b, ldb, pc.baseAddress!, ldc) }
        Self.compare("\(routine) \(ta ? "T" : "N")\(tb ? "T" : "N") \(m)x\(n)x\(k)", got: c, ld: ldc, rows: m, cols: n,
                     reference: ref.value, scale: ref.scale, epsilon: Double(T.ulpOfOne), terms: k, sentinel: 7, into: &v)
    }

    func checkSgemv(_ rows: Int, _ cols: Int, _ t: Bool, _ rng: inout RandomStream, into v: inout Verdict) {
        let a: [Float] = Self.padded(rows, cols, pad: 5, &rng, as: Float.self)
        let (xn, yn) = t ? (rows, cols) : (cols, rows)
        let x: [Float] = Self.padded(1, xn, pad: 0, &rng, as: Float.self)
        var y: [Float] = Self.padded(1, yn, pad: 0, &rng, as: Float.self)
        // y as a yn x 1 column and x as xn x 1: op(A) x is a gemm with n = 1.
        let ref = Self.naiveGemm(t, false, yn, 1, xn, alpha: 1.5, a, lda: cols + 5, x, ldb: 1, beta: 0.5, y, ldc: 1)
        y.withUnsafeMutableBufferPointer { py in routines.sgemv(t, rows, cols, 1.5, a, cols + 5, x, 0.5, py.baseAddress!) }
        Self.compare("sgemv \(t ? "T" : "N") \(rows)x\(cols)", got: y, ld: 1, rows: yn, cols: 1, reference: ref.value,
                     scale: ref.scale, epsilon: Double(Float.ulpOfOne), terms: xn, sentinel: 0, into: &v)
    }

    // MARK: LAPACK

    func checkLAPACK(_ rng: inout RandomStream, into v: inout Verdict) {
        func random(_ r: Int, _ c: Int) -> Matrix {
            Matrix(rows: r, cols: c, storage: (0..<(r * c)).map { _ in rng.nextDouble() * 2 - 1 })
        }
        /// Compares two same-shape matrices entrywise against `tolerance * scale`.
        func near(_ name: String, _ x: Matrix, _ y: Matrix, scale: Double, terms: Int) {
            Self.compare(name, got: x.storage, ld: x.cols, rows: x.rows, cols: x.cols, reference: y.storage,
                         scale: [Double](repeating: scale, count: y.storage.count), epsilon: 64 * Double.ulpOfOne,
                         terms: terms, sentinel: 0, into: &v)
        }
        func naive(_ a: Matrix, _ b: Matrix, transposeB: Bool = false) -> Matrix {
            let r = Self.naiveGemm(false, transposeB, a.rows, transposeB ? b.rows : b.cols, a.cols, alpha: 1,
                                   a.storage, lda: a.cols, b.storage, ldb: b.cols, beta: 0,
                                   [Double](repeating: 0, count: a.rows * (transposeB ? b.rows : b.cols)),
                                   ldc: transposeB ? b.rows : b.cols)
            return Matrix(rows: a.rows, cols: transposeB ? b.rows : b.cols, storage: r.value)
        }
        for n in [1, 37, 70] {
            let g = random(n, n)
            var spd = naive(g, g, transposeB: true)
            for i in 0..<n { spd.storage[i * n + i] += Double(n) }
            let norm = spd.storage.map(abs).max() ?? 1
            do {
                let l = try routines.cholesky(spd)
                near("dpotrf \(n)x\(n): L Lᵀ = A", naive(l, l, transposeB: true), spd, scale: norm, terms: n)
            } catch { v.cases += 1; v.failures.append("dpotrf \(n)x\(n): \(error)") }
            do {
                let (values, vectors) = try routines.symmetricEigen(spd)
                var vl = vectors
                for i in 0..<n { for j in 0..<n { vl.storage[i * n + j] *= values[j] } }
                near("dsyevd \(n)x\(n): A V = V Λ", naive(spd, vectors), vl, scale: norm, terms: n)
                near("dsyevd \(n)x\(n): Vᵀ V = I", naive(vectors.transposed, vectors), .identity(n), scale: 1, terms: n)
            } catch { v.cases += 1; v.failures.append("dsyevd \(n)x\(n): \(error)") }
            do {
                let b = random(n, 3)
                let x = try routines.solve(spd, b)
                near("dgesv \(n)x\(n), 3 right-hand sides: A X = B", naive(spd, x), b,
                     scale: norm * (x.storage.map(abs).max() ?? 1), terms: n)
            } catch { v.cases += 1; v.failures.append("dgesv \(n)x\(n): \(error)") }
        }
    }
}

extension KernelSelfCheck {
    /// A deliberate fault for testing the fallback end to end through the built binary:
    /// `SYNTHBENCH_BLAS_SELF_CHECK_FAULT=FAULT[:KERNEL]` makes the `blas-self-check` child misbehave (for
    /// every kernel, or only when it runs `KERNEL`). Not for users; documented in docs/blas.md.
    package enum Fault: String, Sendable {
        /// sgemm returns a result off by 0.05 in one entry.
        case wrongSgemm = "wrong-sgemm"
        /// The child kills itself with SIGILL, as a CPU without the kernel's instructions would.
        case sigill

        package static let environmentKey = "SYNTHBENCH_BLAS_SELF_CHECK_FAULT"

        /// The fault the environment asks for when the child runs `core`.
        package static func requested(in environment: [String: String], core: String) -> Fault? {
            guard let value = environment[environmentKey] else { return nil }
            let parts = value.split(separator: ":", maxSplits: 1).map(String.init)
            if parts.count == 2, parts[1].caseInsensitiveCompare(core) != .orderedSame { return nil }
            return parts.first.flatMap(Fault.init(rawValue:))
        }
    }
}

extension KernelSelfCheck.Routines {
    /// These routines with `sgemm` adding 0.05 to the first entry of C.
    package func withWrongSgemm() -> Self {
        var r = self
        let sgemm = self.sgemm
        r.sgemm = { ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc in
            sgemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
            c[0] += 0.05
        }
        return r
    }
}
