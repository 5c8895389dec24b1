import Foundation
import SynthMath
import SynthNN

/// The multinomial diffusion of TabDDPM's categorical part (Hoogeboom et al. 2021) over row-major
/// `rows x width` blocks where each categorical column owns a span of `K` columns. A forward step keeps a
/// category with probability `α_t` and otherwise resamples it uniformly:
/// `q(x_t | x_{t-1}) = Cat(α_t x_{t-1} + (1 − α_t)/K)`, and after `t` steps `q(x_t | x_0) = Cat(ᾱ_t x_0 + (1 − ᾱ_t)/K)`.
///
/// The reference (TabDDPM, SynthCity) does every step in Float32 log space, element by element: a log
/// one-hot with `log(1e-30)` for the zeros, `logaddexp` for the mixtures, a span `logsumexp` for each
/// normalisation (about twenty `exp`/`log` per class and row). The kernels here compute the same
/// quantities batch-wide with far fewer transcendental calls, using the structure the reference leaves
/// implicit:
/// - `x_0` and `x_t` are always one-hot, so each mixture with them takes two values per span
///   (`α_t + (1 − α_t)/K` at the category, `(1 − α_t)/K` elsewhere), tabulated per timestep and column in
///   Double (``ColumnStep``); the true posterior `q(x_{t−1} | x_t, x_0)`, its entropy and the prior KL
///   are tabulated the same way;
/// - the model's posterior is formed in probability space, `P_c Q_c / Σ P Q` with
///   `P_c = ᾱ_{t−1} p_c + (1 − ᾱ_{t−1})/K` and `p = softmax(logits)`. No term can underflow: `P_c ≥ (1 − ᾱ_{t−1})/K`
///   and `Q_c ≥ (1 − α_t)/K`, both far above Float32's smallest normal for any schedule with `β > 0`; its
///   logarithm `log P_c + log Q_c − log S` is what the loss needs;
/// - the remaining `exp` and `log` (the span softmax, `log P`, `log S`) run over whole contiguous buffers
///   with ``FastMath`` (vectorised, within 1 ulp).
/// Categories are drawn by inverse CDF from these probabilities (one uniform per column) instead of the
/// reference's Gumbel-max over log probabilities (one uniform and two logarithms per class): the same
/// distribution. The `log(1e-30)` of the reference's log one-hot enters its mixtures as `1e-30 · ᾱ`, below
/// Float32's resolution beside `(1 − ᾱ)/K`; the tables use exact zeros. The log one-hot itself is what
/// the denoiser reads (``logOneHot(_:rows:into:stride:)``), as in the reference.
public struct MultinomialDiffusion: Sendable {
    /// Categories per column, in order.
    public let classCounts: [Int]
    /// First column of each span.
    public let offsets: [Int]
    /// Total width, `Σ K`.
    public let width: Int
    public let schedule: DiffusionSchedule
    /// `1/K` of the span each class belongs to (`width` entries).
    let inverseK: [Float]
    /// Per timestep `t` and column `j` (index `t · columns + j`).
    let steps: [ColumnStep]
    /// `Σ_columns KL(q(x_{T−1} | x_0) || uniform)`, the same for every one-hot `x_0`: the prior term of the
    /// bound (constant in the model's parameters, but part of the reported loss).
    public let priorKL: Float

    /// TabDDPM's log one-hot of a category's absent classes, `log(1e-30)` in Float32.
    public static let logZero: Float = Foundation.log(Float(1e-30))

    /// The one-hot mixtures of one timestep for one column of `K` classes, computed in Double.
    struct ColumnStep: Sendable {
        /// `Q_c = q(x_t | x_{t−1} = c)` read at the one-hot `x_t`: at `c = x_t` and elsewhere, and their logs.
        var qHit: Float = 1, qMiss: Float = 0, logQHit: Float = 0, logQMiss: Float = 0
        /// The true posterior `q(x_{t−1} = c | x_t, x_0)` (t > 0) when `x_0 = x_t`: at that class and elsewhere.
        var sameHit: Float = 1, sameOther: Float = 0
        /// When `x_0 ≠ x_t`: at `x_0`, at `x_t`, elsewhere.
        var diffX0: Float = 0, diffXt: Float = 0, diffOther: Float = 0
        /// `Σ_c q_c log q_c` of the two cases.
        var sameNegEntropy: Float = 0, diffNegEntropy: Float = 0
    }

