/// Explicit 8-wide SIMD loops for the hot elementwise kernels. The default x86-64 target has no AVX, and
/// LLVM leaves several of these loops scalar (selects, square roots, four streams); `SIMD8<Float>` lowers
/// to paired SSE instructions either way. The tail is handled with a zero-padded partial vector, so each
/// kernel is written once, as a vector closure.
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
}
