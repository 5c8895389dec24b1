// The elementwise passes of one SynthCity-defaults TabDDPM training step (adult, batch 1024), as SynthNN's Swift
// loops ran them (integ 44e8b4d: copies of Activation.biasAdd / biasReLU / backward(...columnSums:), Kernels.columnSums,
// silu's loops over FastMath.sigmoid, Adam.loop) and as the C kernels of Sources/CSynthKernels/nn_elementwise.c run
// them at the widest build this CPU runs (NN_BUILD=1 or 0: another build), alternating, over process CPU time
// (docs/nn.md, "Elementwise kernels in C"). Per pass: the best of 15 rounds of 20 steps, in ms per step; then a
// check that both sides wrote the same bits. Built and run by scripts/bench/c_kernel_passes.sh nn_elementwise [PAIRS], with
// SynthNN's FastMath.swift and Vectorized.swift compiled in.
import Foundation
import _Builtin_intrinsics.intel

@_silgen_name("synth_nn_supports") func cSupports(_ build: Int32) -> Int32
@_silgen_name("synth_nn_bias_activation")
func cBiasActivation(_ build: Int32, _ src: UnsafePointer<Float>, _ bias: UnsafePointer<Float>?, _ rows: Int64,
                     _ cols: Int64, _ dst: UnsafeMutablePointer<Float>, _ relu: Int32) -> Int32
@_silgen_name("synth_nn_relu_backward_sums")
func cReluBackwardSums(_ build: Int32, _ g: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ rows: Int64, _ cols: Int64,
                       _ dst: UnsafeMutablePointer<Float>, _ sums: UnsafeMutablePointer<Float>, _ accumulate: Int32) -> Int32
@_silgen_name("synth_nn_column_sums")
func cColumnSums(_ build: Int32, _ src: UnsafePointer<Float>, _ rows: Int64, _ cols: Int64,
                 _ sums: UnsafeMutablePointer<Float>, _ accumulate: Int32) -> Int32
@_silgen_name("synth_nn_silu_forward")
func cSiluForward(_ build: Int32, _ x: UnsafePointer<Float>, _ n: Int64, _ s: UnsafeMutablePointer<Float>,
                  _ out: UnsafeMutablePointer<Float>) -> Int32
@_silgen_name("synth_nn_silu_backward")
func cSiluBackward(_ build: Int32, _ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ s: UnsafePointer<Float>,
                   _ n: Int64, _ dx: UnsafeMutablePointer<Float>) -> Int32
struct AdamConstants { var negStep, bc2Sqrt, w, b2, oneMinusB2, eps, l2, decay: Float }  // synth_adam_constants
@_silgen_name("synth_nn_adam")
func cAdam(_ build: Int32, _ p: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ m: UnsafeMutablePointer<Float>,
           _ v: UnsafeMutablePointer<Float>, _ n: Int64, _ k: UnsafePointer<AdamConstants>, _ decoupled: Int32, _ l2: Int32,
           _ lerpLow: Int32) -> Int32
let build: Int32 = ProcessInfo.processInfo.environment["NN_BUILD"].flatMap { Int32($0) } ?? [2, 1, 0].first { cSupports($0) != 0 }!  // NN_BUILD: another build

