/// Float32 `exp`, `log`, `tanh` and the logistic function written without branches or table lookups, so
/// that a loop applying them to a buffer vectorises (4 lanes of SSE on the default x86-64 target) instead
/// of calling libm once per element. The softmax spans, the Gumbel noise and the `exp`/`log`/`tanh`
/// tensor operations run on the buffer functions.
///
/// Method:
/// - `exp(x)` (Cephes `expf`, Moshier): `n = round(x log2 e)` by the 1.5·2²³ shifter, `r = x - n ln 2` in
///   two Cody–Waite steps (`ln 2 = 0.693359375 - 2.12194440e-4`; the first product is exact), `e^r ≈
///   1 + r + r² P(r)` with Cephes's degree-5 `P`, then the product with `2^⌊n/2⌋` and `2^(n - ⌊n/2⌋)`: both
///   factors are normal numbers, so a result that underflows into the subnormals (or to 0) or overflows to
///   infinity is rounded once, correctly. `x` is clamped to `[-104, 89]` first (beyond it the result is 0
///   or `inf` anyway).
/// - `log(x)`: the reduction and minimax polynomial of FreeBSD's `e_logf` (Sun Microsystems 1993):
///   `x = (1 + f) 2^k` with `1 + f` in `[√½, √2)` found with integer arithmetic on the bits (subnormals
///   scaled by 2²³ first), `s = f / (2 + f)`, `log(1 + f) = f - (f²/2 - s (f²/2 + R(s²)))` with a degree-4
///   `R`, plus `k ln 2` in two pieces. `log(±0) = -inf`, `log(x < 0) = NaN`, `log(inf) = inf`.
/// - `tanh(x)` (Cephes `tanhf`): for `|x| < 0.625`, `|x| + |x|³ Q(x²)` with a degree-4 `Q`; above,
///   `1 - 2 / (e^{2|x|} + 1)` with the `exp` above; the sign of `x` is copied onto the result
///   (`tanh(-0) = -0`), and `|x| ≥ 44.4` gives exactly ±1.
/// - `sigmoid(x) = n / (1 + e^-|x|)` with `n = 1` for `x ≥ 0` and `n = e^-|x|` below: no overflow.
///
/// NaN propagates through all of them. Accuracy against the exactly rounded value, over every Float
/// (`FastMathTests` checks a dense sweep, `docs/nn.md` gives the figures): `exp` and `log` below 1 ulp
/// (faithfully rounded), `tanh` and `sigmoid` within 2 ulp. glibc's Float functions are within 1 ulp
/// (`tanhf` within 2.1). There are no fused multiply-adds, so the bits do not depend on the CPU.
///
/// Why scalar code and not `SIMD8<Float>`: Swift emits `SIMD8<Float>` arithmetic lane by lane and leaves
/// it to LLVM's SLP vectoriser to rebuild vector instructions, which gives up on dependency chains as long
/// as these polynomials (`log` came out partly scalar, slower than libm). A plain loop over a buffer
/// calling these `@inline(__always)` functions is turned into packed SSE by the loop vectoriser.
public enum FastMath {
    // MARK: Elementwise functions (inline them into buffer loops)

    /// `e^x`.
    @inlinable @inline(__always)
    public static func exp(_ x: Float) -> Float {
        let shifter: Float = 12582912  // 1.5 · 2^23: adding it rounds to an integer, kept in the low bits
        var xc = x > 89 ? 89 : x
        xc = xc < -104 ? -104 : xc
        let t = xc * 1.44269504088896341 + shifter
        let n = t - shifter
        var r = xc - n * 0.693359375
        r = r - n * -2.12194440e-4
        var p: Float = 1.9875691500e-4
        p = p * r + 1.3981999507e-3
        p = p * r + 8.3334519073e-3
        p = p * r + 4.1665795894e-2
        p = p * r + 1.6666665459e-1
        p = p * r + 5.0000001201e-1
        p = p * (r * r) + r + 1
        // n in [-150, 128]; 2^n as two normal factors with exponents in [-75, 64].
        let ni = Int32(bitPattern: t.bitPattern) &- 0x4B40_0000
        let n1 = ni &>> 1
        let n2 = ni &- n1
        let s1 = Float(bitPattern: UInt32(bitPattern: (n1 &+ 127) &<< 23))
        let s2 = Float(bitPattern: UInt32(bitPattern: (n2 &+ 127) &<< 23))
        return p * s1 * s2
    }

