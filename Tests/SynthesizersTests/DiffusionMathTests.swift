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
    @Test("the tabulated timestep sinusoids give the denoiser's time branch bit for bit as computed per row")
    func tabulatedSinusoidsMatchPerRowEmbedding() {
        var rng = RandomStream(seed: 4)
        let denoiser = Denoiser(inputWidth: 5, embeddingWidth: 8, hidden: [6], classes: 0, rng: &rng)
        // Out of order, repeated, and growing past the table's first size (its rebuild).
        for t in [[3, 0, 3, 7], [12, 1], [999, 5, 12]] {
            let direct = denoiser.time2(silu(denoiser.time1(timestepEmbedding(t.map(Float.init), dimension: 8))))
            #expect(denoiser.timeEmbedding(t).toArray() == direct.toArray())
        }
        // Negative control: another timestep's row differs.
        #expect(denoiser.timeEmbedding([4]).toArray() != denoiser.timeEmbedding([5]).toArray())
    }

    @Test("the reverse chain's one-pass bias and time-embedding add gives the recorded path's bytes")
    func samplingProjectionMatchesRecordedPath() {
        var rng = RandomStream(seed: 6)
        let denoiser = Denoiser(inputWidth: 9, embeddingWidth: 16, hidden: [12, 12], classes: 3, rng: &rng)
        let x = Tensor.normal(.matrix(50, 9), std: 3, rng: &rng)
        let labels = (0..<50).map { $0 % 3 }
        for t in [0, 17, 999] {
            let chain = noGrad { denoiser(x, timesteps: [t], labels: labels, rng: &rng) }
            let recorded = denoiser(x, timesteps: [t], labels: labels, rng: &rng)  // parameters need gradients
            #expect(recorded.requiresGrad && !chain.requiresGrad)
            #expect(chain.toArray().map(\.bitPattern) == recorded.toArray().map(\.bitPattern), "t = \(t)")
        }
        // Negative control: the embedding does reach the output (another timestep, other values).
        let a = noGrad { denoiser(x, timesteps: [3], labels: labels, rng: &rng) }
        let b = noGrad { denoiser(x, timesteps: [4], labels: labels, rng: &rng) }
        #expect(a.toArray() != b.toArray())
    }

    /// Kernels on which a row's sgemm result does not depend on the rows beside it (checked: Cooperlake,
    /// SkylakeX). On Haswell and Prescott the low bits move with the block (measured with
    /// `OPENBLAS_CORETYPE`), so there the blocked pass is checked against the whole batch to fp32 rounding.
    static let rowIndependentKernels: Set<String> = ["Cooperlake", "SkylakeX"]

    @Test("the reverse chain's forward pass in row blocks gives the whole batch's bytes (to rounding on other kernels)")
    func chainRowBlocksMatchWholeBatch() {
        var rng = RandomStream(seed: 7)
        let denoiser = Denoiser(inputWidth: 40, embeddingWidth: 128, hidden: [256, 256], classes: 3, rng: &rng)
        denoiser.eval()
        // Blocks of 256 rows: 868 rows = 256 + 256 + 356 (the remainder joins the last block); 512 = two
        // whole blocks; 511 rows are one block.
        for m in [868, 512, 511] {
            let x = Tensor.normal(.matrix(m, 40), std: 2, rng: &rng)
            let labels = (0..<m).map { ($0 * 7) % 3 }
            denoiser.chainRowBlock = .max
            let whole = noGrad { denoiser(x, timesteps: [431], labels: labels, rng: &rng) }
            denoiser.chainRowBlock = 256
            let blocked = noGrad { denoiser(x, timesteps: [431], labels: labels, rng: &rng) }
            #expect(blocked.shape == whole.shape)
            if Self.rowIndependentKernels.contains(BLAS.coreName) {
                #expect(blocked.toArray().map(\.bitPattern) == whole.toArray().map(\.bitPattern), "\(m) rows")
            } else {
                let worst = zip(blocked.toArray(), whole.toArray()).map { abs($0 - $1) / max(abs($1), 1) }.max() ?? 0
                #expect(worst <= 1e-5, "\(m) rows: \(worst) with \(BLAS.coreName)")
            }
            // Negative control: the rows differ, so a block written one row off would not pass.
            let w = whole.toArray()
            #expect(Array(w[40..<(m * 40)]) != Array(w[0..<((m - 1) * 40)]))
        }
    }

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

    @Test("multinomial posterior q(x_{t-1} | x_t, x̂_0) against enumeration with explicit transition matrices",
          arguments: [[2, 3], [4]])
    func multinomialPosterior(classCounts: [Int]) {
        let s = DiffusionSchedule(.cosine, steps: 12)
        let md = MultinomialDiffusion(classCounts: classCounts, schedule: s)
        var rng = RandomStream(seed: 3)
        for t in [0, 1, 5, 11] {
            // A soft x_0 (the model's prediction) and a one-hot x_t per column.
            var probabilities = [Float](repeating: 0, count: md.width), xt: [Int32] = []
            var p0: [[Double]] = []
            for (j, K) in classCounts.enumerated() {
                let raw = (0..<K).map { _ in rng.uniform(0.1, 1) }
                let p = raw.map { $0 / raw.reduce(0, +) }
                p0.append(p)
                for k in 0..<K { probabilities[md.offsets[j] + k] = Float(p[k]) }
                xt.append(Int32(rng.nextInt(below: K)))
            }
            // As logits: the softmax of log p is p to Float rounding.
            let out = md.posterior(logits: probabilities.map { Foundation.log($0) }, xt: xt, t: t)
            for (j, K) in classCounts.enumerated() {
                let expected = Self.posterior(s, K: K, prior: p0[j], xt: Int(xt[j]), t: t)
                for k in 0..<K {
                    #expect(isClose(Double(out[md.offsets[j] + k]), expected[k], abs: 2e-6), "t=\(t) column \(j) class \(k)")
                }
            }
        }
    }

    /// `q(x_{t−1} | x_t, x_0 ~ prior)` by enumeration: `prior Q̄_{t−1}` (the prior itself at t = 0) times the
    /// likelihood `Q_t[x_{t−1}, x_t]`, normalised.
    static func posterior(_ s: DiffusionSchedule, K: Int, prior: [Double], xt: Int, t: Int) -> [Double] {
        let (step, cumulative) = transitions(s, K: K)
        let before = t == 0 ? prior : (0..<K).map { k in (0..<K).reduce(0) { $0 + prior[$1] * cumulative[t - 1][$1][k] } }
        let unnormalised = (0..<K).map { k in before[k] * step[t][k][xt] }
        let z = unnormalised.reduce(0, +)
        return unnormalised.map { $0 / z }
    }

    static func negEntropy(_ q: [Double]) -> Double {
        var sum = 0.0
        for v in q where v > 0 { sum += v * log(v) }
        return sum
    }

    @Test("the tabulated true posterior of one-hot x_0, x_t and its entropy equal enumeration")
    func truePosteriorTables() {
        let s = DiffusionSchedule(.linear, steps: 30)
        let md = MultinomialDiffusion(classCounts: [1, 2, 5], schedule: s)
        for t in [1, 2, 17, 29] {
            for (j, K) in md.classCounts.enumerated() {
                let entry = md.steps[t * md.classCounts.count + j]
                let hot = (0..<K).map { $0 == 0 ? 1.0 : 0 }
                let same = Self.posterior(s, K: K, prior: hot, xt: 0, t: t)
                #expect(isClose(Double(entry.same_hit), same[0], abs: 1e-6))
                if K > 1 { #expect(isClose(Double(entry.same_other), same[1], abs: 1e-6)) }
                #expect(isClose(Double(entry.same_neg_entropy), Self.negEntropy(same), abs: 1e-6))
                guard K >= 2 else { continue }
                let diff = Self.posterior(s, K: K, prior: hot, xt: 1, t: t)
                #expect(isClose(Double(entry.diff_x0), diff[0], abs: 1e-6))
                #expect(isClose(Double(entry.diff_xt), diff[1], abs: 1e-6))
                if K > 2 { #expect(isClose(Double(entry.diff_other), diff[2], abs: 1e-6)) }
                #expect(isClose(Double(entry.diff_neg_entropy), Self.negEntropy(diff), abs: 1e-6))
            }
        }
    }

    @Test("x_t drawn by noise(...) follows the row of Q̄_t; the prior KL matches the closed form")
    func forwardMarginal() {
        let s = DiffusionSchedule(.linear, steps: 30)
        let md = MultinomialDiffusion(classCounts: [3], schedule: s)
        let (_, cumulative) = Self.transitions(s, K: 3)
        var rng = RandomStream(seed: 8)
        let n = 40_000
        for t in [0, 4, 29] {
            let x0 = [Int32](repeating: 2, count: n), ts = [Int](repeating: t, count: n)
            var xt = [Int32](repeating: 0, count: n)
            md.noise(x0, timesteps: ts, rows: n, into: &xt, rng: &rng)
            for k in 0..<3 {
                let share = Double(xt.filter { $0 == k }.count) / Double(n)
                // Binomial standard error at most 0.0025: 0.01 is four of them.
                #expect(abs(share - cumulative[t][2][k]) < 0.01, "t=\(t) class \(k): \(share)")
            }
        }
        let expected = Self.negEntropy(cumulative[29][2]) + log(3.0)
        #expect(isClose(Double(md.priorKL), expected, abs: 1e-6))
    }

    /// The mixed loss written with recorded SynthNN operations (log-softmax, log-add-exp, span
    /// normalisation), the true posterior and the prior KL by enumeration in Double.
    static func tapeLoss(_ out: Tensor, numericalWidth nw: Int, md: MultinomialDiffusion, noise: [Float], x0: [Int32],
                        xt: [Int32], timesteps: [Int]) -> Tensor {
        let m = out.rows, d = out.cols, w = md.width, T = md.schedule.steps, s = md.schedule, nc = md.classCounts.count
        let gauss = (out.columns(0..<nw) - Tensor(noise, shape: .matrix(m, nw))).square().mean()
        let spans = md.spans
        let lp = logSoftmax(out.columns(nw..<d), spans: spans)
        var a = [Float](), bias = [Float](), mask = [Float](), oneStep = [Float](), trueLog = [Float](), prior = [Float]()
        var oneHot = [Float]()
        for r in 0..<m {
            let t = timesteps[r], tm1 = max(t - 1, 0)
            a.append(s.logCumprodAlpha[tm1])
            mask.append(t > 0 ? 1 : 0)
            var rowPrior = 0.0
            for (j, K) in md.classCounts.enumerated() {
                let hot0 = Int(x0[r * nc + j]), hotT = Int(xt[r * nc + j])
                let alpha = 1 - s.betas[t]
                for k in 0..<K {
                    bias.append(s.logOneMinusCumprodAlpha[tm1] - Float(log(Double(K))))
                    oneStep.append(Float(log((k == hotT ? alpha : 0) + (1 - alpha) / Double(K))))
                    oneHot.append(k == hot0 ? 1 : 0)
                }
                let q = Self.posterior(s, K: K, prior: (0..<K).map { $0 == hot0 ? 1.0 : 0 }, xt: hotT, t: max(t, 1))
                trueLog.append(contentsOf: q.map { Float(log(max($0, 1e-300))) })
                let (_, cumulative) = Self.transitions(s, K: K)
                for k in 0..<K {
                    let q: Double = cumulative[T - 1][hot0][k]
                    rowPrior += q * log(q * Double(K))
                }
            }
            prior.append(Float(rowPrior))
        }
        let maskT = Tensor(mask, shape: .matrix(m, 1))
        let ev = maskT * Tensor.logAddExp(lp + Tensor(a, shape: .matrix(m, 1)), Tensor(bias, shape: .matrix(m, w)))
            + (1 - maskT) * lp
        let model = logSoftmax(ev + Tensor(oneStep, shape: .matrix(m, w)), spans: spans)
        let lq = Tensor(trueLog, shape: .matrix(m, w))
        let kl = (lq.exp() * (lq - model)).sum(axis: 1, keepDims: true)
        let nll = (Tensor(oneHot, shape: .matrix(m, w)) * model).sum(axis: 1, keepDims: true) * -1
        let rows = (maskT * kl + (1 - maskT) * nll) * Float(T) + Tensor(prior, shape: .matrix(m, 1))
        return gauss + rows.mean() * (1 / Float(md.classCounts.count))
    }

    @Test("the fused mixed loss and its gradient equal the tape's composition")
    func lossAgainstTape() {
        let s = DiffusionSchedule(.cosine, steps: 20)
        let md = MultinomialDiffusion(classCounts: [3, 2, 4], schedule: s)
        let nw = 2, m = 6, d = nw + md.width
        var rng = RandomStream(seed: 11)
        let out = Tensor.uniform(.matrix(m, d), low: -2, high: 2, rng: &rng)
        let noise = (0..<(m * nw)).map { _ in Float(rng.nextNormal()) }
        let timesteps = [0, 1, 5, 19, 0, 12]
        let codes = (0..<m).flatMap { _ in md.classCounts.map { Int32(rng.nextInt(below: $0)) } }
        var xtCodes = (0..<m).flatMap { _ in md.classCounts.map { Int32(rng.nextInt(below: $0)) } }
        xtCodes[3] = codes[3]  // rows with x_t = x_0 and with x_t ≠ x_0 at t > 0

        out.requiresGrad = true
        let fused = DiffusionLoss(numericalWidth: nw, multinomial: md, schedule: s)(
            output: out, noise: noise, x0: codes, xt: xtCodes, timesteps: timesteps)
        fused.loss.backward()
        let fusedGrad = out.grad!.toArray()
        out.zeroGrad()
        let tape = Self.tapeLoss(out, numericalWidth: nw, md: md, noise: noise, x0: codes, xt: xtCodes, timesteps: timesteps)
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

    @Test("gaussian_loss_type=kl: the bound and its gradient equal SynthCity's (scripts/reference/ddpm_gaussian_kl.py)")
    func gaussianBoundAgainstSynthCity() {
        let T = 20, m = 6, nw = 3
        let s = DiffusionSchedule(.cosine, steps: T)
        var x0 = (0..<(m * nw)).map { Float(sin(1.3 * Double($0) + 0.2) * 1.9) }
        x0[0] = 0.3; x0[4 * nw + 1] = -0.5
        let eps = (0..<(m * nw)).map { Float(cos(0.7 * Double($0))) }
        let out = (0..<(m * nw)).map { Float(cos(0.7 * Double($0)) + 0.3 * sin(2.1 * Double($0))) }
        let timesteps = [0, 1, 5, 19, 0, 12]
        var xt = [Float](repeating: 0, count: m * nw)
        for r in 0..<m {
            for c in 0..<nw {
                let t = timesteps[r]
                xt[r * nw + c] = s.sqrtAlphasCumprod[t] * x0[r * nw + c] + s.sqrtOneMinusAlphasCumprod[t] * eps[r * nw + c]
            }
        }
        var grad = [Float](repeating: 0, count: m * nw)
        let loss = GaussianBound(schedule: s).loss(output: out, stride: nw, start: x0, noisy: xt, width: nw,
                                                   timesteps: timesteps, gradient: &grad)
        // SynthCity 0.2.12 (torch 2.2.2, Float32).
        let mean = 6.860443488806882
        let reference: [Double] = [0.0, 0.09172268956899643, -0.029468216001987457, 0.00029674367397092283,
            0.015084527432918549, -0.015527477487921715, 0.0002897918748203665, 0.007288909051567316,
            -0.007649323437362909, 1.2112083435058594, 20.09731674194336, -21.503307342529297, 0.0022737064864486456,
            0.027973925694823265, -0.03051411546766758, 0.0007353653782047331, 0.007161113433539867,
            -0.007965873926877975]
        #expect(isClose(loss, mean, rel: 2e-3), "\(loss)")
        for i in 0..<(m * nw) {
            #expect(isClose(Double(grad[i]), reference[i], rel: 5e-3, abs: 1e-6), "element \(i): \(grad[i])")
        }
        // Negative control: the mse loss of the same output is another number.
        let mse = zip(out, eps).reduce(0.0) { $0 + Double(($1.0 - $1.1) * ($1.0 - $1.1)) } / Double(m * nw)
        #expect(!isClose(mse, mean, rel: 0.1))
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

    @Test("midrank bounds: a tied bound maps to its plateau's mid-rank, a single-point bound to half its counted share, sklearn's to the clip value")
    func quantileMidrank() throws {
        // 40 % of the values at the minimum 0 (quantiles 0..3 of 11 tie at 0), one value at the maximum 600.
        let x = Array(repeating: 0.0, count: 400) + (1...600).map(Double.init)
        var s = RandomStream(seed: 0)
        let mid = try QuantileNormalTransformer(fitting: x, quantileCount: 11, bounds: .midrank, stream: &s)
        let sk = try QuantileNormalTransformer(fitting: x, quantileCount: 11, bounds: .sklearn, stream: &s)
        #expect(mid.quantiles[0...3].allSatisfy { $0 == 0 } && mid.quantiles[4] > 0)
        // The tied run covers references 0...0.3: mid-rank 0.15, inside the plateau the inverse maps back to 0.
        #expect(isClose(mid.transform([0])[0], Special.normalQuantile(0.15), rel: 1e-12))
        #expect(mid.inverse(mid.transform([0])[0]) == 0)
        // The untied maximum is a single grid point: 1 − (1/1000)/2.
        #expect(isClose(mid.transform([600])[0], Special.normalQuantile(1 - 0.0005), rel: 1e-12))
        #expect(isClose(sk.transform([0])[0], -QuantileNormalTransformer.clip, rel: 1e-12))
        #expect(isClose(sk.transform([600])[0], QuantileNormalTransformer.clip, rel: 1e-12))
        // Away from the bounds the two agree; the inverse is sklearn's in both.
        #expect(mid.transform([300]) == sk.transform([300]))
        for z in [-6, -0.6, 0, 1.2, 3.1, 6] { #expect(mid.inverse(z) == sk.inverse(z)) }
    }

    /// The bound shares count every fitted value, not the subsample the quantiles come from: values at or below the
    /// subsample's minimum over all values (brute force); an untied minimum is a single grid point, scored by it.
    @Test("midrank bounds: the shares are counted over every value, not the subsample")
    func quantileMidrankSharesCountEveryValue() throws {
        let x = (0..<5_000).map { Double(($0 * 7_919) % 5_000) }   // 0..4999, each once, shuffled
        var s = RandomStream(seed: 3)
        let mid = try QuantileNormalTransformer(fitting: x, subsample: 200, bounds: .midrank, stream: &s)
        let below = x.filter { $0 <= mid.quantiles[0] }.count, above = x.filter { $0 >= mid.quantiles.last! }.count
        #expect(below > 1 && above > 1, "the subsample holds the extremes, so this cannot tell the two counts apart")
        #expect(mid.lowerShare == Double(below) / 5_000 && mid.upperShare == Double(above) / 5_000)
        #expect(isClose(mid.transform([0])[0], Special.normalQuantile(Double(below) / 10_000), rel: 1e-12))
    }

    /// adult's hours-per-week = 1 in small: the minimum's share (0.5 %) is below one grid step (10 %), so the grid
    /// has it once; sklearn's interpolation alone sends it to the clip value, an atom 3.9 below the next value's
    /// score. The counted mid-rank puts it at Φ⁻¹(0.0025), and an integer column rounds it back to the minimum.
    @Test("midrank bounds: a minimum holding less than one grid step keeps its share")
    func quantileMidrankBelowOneGridStep() throws {
        let x = [1.0] + Array(repeating: 2.0, count: 30) + (0..<169).map { 3 + Double($0 % 40) }
        var s = RandomStream(seed: 0)
        let mid = try QuantileNormalTransformer(fitting: x, quantileCount: 11, bounds: .midrank, stream: &s)
        #expect(mid.quantiles[0] == 1 && mid.quantiles[1] == 2)
        let z = mid.transform([1])[0]
        #expect(isClose(z, Special.normalQuantile(0.0025), rel: 1e-12))
        #expect(z > -3 && z < mid.transform([2])[0])
        #expect(mid.inverse(z).rounded() == 1)
        // Negative control: the grid's own mid-rank (this transform without the counted share) is the clip value.
        let grid = 0.5 * (QuantileNormalTransformer.interp(1, mid.quantiles, mid.references)
                          - QuantileNormalTransformer.interp(-1, mid.quantiles.reversed().map { -$0 }, mid.references.reversed().map { -$0 }))
        #expect(grid == 0)
    }
}