// MARK: SynthNN's Swift loops at 44e8b4d (Vectorized, Activation, Kernels.columnSums, FastMath.sigmoid, silu, Adam.loop)
typealias V = SIMD8<Float>
@inline(__always) func load(_ p: UnsafePointer<Float>, _ i: Int) -> V { UnsafeRawPointer(p + i).loadUnaligned(as: V.self) }
@inline(__always) func store(_ v: V, _ p: UnsafeMutablePointer<Float>, _ i: Int) { UnsafeMutableRawPointer(p + i).storeBytes(of: v, as: V.self) }
@inline(__always) func loadPartial(_ p: UnsafePointer<Float>, _ i: Int, _ c: Int) -> V { var v = V(repeating: 0); for k in 0..<c { v[k] = p[i + k] }; return v }
@inline(__always) func storePartial(_ v: V, _ p: UnsafeMutablePointer<Float>, _ i: Int, _ c: Int) { for k in 0..<c { p[i + k] = v[k] } }
@inline(__always) func squareRoot(_ v: V) -> V { V(lowHalf: _mm_sqrt_ps(v.lowHalf), highHalf: _mm_sqrt_ps(v.highHalf)) }
// In place (the one-pointer loops: LLVM's runtime overlap check sends an in-place two-pointer loop to its scalar copy).
@inline(never) func swiftBiasAdd(_ src: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ rows: Int, _ cols: Int, _ dst: UnsafeMutablePointer<Float>) {
    if UnsafePointer(dst) == src { for r in 0..<rows { let d = dst + r * cols; for c in 0..<cols { d[c] += b[c] } }; return }
    for r in 0..<rows { let s = src + r * cols, d = dst + r * cols; for c in 0..<cols { d[c] = s[c] + b[c] } }
}
@inline(never) func swiftBiasReLU(_ src: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ rows: Int, _ cols: Int, _ dst: UnsafeMutablePointer<Float>) {
    if UnsafePointer(dst) == src { for r in 0..<rows { let d = dst + r * cols; for c in 0..<cols { let v = d[c] + b[c]; d[c] = v < 0 ? 0 : v } }; return }
    for r in 0..<rows { let s = src + r * cols, d = dst + r * cols; for c in 0..<cols { let v = s[c] + b[c]; d[c] = v < 0 ? 0 : v } }
}
@inline(never) func swiftReluBackwardSums(_ g: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ rows: Int, _ cols: Int, _ dst: UnsafeMutablePointer<Float>, _ sums: UnsafeMutablePointer<Float>) {
    sums.update(repeating: 0, count: cols)
    let zero = V(repeating: 0)
    for r in 0..<rows {
        let gr = g + r * cols, yr = y + r * cols, dr = dst + r * cols
        var c = 0
        while c + 8 <= cols { let v = load(gr, c).replacing(with: zero, where: .!(load(yr, c) .> zero)); store(v, dr, c); store(load(sums, c) + v, sums, c); c += 8 }
        while c < cols { let v = yr[c] > 0 ? gr[c] : 0; dr[c] = v; sums[c] += v; c += 1 }
    }
}
@inline(never) func swiftColumnSums(_ src: UnsafePointer<Float>, _ rows: Int, _ cols: Int, _ dst: UnsafeMutablePointer<Float>) {
    dst.update(repeating: 0, count: cols)
    for r in 0..<rows { let row = src + r * cols; for c in 0..<cols { dst[c] += row[c] } }
}
@inline(never) func swiftSiluForward(_ x: UnsafePointer<Float>, _ n: Int, _ s: UnsafeMutablePointer<Float>, _ out: UnsafeMutablePointer<Float>) {
    FastMath.sigmoid(x, s, count: n)  // SynthNN's own FastMath.swift, compiled in by the .sh
    for i in 0..<n { out[i] = x[i] * s[i] }
}
@inline(never) func swiftSiluBackward(_ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ s: UnsafePointer<Float>, _ n: Int, _ d: UnsafeMutablePointer<Float>) {
    for i in 0..<n { let si = s[i], gx = g[i] * x[i]; d[i] = g[i] * si + gx * si * (1 - si) }
}
@inline(never) func swiftAdamW(_ p: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ m: UnsafeMutablePointer<Float>, _ v: UnsafeMutablePointer<Float>, _ n: Int, _ k: AdamConstants) {
    let w = V(repeating: k.w), decay = V(repeating: k.decay), b2 = V(repeating: k.b2), oneMinusB2 = V(repeating: k.oneMinusB2)
    let negStep = V(repeating: k.negStep), bc2Sqrt = V(repeating: k.bc2Sqrt), eps = V(repeating: k.eps)
    @inline(__always) func update(_ pIn: V, _ gj: V, _ mOld: V, _ vOld: V) -> (p: V, m: V, v: V) {
        let pj = pIn * decay
        let mj = mOld + w * (gj - mOld)
        let vj = vOld * b2 + oneMinusB2 * gj * gj
        return (pj + negStep * mj / (squareRoot(vj) / bc2Sqrt + eps), mj, vj)
    }
    var j = 0
    while j + 8 <= n {
        let r = update(load(p, j), load(g, j), load(m, j), load(v, j))
        store(r.p, p, j); store(r.m, m, j); store(r.v, v, j)
        j += 8
    }
    if j < n {
        let c = n - j
        let r = update(loadPartial(p, j, c), loadPartial(g, j, c), loadPartial(m, j, c), loadPartial(v, j, c))
        storePartial(r.p, p, j, c); storePartial(r.m, m, j, c); storePartial(r.v, v, j, c)
    }
}