    /// The natural logarithm.
    @inlinable @inline(__always)
    public static func log(_ x: Float) -> Float {
        let subnormal = x < Float.leastNormalMagnitude
        let xs = subnormal ? x * 8388608 : x  // 2^23
        // x = (1 + f) 2^k with 1 + f in [sqrt(1/2), sqrt(2)): shift the bits so that the exponent field
        // steps up at sqrt(2) instead of 2.
        let bits = Int32(bitPattern: xs.bitPattern) &+ (0x3F80_0000 - 0x3F35_04F3)
        let k = (bits &>> 23) &- 0x7F
        let f = Float(bitPattern: UInt32(bitPattern: (bits & 0x007F_FFFF) &+ 0x3F35_04F3)) - 1
        var e = Float(bitPattern: UInt32(bitPattern: k &+ 0x4B40_0000)) - 12582912  // Float(k), exactly
        e = subnormal ? e - 23 : e
        let s = f / (2 + f)
        let z = s * s
        let w = z * z
        let r = z * (0.66666662693 + w * 0.28498786688) + w * (0.40000972152 + w * 0.24279078841)
        let halfSquare = 0.5 * f * f
        var result = e * 6.9313812256e-1 - ((halfSquare - (s * (halfSquare + r) + e * 9.0580006145e-6)) - f)
        result = x == 0 ? -.infinity : result
        result = x < 0 ? .nan : result
        return x < .infinity ? result : x  // +inf and NaN
    }

    /// The hyperbolic tangent.
    @inlinable @inline(__always)
    public static func tanh(_ x: Float) -> Float {
        let sign = x.bitPattern & 0x8000_0000
        let a = Float(bitPattern: x.bitPattern & 0x7FFF_FFFF)
        let z = a * a
        var q: Float = -5.70498872745e-3
        q = q * z + 2.06390887954e-2
        q = q * z - 5.37397155531e-2
        q = q * z + 1.33314422036e-1
        q = q * z - 3.33332819422e-1
        let small = a + a * (z * q)
        let large = 1 - 2 / (exp(a + a) + 1)
        let magnitude = a < 0.625 ? small : large
        return Float(bitPattern: magnitude.bitPattern | sign)
    }

    /// The logistic function `1 / (1 + e^-x)`.
    @inlinable @inline(__always)
    public static func sigmoid(_ x: Float) -> Float {
        let e = exp(-Float(bitPattern: x.bitPattern & 0x7FFF_FFFF))
        return (x < 0 ? e : 1) / (1 + e)
    }

    /// `e^x` for `x ≥ -87`, and 0 below (where `e^x < 1.7e-38`): never a subnormal result. Each subnormal
    /// result costs the CPU a microcode assist (the whole function then runs about 4× slower). The span
    /// softmax kernels use it: at CTGAN's temperature 0.2 the exponentials of `x - max` underflow often, and
    /// they only ever enter a sum that is at least 1 or come out as probabilities (so probabilities below
    /// 1.7e-38 read 0).
    @inline(__always)
    static func expFlushingSubnormals(_ x: Float) -> Float {
        let e = exp(x < -87 ? -87 : x)
        return x < -87 ? 0 : e
    }

    /// ``expFlushingSubnormals(_:)`` over a buffer; `dst` may be `src`.
    static func expFlushingSubnormals(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, count: Int) {
        Vectorized.apply(src, dst, count) { expFlushingSubnormals($0) }
    }

    // MARK: Buffer functions

    /// `dst[i] = e^src[i]` for `i < count`; `dst` may be `src`.
    public static func exp(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, count: Int) {
        Vectorized.apply(src, dst, count) { exp($0) }
    }

    /// `dst[i] = log(src[i])` for `i < count`; `dst` may be `src`.
    public static func log(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, count: Int) {
        Vectorized.apply(src, dst, count) { log($0) }
    }

    /// `dst[i] = tanh(src[i])` for `i < count`; `dst` may be `src`.
    public static func tanh(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, count: Int) {
        Vectorized.apply(src, dst, count) { tanh($0) }
    }

    /// `dst[i] = 1 / (1 + e^-src[i])` for `i < count`; `dst` may be `src`.
    public static func sigmoid(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, count: Int) {
        Vectorized.apply(src, dst, count) { sigmoid($0) }
    }

    /// `dst[i] = -log(-log(src[i]))` for `i < count`: standard Gumbel noise from uniforms in (0, 1), in two
    /// vectorised passes (one loop with both logarithms runs out of registers); `dst` may be `src`.
    public static func gumbel(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, count: Int) {
        Vectorized.apply(src, dst, count) { -log($0) }
        Vectorized.apply(dst, dst, count) { -log($0) }
    }
}
