import Testing
@testable import Harness
import SynthMath

/// The self-check passes OpenBLAS under the kernel this process runs, and catches routines that are wrong in
/// the ways a bad kernel is: a wrong entry, a write past the row into the padding, a read of the padding
/// (a wrong leading dimension), a wrong LAPACK factor.
@Suite struct KernelSelfCheckTests {
    @Test func openBLASPasses() {
        let v = KernelSelfCheck().run()
        #expect(v.passed, "\(v.failures)")
        #expect(v.worstErrorRatio < 1)
        // 5 shapes x (4 sgemm + 1 dgemm) + 3 x 2 sgemv + 3 sizes x (dpotrf + 2 dsyevd + dgesv).
        #expect(v.cases == 25 + 6 + 12)
    }

    @Test func wrongSgemmEntryFails() {
        let v = KernelSelfCheck(routines: KernelSelfCheck.Routines.openBLAS.withWrongSgemm()).run()
        #expect(!v.passed)
        #expect(v.failures.allSatisfy { $0.hasPrefix("sgemm") })
        #expect(v.failures.count == 20)  // every sgemm case, no other routine
        #expect(v.worstErrorRatio > 1)
    }

    @Test func writingIntoThePaddingFails() {
        var routines = KernelSelfCheck.Routines.openBLAS
        let sgemm = routines.sgemm
        routines.sgemm = { ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc in
            sgemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
            c[n] = 0  // the first padding entry of row 0
        }
        let v = KernelSelfCheck(routines: routines).run()
        #expect(v.failures.contains { $0.contains("padding") })
    }

    @Test func ignoringTheLeadingDimensionFails() {
        var routines = KernelSelfCheck.Routines.openBLAS
        let sgemm = routines.sgemm
        // Reads A as if it were packed: the NaN padding and shifted rows enter the product.
        routines.sgemm = { ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc in
            sgemm(ta, tb, m, n, k, alpha, a, ta ? m : k, b, ldb, beta, c, ldc)
        }
        let v = KernelSelfCheck(routines: routines).run()
        #expect(v.failures.contains { $0.hasPrefix("sgemm NN 7x5x3") })
    }

    @Test func wrongDgemmAndSgemvFail() {
        var routines = KernelSelfCheck.Routines.openBLAS
        let dgemm = routines.dgemm, sgemv = routines.sgemv
        routines.dgemm = { ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc in
            dgemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
            c[(m - 1) * ldc + n - 1] *= 1 + 1e-9  // far above dgemm's rounding error
        }
        routines.sgemv = { t, rows, cols, alpha, a, lda, x, beta, y in
            sgemv(t, rows, cols, 2 * alpha, a, lda, x, beta, y)  // alpha applied twice
        }
        let v = KernelSelfCheck(routines: routines).run()
        #expect(v.failures.contains { $0.hasPrefix("dgemm TN 17x19x520") }, "\(v.failures)")
        #expect(v.failures.contains { $0.hasPrefix("sgemv N 37x23") })
    }

    @Test func wrongLAPACKFails() {
        var routines = KernelSelfCheck.Routines.openBLAS
        routines.cholesky = { a in
            var l = try a.cholesky()
            l.storage[l.storage.count - 1] *= 1.001
            return l
        }
        routines.solve = { _, b in b }  // X = B instead of A⁻¹B
        let v = KernelSelfCheck(routines: routines).run()
        #expect(v.failures.contains { $0.hasPrefix("dpotrf 37x37") })
        #expect(v.failures.contains { $0.hasPrefix("dgesv 70x70") })
        #expect(!v.failures.contains { $0.hasPrefix("dsyevd") })
    }
}
