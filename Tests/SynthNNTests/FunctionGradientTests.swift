import SynthMath
import Testing
@testable import SynthNN
import SynthTestSupport

/// Finite-difference checks of the neural-network functions: span-wise softmax family, losses, batch
/// normalisation, dropout and Gumbel-softmax.
@Suite("Function gradients")
struct FunctionGradientTests {
    static let seeds: [UInt64] = [21, 22, 23, 24]

    @Test(arguments: seeds)
    func softmaxFamily(seed: UInt64) {
        var rng = RandomStream(seed: seed)
        let rows = 1 + rng.nextInt(below: 3), cols = 5 + rng.nextInt(below: 3)
        let x = GradientCheck.values(.matrix(rows, cols), range: 2, rng: &rng)
        let spans = [0..<2, 3..<cols]  // column 2 passes through
        GradientCheck.both("softmax", [x]) { softmax($0[0]) }
        GradientCheck.both("softmax spans", [x]) { softmax($0[0], spans: spans) }
        GradientCheck.both("logSoftmax", [x]) { logSoftmax($0[0]) }
        GradientCheck.both("logSoftmax spans", [x]) { logSoftmax($0[0], spans: spans) }
        GradientCheck.both("logSumExp spans", [x]) { logSumExp($0[0], spans: spans) }
    }

    @Test(arguments: seeds)
    func losses(seed: UInt64) {
        var rng = RandomStream(seed: seed)
        let rows = 1 + rng.nextInt(below: 4), cols = 4 + rng.nextInt(below: 3)
        let p = GradientCheck.values(.matrix(rows, cols), rng: &rng)
        let t = GradientCheck.values(.matrix(rows, cols), rng: &rng)
        let probs = Tensor.uniform(.matrix(rows, cols), low: 0, high: 1, rng: &rng)
        for reduction in [LossReduction.mean, .sum, .none] {
            GradientCheck.both("mse \(reduction)", [p, t]) { mseLoss($0[0], $0[1], reduction: reduction) }
            GradientCheck.both("bce \(reduction)", [p, probs]) {
                binaryCrossEntropyWithLogits($0[0], $0[1], reduction: reduction)
            }
        }
        let spans = [0..<2, 2..<cols]
        let targets = (0..<(rows * 2)).map { i in rng.nextInt(below: i % 2 == 0 ? 2 : cols - 2) }
        for reduction in [LossReduction.mean, .sum, .none] {
            GradientCheck.both("crossEntropy \(reduction)", [p]) {
                crossEntropy(logits: $0[0], spans: spans, targets: targets, reduction: reduction)
            }
            GradientCheck.both("nll \(reduction)", [p]) {
                nllLoss(logProbabilities: $0[0], spans: spans, targets: targets, reduction: reduction)
            }
        }
        let mu = GradientCheck.values(.matrix(rows, 3), rng: &rng)
        let lv = GradientCheck.values(.matrix(rows, 3), rng: &rng)
        let mu2 = GradientCheck.values(.matrix(rows, 3), rng: &rng)
        let lv2 = GradientCheck.values(.matrix(rows, 3), rng: &rng)
        GradientCheck.both("gaussianKL", [mu, lv]) { gaussianKL(mean: $0[0], logVariance: $0[1]) }
        GradientCheck.both("gaussianKL two", [mu, lv, mu2, lv2]) {
            gaussianKL(mean1: $0[0], logVariance1: $0[1], mean2: $0[2], logVariance2: $0[3])
        }
        let lp = logSoftmax(GradientCheck.values(.matrix(rows, cols), rng: &rng), spans: spans).detached()
        let lq = logSoftmax(GradientCheck.values(.matrix(rows, cols), rng: &rng), spans: spans).detached()
        GradientCheck.both("multinomialKL", [lp, lq]) { multinomialKL(logP: $0[0], logQ: $0[1]) }
    }

    @Test(arguments: seeds)
    func batchNormTrainingAndEvaluation(seed: UInt64) {
        var rng = RandomStream(seed: seed)
        let rows = 2 + rng.nextInt(below: 4), cols = 1 + rng.nextInt(below: 4)
        let x = GradientCheck.values(.matrix(rows, cols), range: 2, rng: &rng)
        let w = GradientCheck.positive(.vector(cols), rng: &rng)
        let b = GradientCheck.values(.vector(cols), rng: &rng)
        let rm = GradientCheck.values(.vector(cols), rng: &rng)
        let rv = GradientCheck.positive(.vector(cols), rng: &rng)
        GradientCheck.both("batchNorm train", [x, w, b], tolerance: 3e-2) {
            batchNorm($0[0], weight: $0[1], bias: $0[2], runningMean: nil, runningVariance: nil, training: true)
        }
        GradientCheck.both("batchNorm train, no affine", [x], tolerance: 3e-2) {
            batchNorm($0[0], weight: nil, bias: nil, runningMean: nil, runningVariance: nil, training: true)
        }
        GradientCheck.both("batchNorm eval", [x, w, b]) {
            batchNorm($0[0], weight: $0[1], bias: $0[2], runningMean: rm, runningVariance: rv, training: false)
        }
        // The fused activation (smooth ones: a finite difference must not cross a kink of f or f').
        for activation in [Activation.tanh, .sigmoid] {
            GradientCheck.both("batchNorm train + \(activation)", [x, w, b], tolerance: 3e-2) {
                batchNorm($0[0], weight: $0[1], bias: $0[2], runningMean: nil, runningVariance: nil, training: true,
                          activation: activation)
            }
            GradientCheck.both("batchNorm eval + \(activation)", [x, w, b]) {
                batchNorm($0[0], weight: $0[1], bias: $0[2], runningMean: rm, runningVariance: rv, training: false,
                          activation: activation)
            }
        }
    }

