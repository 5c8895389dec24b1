import Foundation
import Testing
import SynthMath
import SynthNN
@testable import Synthesizers
import SynthTestSupport

/// TabDDPM's schedules, multinomial posterior, fused loss and quantile transform against independent oracles:
/// closed forms, brute-force enumeration with explicit transition matrices, the autodiff tape, and sklearn.
@Suite("TabDDPM math")
struct DiffusionMathTests {
    @Test("linear schedule: evenly spaced from 1e-4·1000/T to 0.02·1000/T")
    func linearSchedule() {
        for T in [100, 1000] {
            let s = DiffusionSchedule(.linear, steps: T)
            let start = 0.1 / Double(T), end = 20 / Double(T)
            #expect(isClose(s.betas[0], start, rel: 1e-12))
            #expect(s.betas[T - 1] == end)
            let step = (end - start) / Double(T - 1)
            for t in 1..<T { #expect(isClose(s.betas[t] - s.betas[t - 1], step, rel: 1e-6)) }
        }
    }

    @Test("cosine schedule: ᾱ_t telescopes to f((t+1)/T)/f(0) wherever β is not clipped at 0.999")
    func cosineSchedule() {
        func f(_ u: Double) -> Double { pow(cos((u + 0.008) / 1.008 * Double.pi / 2), 2) }
        for T in [100, 1000] {
            let s = DiffusionSchedule(.cosine, steps: T)
            #expect(s.betas.allSatisfy { $0 > 0 && $0 <= 0.999 })
            #expect(s.betas[T - 1] == 0.999)  // the last step is clipped
            for t in 0..<(T - 1) { #expect(isClose(s.alphasCumprod[t], f(Double(t + 1) / Double(T)) / f(0), rel: 1e-9)) }
        }
    }

    @Test("Gaussian posterior mean coefficients equal the precision-weighted Bayes update")
    func gaussianPosterior() {
        let s = DiffusionSchedule(.cosine, steps: 50)
        for t in [1, 7, 30, 48] {
            let beta = s.betas[t], alpha = 1 - beta, prev = s.alphasCumprod[t - 1]
            // x_{t-1} | x_0 ~ N(√ᾱ_{t-1} x_0, 1 − ᾱ_{t-1});  x_t | x_{t-1} ~ N(√α_t x_{t-1}, β_t).
            let precision = 1 / (1 - prev) + alpha / beta
            let x0 = 0.7, xt = -1.3
            let mean = (prev.squareRoot() * x0 / (1 - prev) + alpha.squareRoot() * xt / beta) / precision
            let port = Double(s.posteriorMeanCoef1[t]) * x0 + Double(s.posteriorMeanCoef2[t]) * xt
            #expect(isClose(port, mean, rel: 1e-5, abs: 1e-6))
        }
        #expect(s.modelVariance[5] == Float(s.betas[5]))
    }

    @Test("a respaced schedule keeps ᾱ at the visited timesteps")
    func respacing() {
        let s = DiffusionSchedule(.cosine, steps: 100)
        let visit = [0, 9, 30, 55, 99]
        let r = s.respaced(visit)
        for (i, t) in visit.enumerated() { #expect(isClose(r.alphasCumprod[i], s.alphasCumprod[t], rel: 1e-9)) }
    }

    /// `Q_t = α_t I + (1 − α_t)/K 11ᵀ` and the brute-force product `Q̄_t = Q_0 ⋯ Q_t`.
    static func transitions(_ s: DiffusionSchedule, K: Int) -> (step: [[[Double]]], cumulative: [[[Double]]]) {
        var steps: [[[Double]]] = [], cumulative: [[[Double]]] = []
        var running = (0..<K).map { i in (0..<K).map { $0 == i ? 1.0 : 0 } }
        for t in 0..<s.steps {
            let a = 1 - s.betas[t]
            let q = (0..<K).map { i in (0..<K).map { j in (i == j ? a : 0) + (1 - a) / Double(K) } }
            steps.append(q)
            running = (0..<K).map { i in (0..<K).map { j in (0..<K).reduce(0) { $0 + running[i][$1] * q[$1][j] } } }
            cumulative.append(running)
        }
        return (steps, cumulative)
    }

    @Test("multinomial posterior q(x_{t-1} | x_t, x_0) against enumeration with explicit transition matrices",
          arguments: [[2, 3], [4]])
    func multinomialPosterior(classCounts: [Int]) {
        let s = DiffusionSchedule(.cosine, steps: 12)
        let md = MultinomialDiffusion(classCounts: classCounts, schedule: s)
        var rng = RandomStream(seed: 3)
        for t in [0, 1, 5, 11] {
            // A soft x_0 (the model's prediction) and a one-hot x_t per column.
            var logX0 = [Float](repeating: 0, count: md.width), logXt = [Float](repeating: MultinomialDiffusion.logZero, count: md.width)
            var p0: [[Double]] = [], xt: [Int] = []
            for (j, K) in classCounts.enumerated() {
                let raw = (0..<K).map { _ in rng.uniform(0.1, 1) }
                let p = raw.map { $0 / raw.reduce(0, +) }
                p0.append(p)
                for k in 0..<K { logX0[md.offsets[j] + k] = Float(log(p[k])) }
                let hot = rng.nextInt(below: K)
                xt.append(hot)
                logXt[md.offsets[j] + hot] = 0
            }
            var out = [Float](repeating: 0, count: md.width), scratch = [Float](repeating: 0, count: md.width)
            md.posterior(logX0: logX0, logXt: logXt, t: t, into: &out, scratch: &scratch)
            for (j, K) in classCounts.enumerated() {
                let (step, cumulative) = Self.transitions(s, K: K)
                // prior over x_{t-1}: p0 Q̄_{t-1} (or p0 itself at t = 0), times likelihood Q_t[x_{t-1}, x_t].
                let prior = t == 0 ? p0[j] : (0..<K).map { k in (0..<K).reduce(0) { $0 + p0[j][$1] * cumulative[t - 1][$1][k] } }
                let unnormalised = (0..<K).map { k in prior[k] * step[t][k][xt[j]] }
                let z = unnormalised.reduce(0, +)
                for k in 0..<K {
                    let expected = unnormalised[k] / z
                    #expect(isClose(Double(exp(out[md.offsets[j] + k])), expected, abs: 2e-5), "t=\(t) column \(j) class \(k)")
                }
            }
        }
    }

    @Test("q(x_t | x_0) equals the row of Q̄_t; the prior KL matches the closed form")
    func forwardMarginal() {
        let s = DiffusionSchedule(.linear, steps: 30)
        let md = MultinomialDiffusion(classCounts: [3], schedule: s)
        let (_, cumulative) = Self.transitions(s, K: 3)
        var codes: [Int32] = [2]
        var logX0 = [Float](repeating: 0, count: 3), out = [Float](repeating: 0, count: 3)
        md.logOneHot(&codes, rows: 1, into: &logX0)
        for t in [0, 4, 29] {
            md.qPred(logX0, t: t, into: &out)
            for k in 0..<3 { #expect(isClose(Double(exp(out[k])), cumulative[t][2][k], abs: 1e-5)) }
        }
        var scratch = [Float](repeating: 0, count: 3)
        let kl = md.priorKL(logX0, scratch: &scratch)
        let expected = (0..<3).reduce(0.0) { $0 + cumulative[29][2][$1] * log(cumulative[29][2][$1] * 3) }
        #expect(isClose(Double(kl), expected, abs: 1e-5))
    }

    /// The mixed loss written with recorded SynthNN operations (log-softmax, log-add-exp, span
    /// normalisation), its constants computed here in Double.
    static func tapeLoss(_ out: Tensor, numericalWidth nw: Int, md: MultinomialDiffusion, noise: [Float], logX0: [Float],
                        logXt: [Float], timesteps: [Int]) -> Tensor {
        let m = out.rows, d = out.cols, w = md.width, T = md.schedule.steps, s = md.schedule
        let gauss = (out.columns(0..<nw) - Tensor(noise, shape: .matrix(m, nw))).square().mean()
        let spans = md.spans
        let lp = logSoftmax(out.columns(nw..<d), spans: spans)
        var a = [Float](), bias = [Float](), mask = [Float](), oneStep = [Float](), trueLog = [Float](), prior = [Float]()
        var scratch = [Float](repeating: 0, count: w), post = [Float](repeating: 0, count: w)
        for r in 0..<m {
            let t = timesteps[r], tm1 = max(t - 1, 0)
            a.append(s.logCumprodAlpha[tm1])
            mask.append(t > 0 ? 1 : 0)
            for K in md.classCounts {
                for _ in 0..<K { bias.append(s.logOneMinusCumprodAlpha[tm1] - Float(log(Double(K)))) }
            }
            for c in 0..<w {
                let alpha = Double(s.logAlpha[t]), la = Double(logXt[r * w + c]) + alpha
                let K = Double(md.classCounts[md.offsets.lastIndex { $0 <= c }!])
                let lb = log(1 - exp(alpha)) - log(K)
                oneStep.append(Float(max(la, lb) + log(exp(la - max(la, lb)) + exp(lb - max(la, lb)))))
            }
            logX0.withUnsafeBufferPointer { x0 in
                logXt.withUnsafeBufferPointer { xt in
                    md.posterior(logX0: x0.baseAddress! + r * w, logXt: xt.baseAddress! + r * w, t: t, into: &post,
                                 scratch: &scratch)
                }
            }
            trueLog.append(contentsOf: post)
            prior.append(logX0.withUnsafeBufferPointer { md.priorKL($0.baseAddress! + r * w, scratch: &scratch) })
        }
        let maskT = Tensor(mask, shape: .matrix(m, 1))
        let ev = maskT * Tensor.logAddExp(lp + Tensor(a, shape: .matrix(m, 1)), Tensor(bias, shape: .matrix(m, w)))
            + (1 - maskT) * lp
        let model = logSoftmax(ev + Tensor(oneStep, shape: .matrix(m, w)), spans: spans)
        let lq = Tensor(trueLog, shape: .matrix(m, w))
        let kl = (lq.exp() * (lq - model)).sum(axis: 1, keepDims: true)
        let nll = (Tensor(logX0, shape: .matrix(m, w)).exp() * model).sum(axis: 1, keepDims: true) * -1
        let rows = (maskT * kl + (1 - maskT) * nll) * Float(T) + Tensor(prior, shape: .matrix(m, 1))
        return gauss + rows.mean() * (1 / Float(md.classCounts.count))
    }

    @Test("the fused mixed loss and its gradient equal the tape's composition")
    func lossAgainstTape() {
        let s = DiffusionSchedule(.cosine, steps: 20)
        let md = MultinomialDiffusion(classCounts: [3, 2, 4], schedule: s)
        let nw = 2, m = 6, w = md.width, d = nw + w
        var rng = RandomStream(seed: 11)
        let out = Tensor.uniform(.matrix(m, d), low: -2, high: 2, rng: &rng)
        let noise = (0..<(m * nw)).map { _ in Float(rng.nextNormal()) }
        let timesteps = [0, 1, 5, 19, 0, 12]
        var codes = (0..<m).flatMap { _ in md.classCounts.map { Int32(rng.nextInt(below: $0)) } }
        var xtCodes = (0..<m).flatMap { _ in md.classCounts.map { Int32(rng.nextInt(below: $0)) } }
        var logX0 = [Float](repeating: 0, count: m * w), logXt = [Float](repeating: 0, count: m * w)
        md.logOneHot(&codes, rows: m, into: &logX0)
        md.logOneHot(&xtCodes, rows: m, into: &logXt)

        out.requiresGrad = true
        let fused = DiffusionLoss(numericalWidth: nw, multinomial: md)(output: out, noise: noise, logX0: logX0, logXt: logXt,
                                                                       timesteps: timesteps)
        fused.loss.backward()
        let fusedGrad = out.grad!.toArray()
        out.zeroGrad()
        let tape = Self.tapeLoss(out, numericalWidth: nw, md: md, noise: noise, logX0: logX0, logXt: logXt,
                                 timesteps: timesteps)
        tape.backward()
        let tapeGrad = out.grad!.toArray()
        #expect(isClose(Double(fused.loss.item), Double(tape.item), rel: 1e-4))
        #expect(fused.gaussian > 0 && fused.multinomial > 0)
        for i in fusedGrad.indices {
            #expect(isClose(Double(fusedGrad[i]), Double(tapeGrad[i]), rel: 1e-3, abs: 1e-5), "element \(i)")
        }
        // Negative control: the gradient is not trivially zero in the categorical columns.
        #expect(fusedGrad.enumerated().contains { $0.offset % d >= nw && abs($0.element) > 1e-3 })
    }

    @Test("quantile transform matches sklearn (scripts/reference/ddpm_quantile_transformer.py)")
    func quantileAgainstSklearn() throws {
        let x: [Double] = Array(repeating: 17, count: 5) + [18, 19, 20, 21, 22, 23, 25, 26, 28, 30, 31, 33, 34, 36, 37,
            39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66,
            67, 68, 69, 70, 72, 74, 76, 78, 80, 82, 85, 88] + Array(repeating: 90, count: 3)
        var s = RandomStream(seed: 0)
        let q = try QuantileNormalTransformer(fitting: x, bounds: .sklearn, stream: &s)
        let quantiles = [17.0, 19.777777777778, 29.111111111111, 39.333333333333, 47.111111111111, 53.888888888889,
                         60.666666666667, 67.444444444444, 78.444444444444, 90.0]
        for (a, b) in zip(q.quantiles, quantiles) { #expect(isClose(a, b, abs: 1e-9)) }
        let z = q.transform([17, 18, 30, 44.5, 63, 89, 90])
        let sklearnZ = [-5.199337582605575, -1.7506860712521704, -0.7326562468998598, -0.23490081848237185,
                        0.5385984831585305, 2.3410271376304492, 5.19933758270342]
        for (a, b) in zip(z, sklearnZ) { #expect(isClose(a, b, rel: 1e-7, abs: 1e-7)) }
        let back = [-6, -5.3, -2, -0.5, 0, 0.7, 2.5, 5.3].map(q.inverse)
        let sklearnX = [17.0, 17.0, 17.56875329870448, 37.05212022945746, 50.5, 66.24021721439253, 89.35419480611928, 90.0]
        for (a, b) in zip(back, sklearnX) { #expect(isClose(a, b, rel: 1e-7)) }
    }

    @Test("midrank bounds: a tied minimum maps to Φ⁻¹(half its share), sklearn's to the clip value")
    func quantileMidrank() throws {
        // 40 % of the values at the minimum 0: quantiles 0..4 of 11 tie at 0.
        let x = Array(repeating: 0.0, count: 400) + (1...600).map(Double.init)
        var s = RandomStream(seed: 0)
        let mid = try QuantileNormalTransformer(fitting: x, quantileCount: 11, bounds: .midrank, stream: &s)
        let sk = try QuantileNormalTransformer(fitting: x, quantileCount: 11, bounds: .sklearn, stream: &s)
        #expect(mid.quantiles[0...3].allSatisfy { $0 == 0 } && mid.quantiles[4] > 0)
        // The tied run covers references 0...0.3: mid-rank 0.15.
        #expect(isClose(mid.transform([0])[0], Special.normalQuantile(0.15), rel: 1e-12))
        #expect(isClose(sk.transform([0])[0], -QuantileNormalTransformer.clip, rel: 1e-12))
        // Away from the bounds the two agree, and both invert to the minimum below the run.
        #expect(mid.transform([300]) == sk.transform([300]))
        #expect(mid.inverse(Special.normalQuantile(0.15)) == 0)
    }
}