    public init(classCounts: [Int], schedule: DiffusionSchedule) {
        precondition(classCounts.allSatisfy { $0 >= 1 }, "every categorical column needs at least one class")
        self.classCounts = classCounts
        var o: [Int] = [], w = 0
        for k in classCounts { o.append(w); w += k }
        offsets = o
        width = w
        inverseK = classCounts.flatMap { k in repeatElement(1 / Float(k), count: k) }
        self.schedule = schedule
        func xlogx(_ x: Double) -> Double { x > 0 ? x * Foundation.log(x) : 0 }
        var steps: [ColumnStep] = []
        steps.reserveCapacity(schedule.steps * classCounts.count)
        for t in 0..<schedule.steps {
            let alpha = 1 - schedule.betas[t]
            for k in classCounts {
                let K = Double(k)
                var s = ColumnStep()
                let qh = alpha + (1 - alpha) / K, qm = (1 - alpha) / K
                s.qHit = Float(qh); s.qMiss = Float(qm)
                s.logQHit = Float(Foundation.log(qh)); s.logQMiss = Float(Foundation.log(qm))
                if t > 0 {
                    let cum = schedule.alphasCumprod[t - 1]
                    let ah = cum + (1 - cum) / K, am = (1 - cum) / K
                    let same = ah * qh + (K - 1) * am * qm
                    s.sameHit = Float(ah * qh / same); s.sameOther = Float(am * qm / same)
                    let atHot: Double = xlogx(ah * qh / same), others: Double = (K - 1) * xlogx(am * qm / same)
                    s.sameNegEntropy = Float(atHot + others)
                    if k >= 2 {
                        let diff = ah * qm + am * qh + (K - 2) * am * qm
                        s.diffX0 = Float(ah * qm / diff); s.diffXt = Float(am * qh / diff); s.diffOther = Float(am * qm / diff)
                        let atX0: Double = xlogx(ah * qm / diff), atXt: Double = xlogx(am * qh / diff)
                        let others: Double = (K - 2) * xlogx(am * qm / diff)
                        s.diffNegEntropy = Float(atX0 + atXt + others)
                    }
                }
                steps.append(s)
            }
        }
        self.steps = steps
        let last = schedule.alphasCumprod[schedule.steps - 1]
        var prior = 0.0
        for k in classCounts {
            let K = Double(k), logK = Foundation.log(K)
            let hit = last + (1 - last) / K, miss = (1 - last) / K
            let hitTerm = xlogx(hit) + hit * logK
            let missTerm = (K - 1) * (xlogx(miss) + miss * logK)
            prior += hitTerm + missTerm
        }
        priorKL = Float(prior)
    }

    public var spans: [Range<Int>] { zip(offsets, classCounts).map { $0..<($0 + $1) } }

    /// Writes the log one-hot (`0` at the category, `log(1e-30)` elsewhere) of `codes` (`rows x columns`),
    /// row `r` at `out + r · stride` (`stride` defaults to `width`).
    public func logOneHot(_ codes: UnsafePointer<Int32>, rows: Int, into out: UnsafeMutablePointer<Float>, stride: Int? = nil) {
        let c = classCounts.count, s = stride ?? width
        for r in 0..<rows {
            let row = out + r * s
            row.update(repeating: Self.logZero, count: width)
            for j in 0..<c { row[offsets[j] + Int(codes[r * c + j])] = 0 }
        }
    }