// MARK: One step's passes (SynthCity defaults on adult: embedding 128, body 3 x 256, output 40, batch 1024)
let batch = 1024
let identityLayers = [128, 128, 128, 40]   // projection, time1, time2, output: bias add forward, column sums backward
let reluLayers = [256, 256, 256]           // body: bias + ReLU forward, ReLU backward with bias sums
let siluWidths = [128, 128]                // the time branch and the label embedding
let parameterCounts = [40 * 128, 128, 128 * 128, 128, 128 * 128, 128, 2 * 128, 128 * 256, 256, 256 * 256, 256, 256 * 256,
                       256, 256 * 40, 40]
/// 64-byte aligned, as SynthNN's BufferPool allocates tensors.
func aligned(_ n: Int) -> UnsafeMutablePointer<Float> {
    UnsafeMutableRawPointer.allocate(byteCount: 4 * n, alignment: 64).bindMemory(to: Float.self, capacity: n)
}
func buffer(_ n: Int, _ seed: Int, scale: Float = 1) -> UnsafeMutablePointer<Float> {
    let p = aligned(n)
    var s = UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 | 1
    for i in 0..<n { s ^= s >> 12; s ^= s << 25; s ^= s >> 27; p[i] = scale * Float(Double((s &* 2_685_821_657_736_338_717) >> 40) * 0x1p-24 * 4 - 2) }
    return p
}
struct Side {
    let a = (0..<3).map { buffer(batch * 256, $0) }, out = (0..<3).map { buffer(batch * 256, 10 + $0) }
    let bias = buffer(256, 20, scale: 1e-3), sums = buffer(256, 21)
    let params = parameterCounts.enumerated().map { buffer($0.element, 30 + $0.offset) }
    let grads = parameterCounts.enumerated().map { buffer($0.element, 60 + $0.offset) }
    let m = parameterCounts.map { aligned($0) }, v = parameterCounts.map { aligned($0) }
    init() { for (i, n) in parameterCounts.enumerated() { m[i].update(repeating: 0, count: n); v[i].update(repeating: 0, count: n) } }
}
let constants = AdamConstants(negStep: -0.002 / 0.19, bc2Sqrt: 0.0447, w: 0.1, b2: 0.999, oneMinusB2: 0.001, eps: 1e-8, l2: 0,
                              decay: 1 - 0.002 * 1e-4)
enum Pass: String, CaseIterable { case biasActivation = "bias + activation", reluBackward = "ReLU backward + bias sums",
                                       columnSums = "column sums", siluForward = "SiLU forward", siluBackward = "SiLU backward",
                                       adamW = "AdamW" }
