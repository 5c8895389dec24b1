// TabDDPM's per-row passes at SynthCity's defaults on adult (6 categorical columns of 9, 7, 6, 5, 2, 2 classes, 9
// numerical; cosine schedule, T = 1000): the training step's multinomial loss (batch 1024, a timestep per row) and
// a reverse step's posterior and draws (a batch of 16,384 rows), as the Swift code of integ 60440c1 ran them (copies
// of MultinomialDiffusion.spanSoftmax / modelPosterior / drawCategories and DiffusionLoss.multinomialPart) and as the C kernels of Sources/CSynthKernels/diffusion_steps.c run
// them (the widest build this CPU runs; DDPM_BUILD=1 or 0: another), alternating, over process CPU time. Per pass:
// the best of 9 rounds of 10 calls, in ms per call; then a check that both sides wrote the same bits. Built and run
// by scripts/bench/c_kernel_passes.sh diffusion_steps [PAIRS], with SynthNN's FastMath.swift and Vectorized.swift and
// bench_support.swift (CPU seconds, the seeded stream) compiled in.
import Foundation

let build: Int32 = ProcessInfo.processInfo.environment["DDPM_BUILD"].flatMap { Int32($0) }
    ?? [2, 1, 0].first { synth_ddpm_supports($0) != 0 }!
let counts = [9, 7, 6, 5, 2, 2], nc = counts.count, nw = 9, T = 1000
let offsets: [Int] = counts.indices.map { counts[0..<$0].reduce(0, +) }
let w = counts.reduce(0, +), d = nw + w
let inverseK: [Float] = counts.flatMap { k in repeatElement(1 / Float(k), count: k) }
// The cosine schedule (Nichol and Dhariwal), β clipped at 0.999.
let alphasCumprod: [Double] = {
    func f(_ u: Double) -> Double { pow(cos((u + 0.008) / 1.008 * Double.pi / 2), 2) }
    var out: [Double] = [], running = 1.0
    for t in 0..<T { running *= 1 - min(1 - f(Double(t + 1) / Double(T)) / f(Double(t) / Double(T)), 0.999); out.append(running) }
    return out
}()
func xlogx(_ x: Double) -> Double { x > 0 ? x * log(x) : 0 }
let steps: [synth_ddpm_column_step] = (0..<T).flatMap { t -> [synth_ddpm_column_step] in
    let alpha = t == 0 ? alphasCumprod[0] : alphasCumprod[t] / alphasCumprod[t - 1]
    return counts.map { k in
        let K = Double(k)
        var s = synth_ddpm_column_step()
        s.same_hit = 1
        let qh = alpha + (1 - alpha) / K, qm = (1 - alpha) / K
        s.q_hit = Float(qh); s.q_miss = Float(qm); s.log_q_hit = Float(log(qh)); s.log_q_miss = Float(log(qm))
        if t > 0 {
            let cum = alphasCumprod[t - 1], ah = cum + (1 - cum) / K, am = (1 - cum) / K
            let same = ah * qh + (K - 1) * am * qm
            s.same_hit = Float(ah * qh / same); s.same_other = Float(am * qm / same)
            s.same_neg_entropy = Float(xlogx(ah * qh / same) + (K - 1) * xlogx(am * qm / same))
            let diff = ah * qm + am * qh + (K - 2) * am * qm
            s.diff_x0 = Float(ah * qm / diff); s.diff_xt = Float(am * qh / diff); s.diff_other = Float(am * qm / diff)
            s.diff_neg_entropy = Float(xlogx(ah * qm / diff) + xlogx(am * qh / diff) + (K - 2) * xlogx(am * qm / diff))
        }
        return s
    }
}
let priorA: [Float] = (0..<T).map { $0 > 0 ? Float(alphasCumprod[$0 - 1]) : 1 }
let priorB: [Float] = (0..<T).map { $0 > 0 ? Float(1 - alphasCumprod[$0 - 1]) : 0 }
let priorKL: Float = 0.01

/// The draws' uniforms in [0, 1) (both sides draw the same sequence).
extension SeededStream {
    mutating func nextFloat() -> Float { Float(uniform() * 0x1p24).rounded(.down) * 0x1p-24 }
}