    /// Softmax within each span of `rows` rows of logits (row `r` at `logits + r · stride`): probabilities
    /// into `p`, and log probabilities into `logP` when given (both `rows x width`). `sums` holds
    /// `rows x columns` floats of scratch.
    func spanSoftmax(_ logits: UnsafePointer<Float>, stride: Int, rows: Int, p: UnsafeMutablePointer<Float>,
                     logP: UnsafeMutablePointer<Float>?, sums: UnsafeMutablePointer<Float>) {
        let nc = classCounts.count, w = width, n = rows * w
        offsets.withUnsafeBufferPointer { offsets in
            classCounts.withUnsafeBufferPointer { counts in
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

    /// The model's posterior `p(x_{t−1} | x_t, x̂_0)` for each row from `x̂_0`'s probabilities `p`
    /// (`rows x width`), the row's timestep and `x_t`'s codes: the prior factor
    /// `P_c = ᾱ_{t−1} p_c + (1 − ᾱ_{t−1})/K` (`p_c` at t = 0) into `prior`, the unnormalised posterior
    /// `P_c Q_c` into `weights`, and each span's `S = Σ P_c Q_c` into `sums` (`rows x columns`).
    func modelPosterior(p: UnsafePointer<Float>, timesteps: UnsafePointer<Int>, xt: UnsafePointer<Int32>, rows: Int,
                        prior: UnsafeMutablePointer<Float>, weights: UnsafeMutablePointer<Float>,
                        sums: UnsafeMutablePointer<Float>) {
        let nc = classCounts.count, w = width
        inverseK.withUnsafeBufferPointer { invK in
            steps.withUnsafeBufferPointer { steps in
                for r in 0..<rows {
                    let t = timesteps[r], pr = p + r * w, P = prior + r * w, W = weights + r * w
                    if t > 0 {
                        let a = Float(schedule.alphasCumprod[t - 1]), b = Float(1 - schedule.alphasCumprod[t - 1])
                        for c in 0..<w { P[c] = a * pr[c] + b * invK[c] }
                    } else {
                        P.update(from: pr, count: w)
                    }
                    for j in 0..<nc {
                        let o = offsets[j], end = o + classCounts[j], s = steps[t * nc + j]
                        var sum: Float = 0
                        for c in o..<end { W[c] = P[c] * s.qMiss }
                        let hot = o + Int(xt[r * nc + j])
                        W[hot] = P[hot] * s.qHit
                        for c in o..<end { sum += W[c] }
                        sums[r * nc + j] = sum
                    }
                }
            }
        }
    }

    /// Draws one category per span by inverse CDF from unnormalised weights (`rows x width`) whose span
    /// sums are `sums` (`rows x columns`), one uniform per span in row-major order; writes the codes.
    func drawCategories(_ weights: UnsafePointer<Float>, sums: UnsafePointer<Float>, rows: Int,
                        codes: UnsafeMutablePointer<Int32>, rng: inout RandomStream) {
        let nc = classCounts.count, w = width
        for r in 0..<rows {
            let W = weights + r * w
            for j in 0..<nc {
                let o = offsets[j], k = classCounts[j]
                let target = rng.nextFloat() * sums[r * nc + j]
                var acc: Float = 0, pick = k - 1
                for c in 0..<(k - 1) {
                    acc += W[o + c]
                    if target < acc { pick = c; break }
                }
                // Rounding can leave the target at the end of the CDF: fall back to the last class with weight.
                while pick > 0 && W[o + pick] <= 0 { pick -= 1 }
                codes[r * nc + j] = Int32(pick)
            }
        }
    }

    /// Draws `x_t ~ q(x_t | x_0) = Cat(ᾱ_t x_0 + (1 − ᾱ_t)/K)` for each row's timestep: keeps the category
    /// when a uniform falls below `ᾱ_t`, else draws a class uniformly (one uniform per column).
    func noise(_ x0: UnsafePointer<Int32>, timesteps: UnsafePointer<Int>, rows: Int, into xt: UnsafeMutablePointer<Int32>,
               rng: inout RandomStream) {
        let nc = classCounts.count
        for r in 0..<rows {
            let keep = schedule.alphasCumprod[timesteps[r]]
            for j in 0..<nc {
                let u = rng.nextDouble()
                xt[r * nc + j] = u < keep ? x0[r * nc + j]
                    : Int32(min(Int((u - keep) / (1 - keep) * Double(classCounts[j])), classCounts[j] - 1))
            }
        }
    }

    /// Draws `x_T` uniformly: one class per column, `rows` rows.
    func uniformCategories(rows: Int, into codes: UnsafeMutablePointer<Int32>, rng: inout RandomStream) {
        let nc = classCounts.count
        for r in 0..<rows {
            for j in 0..<nc { codes[r * nc + j] = Int32(rng.nextInt(below: classCounts[j])) }
        }
    }

    /// The posterior `q(x_{t−1} | x_t, x̂_0)` as probabilities, for callers outside the hot loops (tests,
    /// diagnostics): `p` holds `x̂_0`'s probabilities (`rows x width`), `xt` the codes of `x_t`.
    public func posterior(p: [Float], xt: [Int32], t: Int) -> [Float] {
        let rows = p.count / max(width, 1), nc = classCounts.count
        var prior = [Float](repeating: 0, count: p.count), weights = prior
        var sums = [Float](repeating: 0, count: rows * nc)
        let ts = [Int](repeating: t, count: rows)
        modelPosterior(p: p, timesteps: ts, xt: xt, rows: rows, prior: &prior, weights: &weights, sums: &sums)
        for r in 0..<rows {
            for j in 0..<nc {
                for c in spans[j] { weights[r * width + c] /= sums[r * nc + j] }
            }
        }
        return weights
    }
}
