import Foundation
import SynthMath
import Testing
@testable import SynthNN
import SynthTestSupport

/// DP-SGD: per-sample gradients from captured factors against a per-sample backward loop, clipping,
/// the noise scale, and the samplers.
@Suite("DP-SGD")
struct DPSGDTests {
    /// A small MLP with LeakyReLU and a loss that is a mean of per-sample terms.
    static func model(_ rng: inout RandomStream) -> Sequential {
        Sequential([Linear(4, 6, rng: &rng), LeakyReLU(slope: 0.2), Linear(6, 3, rng: &rng), Tanh(), Linear(3, 2, rng: &rng)])
    }

    static func loss(_ m: Sequential, _ x: Tensor, _ y: Tensor, rng: inout RandomStream) -> Tensor {
        mseLoss(m(x, rng: &rng), y)  // mean over the batch (and the 2 outputs)
    }

    /// Each sample's gradient from its own backward pass: the oracle the factored computation must match.
    static func bruteForcePerSample(_ m: Sequential, _ x: Tensor, _ y: Tensor) -> [[Float]] {
        var rng = RandomStream(seed: 0)
        let params = m.parameters()
        return (0..<x.rows).map { i in
            // The per-sample loss: the same mean loss evaluated on the one row.
            let li = loss(m, x.rows(i..<(i + 1)), y.rows(i..<(i + 1)), rng: &rng)
            return gradients(of: li, withRespectTo: params).flatMap { $0.toArray() }
        }
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func perSampleGradientsMatchABackwardPerSample(seed: UInt64) throws {
        var rng = RandomStream(seed: seed)
        let m = Self.model(&rng)
        let batch = 5
        let x = Tensor.normal(.matrix(batch, 4), rng: &rng), y = Tensor.normal(.matrix(batch, 2), rng: &rng)
        let expected = Self.bruteForcePerSample(m, x, y)
        let dp = try DPSGD(module: m, noiseMultiplier: 0, maxGradientNorm: 1e6, expectedBatchSize: batch)
        dp.capturing { Self.loss(m, x, y, rng: &rng).backward() }
        let layers = dp.layers
        for i in 0..<batch {
            let factored = layers.flatMap { l -> [Float] in
                let g = dp.perSampleGradients(of: l)[i]
                return g.weight.toArray() + (g.bias?.toArray() ?? [])
            }
            expectClose(factored, expected[i], relative: 1e-5, "sample \(i)")
        }
        let norms = dp.perSampleNorms()
        for i in 0..<batch {
            let direct = Float(expected[i].reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot())
            #expect(Swift.abs(norms[i] - direct) <= 1e-5 * Swift.max(1, direct), "norm \(i): \(norms[i]) vs \(direct)")
        }
    }

    /// With no noise, the privatised gradient is `sum_i min(C / (n_i + 1e-6), 1) g_i / expectedBatchSize`,
    /// and no clipped per-sample gradient is longer than C.
    @Test(arguments: [UInt64(4), 5])
    func clippingBoundsEverySampleAndSumsThem(seed: UInt64) throws {
        var rng = RandomStream(seed: seed)
        let m = Self.model(&rng)
        let batch = 7, c: Float = 0.05
        let x = Tensor.normal(.matrix(batch, 4), std: 3, rng: &rng), y = Tensor.normal(.matrix(batch, 2), std: 3, rng: &rng)
        let perSample = Self.bruteForcePerSample(m, x, y)
        let dp = try DPSGD(module: m, noiseMultiplier: 0, maxGradientNorm: c, expectedBatchSize: 10)
        dp.capturing { Self.loss(m, x, y, rng: &rng).backward() }
        var noiseRng = RandomStream(seed: 9)
        let report = dp.privatizeGradients(rng: &noiseRng)
        #expect(report.batchSize == batch)
        var expected = [Float](repeating: 0, count: perSample[0].count)
        for i in 0..<batch {
            let clippedNorm = report.clipFactors[i] * report.perSampleNorms[i]
            #expect(clippedNorm <= c * (1 + 1e-6), "sample \(i): clipped norm \(clippedNorm) > C = \(c)")
            #expect(report.perSampleNorms[i] > c, "the test wants every sample clipped")
            for j in expected.indices { expected[j] += report.clipFactors[i] * perSample[i][j] / 10 }
        }
        let actual = m.parameters().flatMap { $0.grad!.toArray() }
        expectClose(actual, expected, relative: 1e-5, "clipped mean")
    }

    /// The noise added to each coordinate is N(0, (sigma C / B)^2) after the mean's division: the
    /// difference between a noised and a noise-free step on the same batch, rescaled, has standard
    /// deviation sigma (within 5 %, ~4.5 standard errors at this count) and mean about 0.
    @Test func noiseScaleMatchesSigmaTimesC() throws {
        var rng = RandomStream(seed: 12)
        let m = Sequential([Linear(40, 60, rng: &rng), ReLU(), Linear(60, 8, rng: &rng)])  // 2,948 coordinates
        let x = Tensor.normal(.matrix(16, 40), rng: &rng), y = Tensor.normal(.matrix(16, 8), rng: &rng)
        let sigma = 1.3, c: Float = 0.7, batch = 20
        func privatised(_ noise: Double) throws -> [Float] {
            let dp = try DPSGD(module: m, noiseMultiplier: noise, maxGradientNorm: c, expectedBatchSize: batch)
            defer { dp.detach() }
            var r = RandomStream(seed: 1)
            dp.capturing { Self.loss(m, x, y, rng: &r).backward() }
            var noiseRng = RandomStream(seed: 77)
            dp.privatizeGradients(rng: &noiseRng)
            return m.parameters().flatMap { $0.grad!.toArray() }
        }
        let clean = try privatised(0), noisy = try privatised(sigma)
        let z = zip(noisy, clean).map { Double(($0 - $1) * Float(batch) / c) }
        let mean = z.reduce(0, +) / Double(z.count)
        let std = (z.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(z.count - 1)).squareRoot()
        #expect(Swift.abs(std / sigma - 1) < 0.05, "noise std \(std) vs sigma \(sigma)")
        #expect(Swift.abs(mean) < 5 * sigma / Double(z.count).squareRoot(), "noise mean \(mean)")
    }

    /// A Linear used twice per sample: the per-sample gradient sums both uses (cross terms in the norm).
    @Test func layerAppliedTwicePerSample() throws {
        var rng = RandomStream(seed: 21)
        let shared = Linear(3, 3, rng: &rng)
        let head = Linear(3, 1, rng: &rng)
        let m = Sequential([shared, Tanh(), shared, head])
        let x = Tensor.normal(.matrix(4, 3), rng: &rng), y = Tensor.normal(.matrix(4, 1), rng: &rng)
        let oracle = (0..<4).map { i -> [Float] in
            var r = RandomStream(seed: 0)
            let li = mseLoss(m(x.rows(i..<(i + 1)), rng: &r), y.rows(i..<(i + 1)))
            return gradients(of: li, withRespectTo: m.parameters()).flatMap { $0.toArray() }
        }
        let dp = try DPSGD(module: m, noiseMultiplier: 0, maxGradientNorm: 1e6, expectedBatchSize: 4)
        var r = RandomStream(seed: 0)
        dp.capturing { mseLoss(m(x, rng: &r), y).backward() }
        let norms = dp.perSampleNorms()
        for i in 0..<4 {
            let direct = Float(oracle[i].reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot())
            #expect(Swift.abs(norms[i] - direct) <= 1e-5 * Swift.max(1, direct))
        }
    }

    /// The privatised step never holds the per-sample gradients (`batch x parameters` floats): in a private
    /// pool, the bytes live at the peak of a forward, backward and `privatizeGradients` pass on a
    /// 256 -> 256 -> 1 critic (66,049 parameters, batch 128: 33.8 MB materialised) stay under a tenth of
    /// the materialised size (the captured factors are `batch x (in + out)` per layer, the noise one
    /// parameter-sized tensor at a time). The negative control materialises the first layer's per-sample
    /// gradients with ``DPSGD/perSampleGradients(of:)`` in the same pool and passes that size.
    @Test func privatisedStepDoesNotMaterialisePerSampleGradients() throws {
        let pool = BufferPool()
        try BufferPool.withCurrent(pool) {
            var rng = RandomStream(seed: 31)
            let critic = Sequential([Linear(256, 256, rng: &rng), LeakyReLU(slope: 0.2), Linear(256, 1, rng: &rng)])
            let batch = 128
            let materialisedBytes = batch * critic.parameterCount * MemoryLayout<Float>.size
            let x = Tensor.normal(.matrix(batch, 256), rng: &rng)
            let dp = try DPSGD(module: critic, noiseMultiplier: 1, maxGradientNorm: 1, expectedBatchSize: batch)
            let before = pool.liveBytes
            dp.capturing { (-critic(x, rng: &rng).mean()).backward() }
            dp.privatizeGradients(rng: &rng)
            let stepPeak = pool.peakLiveBytes - before
            #expect(stepPeak < materialisedBytes / 10,
                    "the step held \(stepPeak) bytes at its peak; materialised per-sample gradients take \(materialisedBytes)")
            dp.capturing { (-critic(x, rng: &rng).mean()).backward() }
            let materialised = dp.perSampleGradients(of: dp.layers[0])
            #expect(materialised.count == batch)
            #expect(pool.peakLiveBytes - before > materialisedBytes * 9 / 10, "the control did not materialise")
        }
    }