// MARK: The Swift code of integ 60440c1

@inline(never) func swiftSpanSoftmax(_ logits: UnsafePointer<Float>, stride: Int, rows: Int, p: UnsafeMutablePointer<Float>,
                                     logP: UnsafeMutablePointer<Float>?, sums: UnsafeMutablePointer<Float>) {
    let n = rows * w
    offsets.withUnsafeBufferPointer { offsets in
        counts.withUnsafeBufferPointer { counts in
            for r in 0..<rows {
                let z = logits + r * stride, out = p + r * w
                for j in 0..<nc {
                    let o = offsets[j], end = o + counts[j]
                    var m = z[o]
                    for c in (o + 1)..<end where z[c] > m { m = z[c] }
                    for c in o..<end { out[c] = z[c] - m }
                }
            }
            logP?.update(from: p, count: n)
            FastMath.exp(p, p, count: n)
            for r in 0..<rows {
                let out = p + r * w
                for j in 0..<nc {
                    let o = offsets[j], end = o + counts[j]
                    var s: Float = 0
                    for c in o..<end { s += out[c] }
                    sums[r * nc + j] = s
                    for c in o..<end { out[c] /= s }
                }
            }
            guard let logP else { return }
            FastMath.log(sums, sums, count: rows * nc)
            for r in 0..<rows {
                let out = logP + r * w
                for j in 0..<nc {
                    let l = sums[r * nc + j]
                    for c in offsets[j]..<(offsets[j] + counts[j]) { out[c] -= l }
                }
            }
        }
    }
}

@inline(never) func swiftModelPosterior(p: UnsafePointer<Float>, timesteps: UnsafePointer<Int>, xt: UnsafePointer<Int32>, rows: Int,
                                        prior: UnsafeMutablePointer<Float>, weights: UnsafeMutablePointer<Float>,
                                        sums: UnsafeMutablePointer<Float>) {
    inverseK.withUnsafeBufferPointer { invK in
        steps.withUnsafeBufferPointer { steps in
            for r in 0..<rows {
                let t = timesteps[r], pr = p + r * w, P = prior + r * w, W = weights + r * w
                if t > 0 {
                    let a = Float(alphasCumprod[t - 1]), b = Float(1 - alphasCumprod[t - 1])
                    for c in 0..<w { P[c] = a * pr[c] + b * invK[c] }
                } else {
                    P.update(from: pr, count: w)
                }
                for j in 0..<nc {
                    let o = offsets[j], end = o + counts[j], s = steps[t * nc + j]
                    var sum: Float = 0
                    for c in o..<end { W[c] = P[c] * s.q_miss }
                    let hot = o + Int(xt[r * nc + j])
                    W[hot] = P[hot] * s.q_hit
                    for c in o..<end { sum += W[c] }
                    sums[r * nc + j] = sum
                }
            }
        }
    }
}

@inline(never) func swiftDraw(_ weights: UnsafePointer<Float>, sums: UnsafePointer<Float>, rows: Int,
                              codes: UnsafeMutablePointer<Int32>, rng: inout SeededStream) {
    for r in 0..<rows {
        let W = weights + r * w
        for j in 0..<nc {
            let o = offsets[j], k = counts[j]
            let target = rng.nextFloat() * sums[r * nc + j]
            var acc: Float = 0, pick = k - 1
            for c in 0..<(k - 1) {
                acc += W[o + c]
                if target < acc { pick = c; break }
            }
            while pick > 0 && W[o + pick] <= 0 { pick -= 1 }
            codes[r * nc + j] = Int32(pick)
        }
    }
}

