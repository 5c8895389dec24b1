import Foundation
import SynthMath
import SynthNN

/// The multinomial diffusion of TabDDPM's categorical part (Hoogeboom et al. 2021) in log space, over
/// row-major `rows x width` blocks where each categorical column owns a span of `K` columns holding log
/// probabilities. A forward step keeps a category with probability `α_t` and otherwise resamples it
/// uniformly: `q(x_t | x_{t-1}) = Cat(α_t x_{t-1} + (1 − α_t)/K)`, and after `t` steps
/// `q(x_t | x_0) = Cat(ᾱ_t x_0 + (1 − ᾱ_t)/K)`.
///
/// Every sum of probabilities is done as the reference does it, in Float32 log space:
/// `logaddexp(a, b) = max + log(e^(a−max) + e^(b−max))`, and a span's normaliser `logsumexp` subtracts the
/// span's maximum first, so log probabilities of `log(1e-30)` (the log one-hot's zeros) never underflow
/// to `-inf` or produce NaN.
public struct MultinomialDiffusion: Sendable {
    /// Categories per column, in order.
    public let classCounts: [Int]
    /// First column of each span.
    public let offsets: [Int]
    /// Total width, `Σ K`.
    public let width: Int
    /// `log(K + 1e-10)` per column (Float32, as `torch.log(num_classes_expanded + 1e-10)`).
    let logK: [Float]
    public let schedule: DiffusionSchedule

    /// TabDDPM's log one-hot of a category's absent classes, `log(1e-30)` in Float32.
    public static let logZero: Float = Foundation.log(Float(1e-30))

    public init(classCounts: [Int], schedule: DiffusionSchedule) {
        precondition(classCounts.allSatisfy { $0 >= 1 }, "every categorical column needs at least one class")
        self.classCounts = classCounts
        var o: [Int] = [], w = 0
        for k in classCounts { o.append(w); w += k }
        offsets = o
        width = w
        logK = classCounts.map { Foundation.log(Float($0) + 1e-10) }
        self.schedule = schedule
    }

    public var spans: [Range<Int>] { zip(offsets, classCounts).map { $0..<($0 + $1) } }

    @inline(__always)
    static func logAddExp(_ a: Float, _ b: Float) -> Float {
        let m = max(a, b)
        return m + Foundation.log(Foundation.exp(a - m) + Foundation.exp(b - m))
    }

    /// Writes the log one-hot (`0` at the category, `log(1e-30)` elsewhere) of `codes` (`rows x columns`).
    public func logOneHot(_ codes: UnsafePointer<Int32>, rows: Int, into out: UnsafeMutablePointer<Float>) {
        let c = classCounts.count
        out.update(repeating: Self.logZero, count: rows * width)
        for r in 0..<rows {
            for j in 0..<c { out[r * width + offsets[j] + Int(codes[r * c + j])] = 0 }
        }
    }

    /// `log q(x_t | x_0)` for one row at step `t`: `logaddexp(log x_0 + log ᾱ_t, log(1 − ᾱ_t) − log K)`.
    @inline(__always)
    func qPred(_ logX0: UnsafePointer<Float>, t: Int, into out: UnsafeMutablePointer<Float>) {
        mix(logX0, logKeep: schedule.logCumprodAlpha[t], logResample: schedule.logOneMinusCumprodAlpha[t], into: out)
    }

    /// One step's `log q(x_t | x_{t-1})` read as a function of `x_{t-1}` evaluated at `x_t`:
    /// `logaddexp(log x_t + log α_t, log(1 − α_t) − log K)`.
    @inline(__always)
    func qPredOneStep(_ logXt: UnsafePointer<Float>, t: Int, into out: UnsafeMutablePointer<Float>) {
        mix(logXt, logKeep: schedule.logAlpha[t], logResample: schedule.logOneMinusAlpha[t], into: out)
    }

    /// `logaddexp(x + logKeep, logResample − log K)` per class: keep the category with probability
    /// `e^logKeep`, else resample it uniformly.
    @inline(__always)
    private func mix(_ x: UnsafePointer<Float>, logKeep a: Float, logResample b: Float, into out: UnsafeMutablePointer<Float>) {
        for (j, o) in offsets.enumerated() {
            let u = b - logK[j]
            for c in o..<(o + classCounts[j]) { out[c] = Self.logAddExp(x[c] + a, u) }
        }
    }

    /// Subtracts each span's `logsumexp` (max-shifted) from `x` in place.
    @inline(__always)
    func normaliseSpans(_ x: UnsafeMutablePointer<Float>) {
        for (j, o) in offsets.enumerated() {
            let end = o + classCounts[j]
            var m = -Float.infinity
            for c in o..<end { m = max(m, x[c]) }
            var s: Float = 0
            for c in o..<end { s += Foundation.exp(x[c] - m) }
            let lse = m + Foundation.log(s)
            for c in o..<end { x[c] -= lse }
        }
    }

    /// The posterior `log q(x_{t-1} | x_t, x_0)` for one row: `log q(x_{t-1} | x_0)` (or `log x_0` itself
    /// at t = 0) plus the one-step term, normalised per span. `scratch` holds `width` floats.
    public func posterior(logX0: UnsafePointer<Float>, logXt: UnsafePointer<Float>, t: Int,
                          into out: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        if t == 0 { out.update(from: logX0, count: width) } else { qPred(logX0, t: t - 1, into: out) }
        qPredOneStep(logXt, t: t, into: scratch)
        for c in 0..<width { out[c] += scratch[c] }
        normaliseSpans(out)
    }

    /// `log x̂_0`: the log-softmax of the model's logits within each span.
    @inline(__always)
    func predictStart(_ logits: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>) {
        out.update(from: logits, count: width)
        normaliseSpans(out)
    }

    /// Draws one category per span from unnormalised log probabilities by the Gumbel-max trick (logits
    /// clamped at 50, noise `−log(−log(u + 1e-30) + 1e-30)`, as TabDDPM's `log_sample_categorical`), writing
    /// the codes (`columns` per row) and, when `logOneHot` is given, the sample's log one-hot.
    public func sample(_ logits: UnsafePointer<Float>, rows: Int, codes: UnsafeMutablePointer<Int32>,
                       logOneHot: UnsafeMutablePointer<Float>?, rng: inout RandomStream) {
        let c = classCounts.count
        let noise = gumbelNoise(.matrix(rows, width), rng: &rng)
        noise.withUnsafeBufferPointer { g in
            for r in 0..<rows {
                let row = logits + r * width, gr = g.baseAddress! + r * width
                for j in 0..<c {
                    let o = offsets[j]
                    var best = o, bestValue = -Float.infinity
                    for k in o..<(o + classCounts[j]) {
                        let v = gr[k] + min(row[k], 50)
                        if v > bestValue { bestValue = v; best = k }
                    }
                    codes[r * c + j] = Int32(best - o)
                }
            }
        }
        if let logOneHot { self.logOneHot(UnsafePointer(codes), rows: rows, into: logOneHot) }
    }

    /// `Σ_spans KL(q(x_{T-1} | x_0) || uniform)` of one row: the prior term of the bound (constant in the
    /// model's parameters, but part of the reported loss).
    func priorKL(_ logX0: UnsafePointer<Float>, scratch: UnsafeMutablePointer<Float>) -> Float {
        qPred(logX0, t: schedule.steps - 1, into: scratch)
        var kl: Float = 0
        for (j, o) in offsets.enumerated() {
            for c in o..<(o + classCounts[j]) {
                let lq = scratch[c]
                kl += Foundation.exp(lq) * (lq + logK[j])
            }
        }
        return kl
    }
}