/// The layers' passes cycle through three buffers of each role. `warm`: on 256 rows, so that every buffer stays in
/// the 2 MB L2 cache (as a bias pass right after its sgemm), and timed x4; otherwise on the batch's 1024 rows (the
/// buffers, 6 MB, come from memory, as a ReLU backward reading activations written long before). The bias +
/// activation pass runs in place, as in `linear` (the bias is small, so the values do not drift over the rounds).
func run(_ pass: Pass, c: Bool, _ s: Side, warm: Bool) {
    func b(_ k: Int) -> Int { k % 3 }
    let batch = warm ? 256 : 1024
    switch pass {
    case .biasActivation:
        for (k, w) in identityLayers.enumerated() { if c { _ = cBiasActivation(build, s.a[b(k)], s.bias, Int64(batch), Int64(w), s.a[b(k)], 0) } else { swiftBiasAdd(s.a[b(k)], s.bias, batch, w, s.a[b(k)]) } }
        for (k, w) in reluLayers.enumerated() { if c { _ = cBiasActivation(build, s.a[b(k)], s.bias, Int64(batch), Int64(w), s.a[b(k)], 1) } else { swiftBiasReLU(s.a[b(k)], s.bias, batch, w, s.a[b(k)]) } }
    case .reluBackward:
        for (k, w) in reluLayers.enumerated() { if c { _ = cReluBackwardSums(build, s.a[b(k)], s.out[b(k)], Int64(batch), Int64(w), s.out[b(k + 1)], s.sums, 0) } else { swiftReluBackwardSums(s.a[b(k)], s.out[b(k)], batch, w, s.out[b(k + 1)], s.sums) } }
    case .columnSums:
        for (k, w) in identityLayers.enumerated() { if c { _ = cColumnSums(build, s.a[b(k)], Int64(batch), Int64(w), s.sums, 0) } else { swiftColumnSums(s.a[b(k)], batch, w, s.sums) } }
    case .siluForward:
        for w in siluWidths { if c { _ = cSiluForward(build, s.a[b(2)], Int64(batch * w), s.out[b(1)], s.out[b(2)]) } else { swiftSiluForward(s.a[b(2)], batch * w, s.out[b(1)], s.out[b(2)]) } }
    case .siluBackward:
        for w in siluWidths { if c { _ = cSiluBackward(build, s.a[b(0)], s.a[b(2)], s.out[b(1)], Int64(batch * w), s.out[b(0)]) } else { swiftSiluBackward(s.a[b(0)], s.a[b(2)], s.out[b(1)], batch * w, s.out[b(0)]) } }
    case .adamW:
        var k = constants
        for (i, n) in parameterCounts.enumerated() { if c { _ = cAdam(build, s.params[i], s.grads[i], s.m[i], s.v[i], Int64(n), &k, 1, 0, 1) } else { swiftAdamW(s.params[i], s.grads[i], s.m[i], s.v[i], n, k) } }
    }
}
func cpuSeconds() -> Double { var t = timespec(); clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t); return Double(t.tv_sec) + 1e-9 * Double(t.tv_nsec) }
func best(_ f: () -> Void) -> Double { var m = Double.infinity; for _ in 0..<15 { let t0 = cpuSeconds(); for _ in 0..<20 { f() }; m = min(m, (cpuSeconds() - t0) / 20) }; return m }

let pairs = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1])! : 4
let swiftSide = Side(), cSide = Side()
print("build \(build) (2: AVX-512, 1: AVX2, 0: portable); CPU: \((try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?.split(separator: "\n").first { $0.hasPrefix("model name") }?.split(separator: ":")[1].trimmingCharacters(in: .whitespaces) ?? "?"); load: \((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?")")
for pair in 1...pairs {
    for warm in [true, false] {
        var line = "pair \(pair), \(warm ? "in cache (256 rows, x4)" : "from memory"):", totals = (0.0, 0.0)
        for pass in Pass.allCases where warm || pass != .adamW {
            let scale = warm && pass != .adamW ? 4.0 : 1.0  // per 1024 rows
            let old = scale * best { run(pass, c: false, swiftSide, warm: warm) }
            let new = scale * best { run(pass, c: true, cSide, warm: warm) }
            totals.0 += old; totals.1 += new
            line += String(format: " %@ %.3f → %.3f ms (%.2fx);", pass.rawValue, old * 1e3, new * 1e3, old / new)
        }
        print(line + String(format: " all %.3f → %.3f ms (%.2fx)", totals.0 * 1e3, totals.1 * 1e3, totals.0 / totals.1))
    }
}
// Same bits: both sides ran the same passes the same number of times on the same starting data.
func same(_ a: UnsafeMutablePointer<Float>, _ b: UnsafeMutablePointer<Float>, _ n: Int) -> Bool { (0..<n).allSatisfy { a[$0].bitPattern == b[$0].bitPattern } }
let agree = (0..<3).allSatisfy { same(swiftSide.a[$0], cSide.a[$0], batch * 256) && same(swiftSide.out[$0], cSide.out[$0], batch * 256) }
    && same(swiftSide.sums, cSide.sums, 256) && parameterCounts.indices.allSatisfy { same(swiftSide.params[$0], cSide.params[$0], parameterCounts[$0]) && same(swiftSide.v[$0], cSide.v[$0], parameterCounts[$0]) }
print("same bits on both sides: \(agree)")