@inline(never) func swiftLoss(out: UnsafePointer<Float>, grad: UnsafeMutablePointer<Float>, rows m: Int, x0: UnsafePointer<Int32>,
                              xt: UnsafePointer<Int32>, timesteps: [Int]) -> Double {
    let scale = Float(T) / (Float(nc) * Float(m))
    let n = m * w
    let buffers = UnsafeMutablePointer<Float>.allocate(capacity: 5 * n + 2 * m * nc + w)
    defer { buffers.deallocate() }
    let p = buffers, logP = buffers + n, prior = buffers + 2 * n, logPrior = buffers + 3 * n, weights = buffers + 4 * n
    let sums = buffers + 5 * n, softSums = sums + m * nc, gl = softSums + m * nc
    timesteps.withUnsafeBufferPointer { ts in
        swiftSpanSoftmax(out + nw, stride: d, rows: m, p: p, logP: logP, sums: softSums)
        swiftModelPosterior(p: p, timesteps: ts.baseAddress!, xt: xt, rows: m, prior: prior, weights: weights, sums: sums)
    }
    FastMath.log(prior, logPrior, count: n)
    FastMath.log(sums, softSums, count: m * nc)
    var total = 0.0
    steps.withUnsafeBufferPointer { steps in
        for r in 0..<m {
            let t = timesteps[r]
            let L = (t > 0 ? logPrior : logP) + r * w
            let pr = p + r * w, P = prior + r * w, W = weights + r * w, gz = grad + r * d + nw
            let a = t > 0 ? Float(alphasCumprod[t - 1]) : 1
            var rowLoss: Float = 0
            for j in 0..<nc {
                let o = offsets[j], end = o + counts[j], s = steps[t * nc + j]
                let hot0 = o + Int(x0[r * nc + j]), hotT = o + Int(xt[r * nc + j])
                let logS = softSums[r * nc + j], S = sums[r * nc + j]
                if t > 0 {
                    var qm: Float = 0
                    if hot0 == hotT {
                        for c in o..<end { gl[c] = -s.same_other }
                        gl[hot0] = -s.same_hit
                        rowLoss += s.same_neg_entropy
                    } else {
                        for c in o..<end { gl[c] = -s.diff_other }
                        gl[hot0] = -s.diff_x0; gl[hotT] = -s.diff_xt
                        rowLoss += s.diff_neg_entropy
                    }
                    for c in o..<end { qm += gl[c] * (L[c] + s.log_q_miss - logS) }
                    qm += gl[hotT] * (s.log_q_hit - s.log_q_miss)
                    rowLoss += qm
                } else {
                    for c in o..<end { gl[c] = 0 }
                    gl[hot0] = -1
                    rowLoss -= L[hot0] + (hot0 == hotT ? s.log_q_hit : s.log_q_miss) - logS
                }
                var sg: Float = 0
                for c in o..<end { sg += gl[c] }
                var sl: Float = 0
                for c in o..<end {
                    var g = gl[c] - W[c] / S * sg
                    if t > 0 { g *= a * pr[c] / P[c] }
                    gl[c] = g
                    sl += g
                }
                for c in o..<end { gz[c] = scale * (gl[c] - pr[c] * sl) }
            }
            total += Double((Float(T) * rowLoss + priorKL) / Float(nc))
        }
    }
    return total / Double(m)
}

// MARK: The C kernels, called as the Swift code now calls them

func withSpans<R>(_ body: (UnsafePointer<synth_ddpm_spans>) -> R) -> R {
    let o64 = offsets.map(Int64.init), k64 = counts.map(Int64.init)
    return o64.withUnsafeBufferPointer { o in
        k64.withUnsafeBufferPointer { k in
            inverseK.withUnsafeBufferPointer { invK in
                var spans = synth_ddpm_spans(columns: Int64(nc), width: Int64(w), offsets: o.baseAddress, counts: k.baseAddress,
                                             inverse_k: invK.baseAddress)
                return body(&spans)
            }
        }
    }
}

@inline(never) func cLoss(out: UnsafePointer<Float>, grad: UnsafeMutablePointer<Float>, rows m: Int, x0: UnsafePointer<Int32>,
                          xt: UnsafePointer<Int32>, timesteps: [Int]) -> Double {
    let scale = Float(T) / (Float(nc) * Float(m))
    var total = 0.0
    _ = withSpans { spans in
        timesteps.withUnsafeBufferPointer { ts in
            ts.baseAddress!.withMemoryRebound(to: Int64.self, capacity: m) { t64 in
                synth_ddpm_multinomial_loss(build, spans, out + nw, Int64(d), Int64(m), t64, priorA, priorB, steps, x0, xt,
                                            Float(T), priorKL, scale, grad + nw, &total)
            }
        }
    }
    return total / Double(m)
}

