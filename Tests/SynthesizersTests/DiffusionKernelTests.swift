import Foundation
import SynthMath
import SynthNN
import Testing
@testable import Synthesizers

/// TabDDPM's per-row passes in C (`CSynthKernels/diffusion_steps.c`) against the Swift loops they replaced, kept here
/// as the oracle: every build this CPU runs (AVX-512, AVX2, portable), bit for bit, on row counts with and without a
/// partial block of lanes (1 to 33 rows and more), spans of 1 to 42 classes, timesteps 0 and above mixed within a
/// block, and logits with the values the passes must carry as the Swift loops did (±0, ±1e30, −∞, NaN, far
/// negative). Each test has a negative control: an oracle that differs only in what the bits should see (the
/// summation order, a fused multiply-add) gives other bits on the same inputs.
@Suite("TabDDPM kernels in C")
struct DiffusionKernelTests {
    static let classCountSets: [[Int]] = [[2], [1, 3], [4, 2, 7], [42, 2, 5, 16, 3, 9, 15, 6, 2], [17]]
    static let rowCounts = [1, 3, 4, 5, 8, 15, 16, 17, 33, 100]

    /// The bit patterns, every NaN as one pattern (which NaN an operation on two NaNs returns depends on operand
    /// order, in Swift as in C).
    static func bits(_ a: [Float]) -> [UInt32] { a.map { $0.isNaN ? Float.nan.bitPattern : $0.bitPattern } }

    /// Logits of standard deviation 3 with, every few positions, a special value.
    static func logits(_ n: Int, rng: inout RandomStream) -> [Float] {
        let specials: [Float] = [0, -0.0, 1e30, -1e30, -.infinity, -200, 80, .nan]
        return (0..<n).map { i in i % 13 == 6 ? specials[(i / 13) % specials.count] : Float(3 * rng.nextNormal()) }
    }

    // MARK: The Swift loops the kernels replaced (MultinomialDiffusion and DiffusionLoss before them)

    /// spanSoftmax: probabilities into `p`, log probabilities into `logP` when given, span sums into `sums`.
    static func swiftSpanSoftmax(_ md: MultinomialDiffusion, _ z: [Float], stride: Int, rows: Int, p: inout [Float],
                                 logP: inout [Float]?, sums: inout [Float], reversedSum: Bool = false) {
        let nc = md.classCounts.count, w = md.width, n = rows * w
        for r in 0..<rows {
            for j in 0..<nc {
                let o = md.offsets[j], end = o + md.classCounts[j]
                var m = z[r * stride + o]
                for c in (o + 1)..<end where z[r * stride + c] > m { m = z[r * stride + c] }
                for c in o..<end { p[r * w + c] = z[r * stride + c] - m }
            }
        }
        if logP != nil { logP = Array(p[0..<n]) }
        for i in 0..<n { p[i] = FastMath.exp(p[i]) }
        for r in 0..<rows {
            for j in 0..<nc {
                let o = md.offsets[j], end = o + md.classCounts[j]
                var s: Float = 0
                for c in (reversedSum ? Array((o..<end).reversed()) : Array(o..<end)) { s += p[r * w + c] }
                sums[r * nc + j] = s
                for c in o..<end { p[r * w + c] /= s }
            }
        }
        guard logP != nil else { return }
        for r in 0..<rows {
            for j in 0..<nc {
                let l = FastMath.log(sums[r * nc + j])
                for c in md.spans[j] { logP![r * w + c] -= l }
            }
        }
    }

