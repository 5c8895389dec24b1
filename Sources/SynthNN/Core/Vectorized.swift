/// Explicit 8-wide SIMD loops for the elementwise kernels left in Swift (the training step's hottest passes are C,
/// ``ElementwiseKernels``). The default x86-64 target has no AVX, and LLVM leaves several of these loops scalar
/// (selects, four streams); `SIMD8<Float>` lowers to paired SSE instructions either way. The tail is handled with a
/// zero-padded partial vector, so each kernel is written once, as a vector closure.
enum Vectorized {
    typealias V = SIMD8<Float>

    @inline(__always)
    static func load(_ p: UnsafePointer<Float>, _ i: Int) -> V {
        UnsafeRawPointer(p + i).loadUnaligned(as: V.self)
    }

    @inline(__always)
    static func store(_ v: V, _ p: UnsafeMutablePointer<Float>, _ i: Int) {
        UnsafeMutableRawPointer(p + i).storeBytes(of: v, as: V.self)
    }

    @inline(__always)
    static func loadPartial(_ p: UnsafePointer<Float>, _ i: Int, _ count: Int) -> V {
        var v = V(repeating: 0)
        for k in 0..<count { v[k] = p[i + k] }
        return v
    }

    @inline(__always)
    static func storePartial(_ v: V, _ p: UnsafeMutablePointer<Float>, _ i: Int, _ count: Int) {
        for k in 0..<count { p[i + k] = v[k] }
    }

    /// `dst[i] = f(a[i])`; `dst` may be `a`.
    @inline(__always)
    static func map(_ a: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, _ n: Int, _ f: (V) -> V) {
        var i = 0
        while i + 8 <= n { store(f(load(a, i)), dst, i); i += 8 }
        if i < n { storePartial(f(loadPartial(a, i, n - i)), dst, i, n - i) }
    }

    /// `dst[i] = f(a[i], b[i])`; `dst` may be `a` or `b`.
    @inline(__always)
    static func map(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>,
                    _ n: Int, _ f: (V, V) -> V) {
        var i = 0
        while i + 8 <= n { store(f(load(a, i), load(b, i)), dst, i); i += 8 }
        if i < n { storePartial(f(loadPartial(a, i, n - i), loadPartial(b, i, n - i)), dst, i, n - i) }
    }

    /// `dst[i] = f(src[i])` with a scalar `f` the loop vectoriser can widen (inline, branch-free). In place
    /// (`dst == src`) it runs a loop over one pointer: LLVM's runtime overlap check would otherwise send
    /// the in-place call to the scalar loop.
    @inline(__always)
    static func apply(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, _ n: Int,
                      _ f: (Float) -> Float) {
        if UnsafePointer(dst) == src {
            for i in 0..<n { dst[i] = f(dst[i]) }
        } else {
            for i in 0..<n { dst[i] = f(src[i]) }
        }
    }

    /// `dst[r, c] = f(src[r, c] + bias[c])` over a `rows x cols` block; `dst` may be `src` (see
    /// ``apply(_:_:_:_:)``).
    @inline(__always)
    static func apply(_ src: UnsafePointer<Float>, bias: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>,
                      rows: Int, cols: Int, _ f: (Float) -> Float) {
        if UnsafePointer(dst) == src {
            for r in 0..<rows {
                let d = dst + r * cols
                for c in 0..<cols { d[c] = f(d[c] + bias[c]) }
            }
        } else {
            for r in 0..<rows {
                let s = src + r * cols, d = dst + r * cols
                for c in 0..<cols { d[c] = f(s[c] + bias[c]) }
            }
        }
    }
}