// MARK: The bench

func best(_ body: () -> Void) -> Double {
    var b = Double.infinity
    for _ in 0..<9 {
        let t0 = cpuSeconds()
        for _ in 0..<10 { body() }
        b = min(b, (cpuSeconds() - t0) / 10)
    }
    return b * 1e3
}

var seed = SeededStream(state: 7)
func normal() -> Float { Float(seed.normal()) }
// Training: batch 1024.
let mT = 1024
let outT = (0..<(mT * d)).map { _ in 2 * normal() }
let tsT = (0..<mT).map { _ in Int(seed.nextFloat() * Float(T)) % T }
let x0T = (0..<mT).flatMap { _ in counts.map { Int32(Int(seed.nextFloat() * Float($0)) % $0) } }
var xtT = (0..<mT).flatMap { _ in counts.map { Int32(Int(seed.nextFloat() * Float($0)) % $0) } }
for i in xtT.indices where i % 2 == 0 { xtT[i] = x0T[i] }
var gradS = [Float](repeating: 0, count: mT * d), gradC = gradS
// Sampling: a batch of 16,384 rows at timestep 500.
let mS = 16384, tS = 500
let outS = (0..<(mS * d)).map { _ in 2 * normal() }
let codesStart = (0..<mS).flatMap { _ in counts.map { Int32(Int(seed.nextFloat() * Float($0)) % $0) } }
var p = [Float](repeating: 0, count: mS * w), prior = p, weights = p
var sums = [Float](repeating: 0, count: mS * nc), softSums = sums, uniforms = sums
var codesS = codesStart, codesC = codesStart
let tsS = [Int](repeating: tS, count: mS)

func swiftSampling() {
    var rng = SeededStream(state: 99)
    codesS = codesStart
    swiftSpanSoftmax(outS.withUnsafeBufferPointer { $0.baseAddress! } + nw, stride: d, rows: mS, p: &p, logP: nil, sums: &softSums)
    swiftModelPosterior(p: p, timesteps: tsS, xt: codesS, rows: mS, prior: &prior, weights: &weights, sums: &sums)
    swiftDraw(weights, sums: sums, rows: mS, codes: &codesS, rng: &rng)
}
func cSampling() {
    var rng = SeededStream(state: 99)
    codesC = codesStart
    for u in 0..<(mS * nc) { uniforms[u] = rng.nextFloat() }
    _ = withSpans { spans in
        codesC.withUnsafeMutableBufferPointer { cp in
            steps.withUnsafeBufferPointer { st in
                synth_ddpm_posterior_draw(build, spans, outS.withUnsafeBufferPointer { $0.baseAddress! } + nw, Int64(d), Int64(mS),
                                          priorA[tS], priorB[tS], 1, st.baseAddress! + tS * nc, cp.baseAddress!, uniforms,
                                          cp.baseAddress!, nil, nil)
            }
        }
    }
}

var totalS = 0.0, totalC = 0.0
let pairs = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 4 : 4
print("build \(build); training loss at batch \(mT), sampling passes at \(mS) rows; ms per call (best of 9 x 10), Swift -> C")
for pair in 0..<pairs {
    let ls = best { totalS = swiftLoss(out: outT, grad: &gradS, rows: mT, x0: x0T, xt: xtT, timesteps: tsT) }
    let lc = best { totalC = cLoss(out: outT, grad: &gradC, rows: mT, x0: x0T, xt: xtT, timesteps: tsT) }
    let ss = best { swiftSampling() }
    let sc = best { cSampling() }
    print(String(format: "pair %d: loss %.3f -> %.3f ms (%.2fx); posterior + draws %.3f -> %.3f ms (%.2fx)",
                 pair + 1, ls, lc, ls / lc, ss, sc, ss / sc))
}
let sameLoss = totalS.bitPattern == totalC.bitPattern && gradS.map(\.bitPattern) == gradC.map(\.bitPattern)
print("same bits: loss and gradient \(sameLoss), codes \(codesS == codesC)")