    /// modelPosterior: the prior factor `P`, the weights `P Q` and their span sums.
    static func swiftModelPosterior(_ md: MultinomialDiffusion, p: [Float], timesteps: [Int], xt: [Int32], rows: Int,
                                    prior: inout [Float], weights: inout [Float], sums: inout [Float]) {
        let nc = md.classCounts.count, w = md.width
        for r in 0..<rows {
            let t = timesteps[r]
            if t > 0 {
                let a = Float(md.schedule.alphasCumprod[t - 1]), b = Float(1 - md.schedule.alphasCumprod[t - 1])
                for c in 0..<w { prior[r * w + c] = a * p[r * w + c] + b * md.inverseK[c] }
            } else {
                for c in 0..<w { prior[r * w + c] = p[r * w + c] }
            }
            for j in 0..<nc {
                let o = md.offsets[j], end = o + md.classCounts[j], s = md.steps[t * nc + j]
                var sum: Float = 0
                for c in o..<end { weights[r * w + c] = prior[r * w + c] * s.q_miss }
                let hot = o + Int(xt[r * nc + j])
                weights[r * w + hot] = prior[r * w + hot] * s.q_hit
                for c in o..<end { sum += weights[r * w + c] }
                sums[r * nc + j] = sum
            }
        }
    }

    /// drawCategories with the uniforms given (one per span, row-major).
    static func swiftDraw(_ md: MultinomialDiffusion, weights: [Float], sums: [Float], uniforms: [Float], rows: Int)
        -> [Int32] {
        let nc = md.classCounts.count, w = md.width
        var codes = [Int32](repeating: 0, count: rows * nc)
        for r in 0..<rows {
            for j in 0..<nc {
                let o = r * w + md.offsets[j], k = md.classCounts[j]
                let target = uniforms[r * nc + j] * sums[r * nc + j]
                var acc: Float = 0, pick = k - 1
                for c in 0..<(k - 1) {
                    acc += weights[o + c]
                    if target < acc { pick = c; break }
                }
                while pick > 0 && weights[o + pick] <= 0 { pick -= 1 }
                codes[r * nc + j] = Int32(pick)
            }
        }
        return codes
    }

