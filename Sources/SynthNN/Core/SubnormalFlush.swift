#if canImport(Glibc)
import Glibc
#endif

/// Runs a computation with the calling thread's SSE control register (MXCSR) set to flush-to-zero (a
/// subnormal result becomes a zero of its sign) and denormals-are-zero (a subnormal operand reads as zero),
/// then restores the register as it was, also when the body throws.
///
/// Why: a long GAN run can fill its weights, activations and gradients with values near or below the smallest
/// normal float (`Float.leastNormalMagnitude`, about 1.2e-38): weights with no gradient decay geometrically
/// under an L2 term (docs/privacy.md §4, "Subnormal weights"). Every operation that reads or produces a
/// subnormal then costs a microcode assist, and OpenBLAS's sgemm kernel spent most of pategan's late
/// iterations in them. With the two bits set the CPU does that arithmetic at full speed and returns zeros
/// where it would have returned subnormals; results in which no subnormal occurs are bit-for-bit unchanged.
///
/// Scope: the calling thread only (MXCSR is per thread). OpenBLAS's own worker threads (more than one BLAS
/// thread) keep their register unless OpenBLAS was built with `CONSISTENT_FPCSR=1`; synthbench runs one BLAS
/// thread by default. On other architectures or without Glibc the body runs unchanged.
public enum SubnormalFlush {
    /// MXCSR's flush-to-zero (bit 15) and denormals-are-zero (bit 6) bits.
    static let mxcsrBits: UInt32 = 0x8040

    /// `body()` under flush-to-zero and denormals-are-zero, the register restored afterwards.
    public static func run<T>(_ body: () throws -> T) rethrows -> T {
        #if arch(x86_64) && canImport(Glibc)
        var saved = fenv_t()
        fegetenv(&saved)
        var flushing = saved
        flushing.__mxcsr |= mxcsrBits
        fesetenv(&flushing)
        defer { fesetenv(&saved) }
        #endif
        return try body()
    }

    /// Whether both bits are set on the calling thread now (false where they do not exist).
    public static var isActive: Bool {
        #if arch(x86_64) && canImport(Glibc)
        var env = fenv_t()
        fegetenv(&env)
        return env.__mxcsr & mxcsrBits == mxcsrBits
        #else
        return false
        #endif
    }
}
