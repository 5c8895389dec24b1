import CSynthKernels
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
/// - the remaining `exp` and `log` (the span softmax, `log P`, `log S`) are ``FastMath``'s (within 1 ulp).
/// The per-row passes (the posterior and the draws of a reverse step, the loss and its gradient) run in C
/// (`CSynthKernels/diffusion_steps.c`), one row per vector lane, each lane doing the Swift loops' Float operations
/// in their order: spans of 2 to 42 classes do not vectorise within a row.
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

    /// The one-hot mixtures of one timestep for one column of `K` classes, computed in Double (the fields:
    /// `synth_ddpm_column_step` in CSynthKernels.h).
    typealias ColumnStep = synth_ddpm_column_step
    /// `offsets` and `classCounts` as the C kernels read them.
    private let offsets64: [Int64], counts64: [Int64]
    /// Per timestep `t > 0`, `Float(ᾱ_{t−1})` and `Float(1 − ᾱ_{t−1})` (entry 0 unused).
    private let priorA: [Float], priorB: [Float]

    public init(classCounts: [Int], schedule: DiffusionSchedule) {
        precondition(classCounts.allSatisfy { $0 >= 1 }, "every categorical column needs at least one class")
        self.classCounts = classCounts
        var o: [Int] = [], w = 0
        for k in classCounts { o.append(w); w += k }
        offsets = o
        width = w
        offsets64 = o.map(Int64.init)
        counts64 = classCounts.map(Int64.init)
        priorA = (0..<schedule.steps).map { $0 > 0 ? Float(schedule.alphasCumprod[$0 - 1]) : 1 }
        priorB = (0..<schedule.steps).map { $0 > 0 ? Float(1 - schedule.alphasCumprod[$0 - 1]) : 0 }
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
                s.same_hit = 1
                let qh = alpha + (1 - alpha) / K, qm = (1 - alpha) / K
                s.q_hit = Float(qh); s.q_miss = Float(qm)
                s.log_q_hit = Float(Foundation.log(qh)); s.log_q_miss = Float(Foundation.log(qm))
                if t > 0 {
                    let cum = schedule.alphasCumprod[t - 1]
                    let ah = cum + (1 - cum) / K, am = (1 - cum) / K
                    let same = ah * qh + (K - 1) * am * qm
                    s.same_hit = Float(ah * qh / same); s.same_other = Float(am * qm / same)
                    let atHot: Double = xlogx(ah * qh / same), others: Double = (K - 1) * xlogx(am * qm / same)
                    s.same_neg_entropy = Float(atHot + others)
                    if k >= 2 {
                        let diff = ah * qm + am * qh + (K - 2) * am * qm
                        s.diff_x0 = Float(ah * qm / diff); s.diff_xt = Float(am * qh / diff); s.diff_other = Float(am * qm / diff)
                        let atX0: Double = xlogx(ah * qm / diff), atXt: Double = xlogx(am * qh / diff)
                        let others: Double = (K - 2) * xlogx(am * qm / diff)
                        s.diff_neg_entropy = Float(atX0 + atXt + others)
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

    // MARK: The per-row passes (CSynthKernels/diffusion_steps.c)

    /// The widest build of the C passes this CPU runs (2: AVX-512F, 1: AVX2, 0: portable).
    static let widestBuild: Int32 = [2, 1, 0].first { synth_ddpm_supports($0) != 0 }!

    /// The builds this CPU runs, widest first (the tests run each).
    static var supportedBuilds: [Int32] { [2, 1, 0].filter { synth_ddpm_supports($0) != 0 } }

    /// Calls `body` with the spans as the C kernels read them.
    func withSpans<R>(_ body: (UnsafePointer<synth_ddpm_spans>) -> R) -> R {
        offsets64.withUnsafeBufferPointer { o in
            counts64.withUnsafeBufferPointer { k in
                inverseK.withUnsafeBufferPointer { invK in
                    var spans = synth_ddpm_spans(columns: Int64(classCounts.count), width: Int64(width),
                                                 offsets: o.baseAddress, counts: k.baseAddress, inverse_k: invK.baseAddress)
                    return body(&spans)
                }
            }
        }
    }

    /// One reverse step's categorical part for `rows` rows of logits (row `r` at `logits + r · stride`) at
    /// timestep `t` of this schedule: `x̂_0 = softmax` within each span, the model's posterior
    /// `p(x_{t−1} | x_t, x̂_0) ∝ P_c Q_c` with `P_c = ᾱ_{t−1} p_c + (1 − ᾱ_{t−1})/K` (`p_c` at t = 0), and with
    /// `uniforms` (one per row and column, row-major) a category per span drawn by inverse CDF into `codes`
    /// (which may be `xt`). `weights` (`rows x width`, `P_c Q_c`) and `sums` (`rows x columns`, their span sums)
    /// receive the unnormalised posterior when given.
    func drawPosterior(logits: UnsafePointer<Float>, stride: Int, rows: Int, t: Int, xt: UnsafePointer<Int32>,
                       uniforms: UnsafePointer<Float>?, codes: UnsafeMutablePointer<Int32>?,
                       weights: UnsafeMutablePointer<Float>? = nil, sums: UnsafeMutablePointer<Float>? = nil,
                       build: Int32 = widestBuild) {
        let status = withSpans { spans in
            steps.withUnsafeBufferPointer { steps in
                synth_ddpm_posterior_draw(build, spans, logits, Int64(stride), Int64(rows), priorA[t], priorB[t], t > 0 ? 1 : 0,
                                          steps.baseAddress! + t * classCounts.count, xt, uniforms, codes, weights, sums)
            }
        }
        precondition(status == 0, "drawPosterior: this CPU does not run build \(build), or memory ran out")
    }

    /// The multinomial part of ``DiffusionLoss``: writes the gradient with respect to the logits (row `r` at
    /// `logits + r · stride`, written at `gradient + r · stride`) scaled by `scale`, and returns
    /// `Σ_rows Double((T · L_row + priorKL) / columns)`, added in row order.
    func lossAndGradient(logits: UnsafePointer<Float>, stride: Int, rows: Int, timesteps: UnsafePointer<Int>,
                         x0: UnsafePointer<Int32>, xt: UnsafePointer<Int32>, scale: Float,
                         gradient: UnsafeMutablePointer<Float>, build: Int32 = widestBuild) -> Double {
        var total = 0.0
        let status = withSpans { spans in
            steps.withUnsafeBufferPointer { steps in
                priorA.withUnsafeBufferPointer { a in
                    priorB.withUnsafeBufferPointer { b in
                        timesteps.withMemoryRebound(to: Int64.self, capacity: rows) { ts in
                            synth_ddpm_multinomial_loss(build, spans, logits, Int64(stride), Int64(rows), ts, a.baseAddress,
                                                        b.baseAddress, steps.baseAddress, x0, xt, Float(schedule.steps),
                                                        priorKL, scale, gradient, &total)
                        }
                    }
                }
            }
        }
        precondition(status == 0, "lossAndGradient: this CPU does not run build \(build), or memory ran out")
        return total
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

    /// The posterior `q(x_{t−1} | x_t, x̂_0 = softmax(logits))` as probabilities, for callers outside the hot
    /// loops (tests, diagnostics): `logits` (`rows x width`), `xt` the codes of `x_t`.
    public func posterior(logits: [Float], xt: [Int32], t: Int) -> [Float] {
        let rows = logits.count / max(width, 1), nc = classCounts.count
        var weights = [Float](repeating: 0, count: logits.count), sums = [Float](repeating: 0, count: rows * nc)
        drawPosterior(logits: logits, stride: width, rows: rows, t: t, xt: xt, uniforms: nil, codes: nil,
                      weights: &weights, sums: &sums)
        for r in 0..<rows {
            for j in 0..<nc {
                for c in spans[j] { weights[r * width + c] /= sums[r * nc + j] }
            }
        }
        return weights
    }
}