    /// DiffusionLoss.multinomialPart: the gradient (rows x width) and Σ_rows Double((T L + KL) / columns).
    static func swiftLoss(_ md: MultinomialDiffusion, z: [Float], rows m: Int, timesteps: [Int], x0: [Int32],
                          xt: [Int32], scale: Float, fusedBound: Bool = false) -> (grad: [Float], total: Double) {
        let w = md.width, nc = md.classCounts.count, T = md.schedule.steps, n = m * w
        var p = [Float](repeating: 0, count: n), logPOpt: [Float]? = [], softSums = [Float](repeating: 0, count: m * nc)
        swiftSpanSoftmax(md, z, stride: w, rows: m, p: &p, logP: &logPOpt, sums: &softSums)
        let logP = logPOpt!
        var prior = [Float](repeating: 0, count: n), weights = prior, sums = softSums
        swiftModelPosterior(md, p: p, timesteps: timesteps, xt: xt, rows: m, prior: &prior, weights: &weights, sums: &sums)
        let logPrior = prior.map { FastMath.log($0) }, logSums = sums.map { FastMath.log($0) }
        var grad = [Float](repeating: 0, count: n), gl = [Float](repeating: 0, count: w)
        var total = 0.0
        for r in 0..<m {
            let t = timesteps[r]
            let L = t > 0 ? logPrior : logP
            let a = t > 0 ? Float(md.schedule.alphasCumprod[t - 1]) : 1
            var rowLoss: Float = 0
            for j in 0..<nc {
                let o = md.offsets[j], end = o + md.classCounts[j], s = md.steps[t * nc + j]
                let hot0 = o + Int(x0[r * nc + j]), hotT = o + Int(xt[r * nc + j])
                let logS = logSums[r * nc + j], S = sums[r * nc + j]
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
                    for c in o..<end {
                        let term = L[r * w + c] + s.log_q_miss - logS
                        qm = fusedBound ? qm.addingProduct(gl[c], term) : qm + gl[c] * term
                    }
                    qm += gl[hotT] * (s.log_q_hit - s.log_q_miss)
                    rowLoss += qm
                } else {
                    for c in o..<end { gl[c] = 0 }
                    gl[hot0] = -1
                    rowLoss -= L[r * w + hot0] + (hot0 == hotT ? s.log_q_hit : s.log_q_miss) - logS
                }
                var sg: Float = 0
                for c in o..<end { sg += gl[c] }
                var sl: Float = 0
                for c in o..<end {
                    var g = gl[c] - weights[r * w + c] / S * sg
                    if t > 0 { g *= a * p[r * w + c] / prior[r * w + c] }
                    gl[c] = g
                    sl += g
                }
                for c in o..<end { grad[r * w + c] = scale * (gl[c] - p[r * w + c] * sl) }
            }
            total += Double((Float(T) * rowLoss + md.priorKL) / Float(nc))
        }
        return (grad, total)
    }

    // MARK: Tests

    @Test("the reverse step's posterior and draws equal the Swift loops bit for bit in every build")
    func posteriorAndDraws() {
        var rng = RandomStream(seed: 21)
        let schedule = DiffusionSchedule(.cosine, steps: 40)
        var differed = false
        for counts in Self.classCountSets {
            let md = MultinomialDiffusion(classCounts: counts, schedule: schedule)
            let w = md.width, nc = counts.count
            for rows in Self.rowCounts {
                let stride = w + 3  // logits inside wider rows, as in the denoiser's output
                let z = Self.logits(rows * stride, rng: &rng)
                let xt = (0..<rows).flatMap { _ in counts.map { Int32(rng.nextInt(below: $0)) } }
                let uniforms = (0..<(rows * nc)).map { _ in rng.nextFloat() }
                for t in [0, 1, 17, 39] {
                    // The oracle on the logits packed to `width` per row.
                    let packed = (0..<rows).flatMap { r in z[(r * stride)..<(r * stride + w)] }
                    var p = [Float](repeating: 0, count: rows * w), noLog: [Float]? = nil
                    var soft = [Float](repeating: 0, count: rows * nc)
                    Self.swiftSpanSoftmax(md, packed, stride: w, rows: rows, p: &p, logP: &noLog, sums: &soft)
                    var prior = p, weights = p, sums = soft
                    Self.swiftModelPosterior(md, p: p, timesteps: Array(repeating: t, count: rows), xt: xt, rows: rows,
                                             prior: &prior, weights: &weights, sums: &sums)
                    let codes = Self.swiftDraw(md, weights: weights, sums: sums, uniforms: uniforms, rows: rows)
                    for build in MultinomialDiffusion.supportedBuilds {
                        var gotWeights = [Float](repeating: 0, count: rows * w), gotSums = soft, gotCodes = xt
                        gotCodes.withUnsafeMutableBufferPointer { cp in
                            md.drawPosterior(logits: z, stride: stride, rows: rows, t: t, xt: UnsafePointer(cp.baseAddress!),
                                             uniforms: uniforms, codes: cp.baseAddress!, weights: &gotWeights, sums: &gotSums,
                                             build: build)
                        }
                        let label = "classes \(counts), \(rows) rows, t \(t), build \(build)"
                        #expect(Self.bits(gotWeights) == Self.bits(weights), "weights: \(label)")
                        #expect(Self.bits(gotSums) == Self.bits(sums), "sums: \(label)")
                        #expect(gotCodes == codes, "codes: \(label)")
                    }
                    // Negative control: the softmax's sums in reverse class order change some bits.
                    var q = p, logQ: [Float]? = nil, reversed = soft
                    Self.swiftSpanSoftmax(md, packed, stride: w, rows: rows, p: &q, logP: &logQ, sums: &reversed,
                                          reversedSum: true)
                    if Self.bits(reversed) != Self.bits(soft) { differed = true }
                }
            }
        }
        #expect(differed)
    }

    @Test("the draws follow the posterior's weights")
    func drawsFollowWeights() {
        let md = MultinomialDiffusion(classCounts: [4, 3], schedule: DiffusionSchedule(.cosine, steps: 10))
        let rows = 40_000, stride = md.width
        let pattern: [Float] = [0.5, -1, 1.5, 2, 0, 0.3, -0.7]
        let z = Array((0..<rows).map { _ in pattern }.joined())
        let xt = Array((0..<rows).map { _ in [Int32(2), 1] }.joined())
        var rng = RandomStream(seed: 2)
        let uniforms = (0..<(rows * 2)).map { _ in rng.nextFloat() }
        var codes = [Int32](repeating: 0, count: rows * 2)
        var weights = [Float](repeating: 0, count: rows * stride), sums = [Float](repeating: 0, count: rows * 2)
        md.drawPosterior(logits: z, stride: stride, rows: rows, t: 6, xt: xt, uniforms: uniforms, codes: &codes,
                         weights: &weights, sums: &sums)
        for j in 0..<2 {
            for k in 0..<md.classCounts[j] {
                let expected = Double(weights[md.offsets[j] + k] / sums[j])
                let share = Double((0..<rows).filter { codes[$0 * 2 + j] == k }.count) / Double(rows)
                // Binomial standard error at most 0.0025: 0.01 is four of them.
                #expect(abs(share - expected) < 0.01, "column \(j) class \(k): \(share) against \(expected)")
            }
        }
        // At t = 0 the posterior is x̂_0's: a class whose logit is −∞ has weight 0 and is never drawn.
        let zeroed = Array((0..<rows).map { _ in [0.5, -.infinity, 1.5, 2, 0, 0.3, -0.7] as [Float] }.joined())
        md.drawPosterior(logits: zeroed, stride: stride, rows: rows, t: 0, xt: xt, uniforms: uniforms, codes: &codes,
                         weights: &weights, sums: &sums)
        #expect(weights[1] == 0 && !(0..<rows).contains { codes[$0 * 2] == 1 })
        #expect((0..<rows).contains { codes[$0 * 2] == 0 })  // negative control: its neighbour is drawn
    }

    @Test("the multinomial loss and its gradient equal the Swift loops bit for bit in every build")
    func lossAndGradient() {
        var rng = RandomStream(seed: 23)
        let schedule = DiffusionSchedule(.cosine, steps: 30)
        var differed = false
        for counts in Self.classCountSets {
            let md = MultinomialDiffusion(classCounts: counts, schedule: schedule)
            let w = md.width, nc = counts.count
            for rows in Self.rowCounts {
                // Finite logits (a NaN would hide the other rows in the total), some far below the rest: x̂_0's
                // probabilities and the prior factor of t = 0 then underflow to subnormals and 0, their logs to −∞.
                let far: [Float] = [-30, -95, -200]
                let z: [Float] = (0..<(rows * w)).map { (i: Int) -> Float in
                    i % 17 == 3 ? far[(i / 17) % 3] : Float(2.5 * rng.nextNormal())
                }
                let timesteps = (0..<rows).map { r in r % 5 == 0 ? 0 : rng.nextInt(below: 30) }
                let x0 = (0..<rows).flatMap { _ in counts.map { Int32(rng.nextInt(below: $0)) } }
                var xt = (0..<rows).flatMap { _ in counts.map { Int32(rng.nextInt(below: $0)) } }
                for i in xt.indices where i % 3 == 0 { xt[i] = x0[i] }  // x_t = x_0 and x_t ≠ x_0 both
                let scale = Float(30) / (Float(nc) * Float(rows))
                let expected = Self.swiftLoss(md, z: z, rows: rows, timesteps: timesteps, x0: x0, xt: xt, scale: scale)
                for build in MultinomialDiffusion.supportedBuilds {
                    var grad = [Float](repeating: .nan, count: rows * w)
                    let total = timesteps.withUnsafeBufferPointer { ts in
                        md.lossAndGradient(logits: z, stride: w, rows: rows, timesteps: ts.baseAddress!, x0: x0, xt: xt,
                                           scale: scale, gradient: &grad, build: build)
                    }
                    let label = "classes \(counts), \(rows) rows, build \(build)"
                    #expect(Self.bits(grad) == Self.bits(expected.grad), "gradient: \(label)")
                    #expect(total.bitPattern == expected.total.bitPattern, "total: \(label) \(total) \(expected.total)")
                }
                // Negative control: the bound's sum with fused multiply-adds gives another total.
                let fused = Self.swiftLoss(md, z: z, rows: rows, timesteps: timesteps, x0: x0, xt: xt, scale: scale,
                                           fusedBound: true)
                if fused.total.bitPattern != expected.total.bitPattern { differed = true }
            }
        }
        #expect(differed)
    }
}
