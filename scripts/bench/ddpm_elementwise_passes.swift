// The elementwise passes of the linear layers of one SynthCity-defaults TabDDPM training step (adult, batch 1024:
// bias + identity for the projection, the two time layers and the output; bias + ReLU for the three 256-wide body
// layers; backward: ReLU derivative and bias column sums), as main (cf19fc1) ran them and as this branch runs them,
// alternating, over process CPU time (docs/ddpm.md §5). The kernels are copies of SynthNN's (main: the closure-based
// `Vectorized.map` / `Activation.vectorLoop` and a separate `Kernels.columnSums`; this branch: `Activation.biasAdd`,
// `biasReLU`, `backward(gradient:output:rows:cols:into:columnSums:accumulate:)`), compiled alone with -O, so they
// show the passes' own cost, not the step's.
//   swiftc -O scripts/bench/ddpm_elementwise_passes.swift -o /tmp/ddpm_elementwise && /tmp/ddpm_elementwise
import Foundation
typealias V = SIMD8<Float>
@inline(__always) func load(_ p: UnsafePointer<Float>, _ i: Int) -> V { UnsafeRawPointer(p + i).loadUnaligned(as: V.self) }
@inline(__always) func store(_ v: V, _ p: UnsafeMutablePointer<Float>, _ i: Int) { UnsafeMutableRawPointer(p + i).storeBytes(of: v, as: V.self) }
@inline(__always) func loadPartial(_ p: UnsafePointer<Float>, _ i: Int, _ count: Int) -> V { var v = V(repeating: 0); for k in 0..<count { v[k] = p[i + k] }; return v }
@inline(__always) func storePartial(_ v: V, _ p: UnsafeMutablePointer<Float>, _ i: Int, _ count: Int) { for k in 0..<count { p[i + k] = v[k] } }
// main's kernels (replicas of Vectorized.map / Activation.vectorLoop / Kernels.columnSums)
@inline(__always) func map1(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, _ n: Int, _ f: (V, V) -> V) {
    var i = 0
    while i + 8 <= n { store(f(load(a, i), load(b, i)), dst, i); i += 8 }
    if i < n { storePartial(f(loadPartial(a, i, n - i), loadPartial(b, i, n - i)), dst, i, n - i) }
}
enum Act { case identity, relu }
@inline(never) func oldApply(_ act: Act, _ src: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ rows: Int, _ cols: Int, _ dst: UnsafeMutablePointer<Float>) {
    @inline(__always) func vl(_ f: (V) -> V) { for r in 0..<rows { map1(src + r * cols, b, dst + r * cols, cols) { f($0 + $1) } } }
    switch act { case .identity: vl { $0 }; case .relu: vl { $0.replacing(with: 0, where: $0 .< 0) } }
}
@inline(never) func oldBackward(_ g: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ n: Int, _ dst: UnsafeMutablePointer<Float>) {
    map1(g, y, dst, n) { gi, yi in gi.replacing(with: 0, where: .!(yi .> 0)) }
}
@inline(never) func columnSums(_ src: UnsafePointer<Float>, _ rows: Int, _ cols: Int, _ dst: UnsafeMutablePointer<Float>, _ acc: Bool) {
    if !acc { dst.update(repeating: 0, count: cols) }
    for r in 0..<rows { let row = src + r * cols; for c in 0..<cols { dst[c] += row[c] } }
}
// this branch's kernels (replicas of Activation.biasAdd / biasReLU / backward(columnSums:))
@inline(never) func newApply(_ act: Act, _ src: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ rows: Int, _ cols: Int, _ dst: UnsafeMutablePointer<Float>) {
    switch act {
    case .identity: for r in 0..<rows { let s = src + r * cols, d = dst + r * cols; for c in 0..<cols { d[c] = s[c] + b[c] } }
    case .relu: for r in 0..<rows { let s = src + r * cols, d = dst + r * cols; for c in 0..<cols { let v = s[c] + b[c]; d[c] = v < 0 ? 0 : v } }
    }
}
@inline(never) func newBackwardSums(_ g: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ rows: Int, _ cols: Int, _ dst: UnsafeMutablePointer<Float>, _ sums: UnsafeMutablePointer<Float>) {
    sums.update(repeating: 0, count: cols)
    let zero = V(repeating: 0)
    for r in 0..<rows { let gr = g + r * cols, yr = y + r * cols, dr = dst + r * cols
        var c = 0
        while c + 8 <= cols { let v = load(gr, c).replacing(with: zero, where: .!(load(yr, c) .> zero)); store(v, dr, c); store(load(sums, c) + v, sums, c); c += 8 }
        while c < cols { let v = yr[c] > 0 ? gr[c] : 0; dr[c] = v; sums[c] += v; c += 1 }
    }
}
let b = 1024
// forward passes of a SynthCity-default training step: proj 128 (identity), time1 128, time2 128, body 256 relu x3, out 40
let fwd: [(Act, Int)] = [(.identity, 128), (.identity, 128), (.identity, 128), (.relu, 256), (.relu, 256), (.relu, 256), (.identity, 40)]
let bufs = (0..<8).map { _ in UnsafeMutablePointer<Float>.allocate(capacity: b * 256) }
let ys = (0..<8).map { _ in UnsafeMutablePointer<Float>.allocate(capacity: b * 256) }
let bias = UnsafeMutablePointer<Float>.allocate(capacity: 256), sums = UnsafeMutablePointer<Float>.allocate(capacity: 256)
var rng = SystemRandomNumberGenerator()
for p in bufs + ys { for i in 0..<(b * 256) { p[i] = Float.random(in: -1...1, using: &rng) } }
for i in 0..<256 { bias[i] = Float.random(in: -1...1, using: &rng) }
func old() {
    for (k, (a, w)) in fwd.enumerated() { oldApply(a, bufs[k], bias, b, w, ys[k]) }
    for (k, (a, w)) in fwd.enumerated().reversed() {
        if a == .relu { oldBackward(bufs[k], ys[k], b * w, bufs[7]); columnSums(bufs[7], b, w, sums, false) }
        else { columnSums(bufs[k], b, w, sums, false) }
    }
}
func new() {
    for (k, (a, w)) in fwd.enumerated() { newApply(a, bufs[k], bias, b, w, ys[k]) }
    for (k, (a, w)) in fwd.enumerated().reversed() {
        if a == .relu { newBackwardSums(bufs[k], ys[k], b, w, bufs[7], sums) }
        else { columnSums(bufs[k], b, w, sums, false) }
    }
}
func now() -> Double { var ts = timespec(); clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts); return Double(ts.tv_sec) + 1e-9 * Double(ts.tv_nsec) }
func best(_ f: () -> Void) -> Double { var m = Double.infinity; for _ in 0..<15 { let t0 = now(); for _ in 0..<20 { f() }; m = min(m, (now() - t0) / 20) }; return m }
for _ in 0..<4 { let o = best(old), n = best(new); print(String(format: "main's passes %.3f ms, this branch's %.3f ms (%.2fx)", o * 1e3, n * 1e3, o / n)) }