    @Test func rejectsParametersOutsideLinearLayers() {
        var rng = RandomStream(seed: 1)
        let m = Sequential([Linear(3, 4, rng: &rng), BatchNorm1d(4)])
        #expect(throws: PrivacyError.self) {
            try DPSGD(module: m, noiseMultiplier: 1, maxGradientNorm: 1, expectedBatchSize: 8)
        }
        #expect(throws: PrivacyError.self) {
            try DPSGD(module: Linear(2, 2, rng: &rng), noiseMultiplier: 1, maxGradientNorm: 0, expectedBatchSize: 8)
        }
    }

    @Test func samplers() throws {
        var rng = RandomStream(seed: 3)
        let poisson = try DPBatchSampler(datasetSize: 2000, sampling: .poisson(rate: 0.05))
        #expect(poisson.batchesPerEpoch == 20 && poisson.expectedBatchSize == 100 && poisson.sampleRate == 0.05)
        let sizes = poisson.epoch(rng: &rng).map(\.count)
        let meanSize = Double(sizes.reduce(0, +)) / Double(sizes.count)
        let standardError: Double = (2000 * 0.05 * 0.95 / 20).squareRoot()
        #expect(Swift.abs(meanSize - 100) < 5 * standardError, "mean Poisson batch \(meanSize)")
        let shuffled = try DPBatchSampler(datasetSize: 10, sampling: .shuffled(batchSize: 4))
        let batches = shuffled.epoch(rng: &rng)
        #expect(batches.map(\.count) == [4, 4, 2])
        #expect(Set(batches.joined()) == Set(0..<10))
        #expect(shuffled.sampleRate == 1.0 / 3 && shuffled.expectedBatchSize == 4)
        #expect(throws: PrivacyError.self) { try DPBatchSampler(datasetSize: 10, sampling: .poisson(rate: 0)) }
    }
}
