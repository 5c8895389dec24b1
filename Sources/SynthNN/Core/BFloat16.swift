/// bfloat16 (1 sign, 8 exponent, 7 fraction bits: the top half of a Float32) as raw `UInt16` bits, and the
/// conversions the bf16 matrix products need.
///
/// Float32 → bf16 rounds to nearest, ties to even, as `vcvtneps2bf16` and PyTorch's `round_to_nearest_even`
/// do, but without their flush of subnormal inputs: a subnormal rounds like any other value (the integer
/// trick below is exact across the whole range). Overflow past the largest bf16 (≈ 3.39·10³⁸) gives ±inf
/// by the same rounding; ±inf stay ±inf; a NaN stays a NaN (its sign and top payload bits kept, the
/// quiet bit set, so a payload that lived only in the low bits cannot turn into inf).
public enum BFloat16 {
    /// The bf16 bits of `x`, rounded to nearest even.
    @inline(__always)
    public static func bits(_ x: Float) -> UInt16 {
        let u = x.bitPattern
        // Adding 0x7FFF plus the lowest kept bit and truncating rounds to nearest, ties to even; a carry
        // out of the fraction increments the exponent, which is the right answer (up to inf).
        let rounded = (u &+ 0x7FFF &+ ((u >> 16) & 1)) >> 16
        // Signed compare (both sides are non-negative as Int32), so SSE2's pcmpgtd vectorises it.
        let isNaN = Int32(bitPattern: u & 0x7FFF_FFFF) > 0x7F80_0000
        return UInt16(truncatingIfNeeded: isNaN ? (u >> 16) | 0x0040 : rounded)
    }

    /// The Float32 value of bf16 `bits` (exact).
    @inline(__always)
    public static func float(_ bits: UInt16) -> Float { Float(bitPattern: UInt32(bits) << 16) }

    /// `x` rounded to bf16 and back: the value a bf16 product sees.
    @inline(__always)
    public static func rounded(_ x: Float) -> Float { float(bits(x)) }

    /// `dst[i] = bits(src[i])` for `i < count`; a branch-free loop the compiler vectorises.
    public static func convert(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<UInt16>, count: Int) {
        for i in 0..<count { dst[i] = bits(src[i]) }
    }

    /// The `rows x cols` block at `src` (row stride `stride`) converted into a contiguous `rows x cols`
    /// bf16 matrix.
    public static func convert(_ src: UnsafePointer<Float>, rows: Int, cols: Int, stride: Int,
                               into dst: UnsafeMutablePointer<UInt16>) {
        if stride == cols { convert(src, dst, count: rows * cols); return }
        for r in 0..<rows { convert(src + r * stride, dst + r * cols, count: cols) }
    }
}