    /// `batchNorm(activation: .relu)` is `relu(batchNorm(x))`: the same values and gradients.
    @Test(arguments: seeds)
    func batchNormWithReLUEqualsTheComposition(seed: UInt64) {
        var rng = RandomStream(seed: seed)
        let x = GradientCheck.values(.matrix(7, 5), range: 2, rng: &rng)
        let w = GradientCheck.positive(.vector(5), rng: &rng), b = GradientCheck.values(.vector(5), rng: &rng)
        let seedGradient = GradientCheck.values(.matrix(7, 5), rng: &rng)
        for t in [x, w, b] { t.requiresGrad = true }
        let fused = batchNorm(x, weight: w, bias: b, runningMean: nil, runningVariance: nil, training: true,
                              activation: .relu)
        let composed = relu(batchNorm(x, weight: w, bias: b, runningMean: nil, runningVariance: nil, training: true))
        expectClose(fused.toArray(), composed.toArray(), relative: Tolerance.float32, "value")
        let gf = gradients(of: fused, withRespectTo: [x, w, b], seed: seedGradient)
        let gc = gradients(of: composed, withRespectTo: [x, w, b], seed: seedGradient)
        for (a, c) in zip(gf, gc) { expectClose(a.toArray(), c.toArray(), relative: 1e-5, "gradient") }
    }

    @Test(arguments: seeds)
    func stochasticFunctionsWithFixedNoise(seed: UInt64) {
        var rng = RandomStream(seed: seed)
        let rows = 1 + rng.nextInt(below: 3), cols = 4 + rng.nextInt(below: 3)
        let x = GradientCheck.values(.matrix(rows, cols), rng: &rng)
        // Re-seeding inside the function fixes the mask and the noise across evaluations.
        GradientCheck.both("dropout", [x]) { xs in
            var r = RandomStream(seed: seed &+ 7)
            return dropout(xs[0], probability: 0.5, rng: &r)
        }
        GradientCheck.both("gumbelSoftmax soft", [x]) { xs in
            var r = RandomStream(seed: seed &+ 8)
            return gumbelSoftmax(xs[0], spans: [0..<2, 3..<cols], temperature: 0.7, rng: &r)
        }
        GradientCheck.both("gumbelSoftmax, tanh outside the spans", [x]) { xs in
            var r = RandomStream(seed: seed &+ 9)
            return gumbelSoftmax(xs[0], spans: [1..<3, 3..<cols], temperature: 0.5, otherColumns: .tanh, rng: &r)
        }
    }

    /// Hard Gumbel-softmax is straight-through: its value is one-hot, its gradient that of the soft sample.
    @Test(arguments: seeds)
    func hardGumbelSoftmaxIsStraightThrough(seed: UInt64) {
        var rng = RandomStream(seed: seed)
        let x = GradientCheck.values(.matrix(3, 5), rng: &rng)
        x.requiresGrad = true
        let w = Tensor.uniform(.matrix(3, 5), low: -1, high: 1, rng: &rng)
        var r1 = RandomStream(seed: 5), r2 = RandomStream(seed: 5)
        let hard = gumbelSoftmax(x, spans: [0..<2, 2..<5], temperature: 0.5, hard: true, rng: &r1)
        let soft = gumbelSoftmax(x, spans: [0..<2, 2..<5], temperature: 0.5, hard: false, rng: &r2)
        for row in hard.toRows() {
            #expect(row[0..<2].filter { $0 == 1 }.count == 1 && row[0..<2].filter { $0 == 0 }.count == 1)
            #expect(row[2..<5].filter { $0 == 1 }.count == 1 && row[2..<5].filter { $0 == 0 }.count == 2)
        }
        let gh = gradients(of: (hard * w).sum(), withRespectTo: [x])[0].toArray()
        let gs = gradients(of: (soft * w).sum(), withRespectTo: [x])[0].toArray()
        for (a, b) in zip(gh, gs) { #expect(Swift.abs(a - b) <= 1e-5) }
    }
}
