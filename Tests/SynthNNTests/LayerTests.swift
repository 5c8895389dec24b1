import Foundation
import SynthMath
import Testing
@testable import SynthNN
import SynthTestSupport

/// Layers: initialisation, training/evaluation modes, fusion, parameter collections.
@Suite("Layers")
struct LayerTests {
    /// PyTorch's default Linear init: W and b uniform on [-1/sqrt(in), 1/sqrt(in)], so mean 0 and variance
    /// bound^2 / 3. The same seed gives the same bytes.
    @Test func linearInitialisationIsKaimingUniform() {
        var rng = RandomStream(seed: 5)
        let layer = Linear(64, 300, rng: &rng)
        let bound: Float = 1 / 8
        let w = layer.weight.toArray(), b = layer.bias!.toArray()
        #expect(w.allSatisfy { Swift.abs($0) <= bound } && b.allSatisfy { Swift.abs($0) <= bound })
        let n = Double(w.count)
        let mean = w.reduce(0.0) { $0 + Double($1) } / n
        let variance = w.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / n
        let expectedVariance = Double(bound * bound) / 3
        #expect(Swift.abs(mean) < 5 * (expectedVariance / n).squareRoot())
        #expect(Swift.abs(variance / expectedVariance - 1) < 0.03)  // ~5 standard errors at n = 19,200
        #expect(b.contains { $0 < -bound / 2 } && b.contains { $0 > bound / 2 })
        var again = RandomStream(seed: 5)
        #expect(Linear(64, 300, rng: &again).weight.toArray() == w)
    }

    /// Sequential fuses Linear + activation; the result and gradients equal the unfused operations.
    @Test func fusedSequentialEqualsUnfusedOperations() {
        var rng = RandomStream(seed: 8)
        let l1 = Linear(5, 7, rng: &rng), l2 = Linear(7, 3, rng: &rng)
        let model = Sequential([l1, LeakyReLU(slope: 0.2), l2, Tanh()])
        let x = Tensor.normal(.matrix(6, 5), rng: &rng)
        let fused = model(x, rng: &rng)
        let manual = tanh(matmul(leakyReLU(matmul(x, l1.weight, transposeB: true) + l1.bias!, slope: 0.2),
                                 l2.weight, transposeB: true) + l2.bias!)
        expectClose(fused.toArray(), manual.toArray(), relative: 1e-6, "forward")
        let gFused = gradients(of: fused.square().sum(), withRespectTo: model.parameters())
        let gManual = gradients(of: manual.square().sum(), withRespectTo: model.parameters())
        for (a, b) in zip(gFused, gManual) { expectClose(a.toArray(), b.toArray(), relative: 1e-5, "gradient") }
    }

    @Test func dropoutDropsAtRateAndScalesInTrainingOnly() {
        var rng = RandomStream(seed: 2)
        let d = Dropout(0.3)
        let y = d(Tensor.ones(.matrix(100, 100)), rng: &rng).toArray()
        let zeros = y.filter { $0 == 0 }.count
        #expect(Swift.abs(Double(zeros) / 10_000 - 0.3) < 5 * (0.3 * 0.7 / 10_000).squareRoot())
        #expect(y.allSatisfy { $0 == 0 || Swift.abs($0 - 1 / 0.7) < 1e-6 })
        d.eval()
        #expect(d(Tensor.ones(.matrix(3, 3)), rng: &rng).toArray() == [Float](repeating: 1, count: 9))
    }

    /// CTGAN's Residual concatenates its output before its input; BatchNorm and the running statistics are
    /// part of the module's parameters and buffers; snapshots restore every value.
    @Test func residualParametersAndSnapshots() {
        var rng = RandomStream(seed: 3)
        let block = Residual(4, 6, rng: &rng)
        let net = Sequential([block, Linear(10, 2, rng: &rng)])
        let x = Tensor.normal(.matrix(8, 4), rng: &rng)
        let h = block(x)
        #expect(h.shape == .matrix(8, 10))
        expectClose(h.columns(6..<10).toArray(), x.toArray(), relative: 0, "the input is carried through")
        // The first 6 columns are relu(batchNorm(x Wᵀ + b)) with the batch's mean and biased variance,
        // recomputed here in Double from the layer's own parameters.
        let xs = x.toArray().map(Double.init), w = block.fc.weight.toArray().map(Double.init)
        let b = block.fc.bias!.toArray().map(Double.init)
        let gamma = block.bn.weight.toArray().map(Double.init), beta = block.bn.bias.toArray().map(Double.init)
        var expected = [Double](repeating: 0, count: 8 * 6)
        for j in 0..<6 {
            let z = (0..<8).map { i in (0..<4).reduce(b[j]) { $0 + xs[i * 4 + $1] * w[j * 4 + $1] } }
            let mean = z.reduce(0, +) / 8, variance = z.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 8
            for i in 0..<8 {
                expected[i * 6 + j] = max(0, gamma[j] * (z[i] - mean) / (variance + Double(block.bn.epsilon)).squareRoot() + beta[j])
            }
        }
        let features = h.columns(0..<6).toArray()
        #expect(zip(features, expected).allSatisfy { Swift.abs(Double($0) - $1) < 1e-4 }, "\(features) vs \(expected)")
        #expect(features.contains(0) && features.contains { $0 > 0 })
        #expect(net.parameters().count == 6 && net.buffers().count == 2)
        #expect(net.parameterCount == 4 * 6 + 6 + 6 + 6 + 10 * 2 + 2)
        let saved = net.snapshot()
        let before = net(x, rng: &rng).toArray()   // training mode: updates running statistics
        for p in net.parameters() { p.assign(p.toArray().map { $0 + 1 }) }
        net.restore(saved)
        #expect(net.snapshot() == saved)
        #expect(net(x, rng: &rng).toArray() == before)
        net.eval()
        #expect(!block.bn.isTraining && !net.isTraining)
    }

    @Test func gumbelSoftmaxLayerSamplesRowsOnTheSimplex() {
        var rng = RandomStream(seed: 4)
        let layer = GumbelSoftmax(spans: [0..<3, 4..<6], temperature: 0.2)
        let y = layer(Tensor.normal(.matrix(5, 6), rng: &rng), rng: &rng)
        for row in y.toRows() {
            #expect(Swift.abs(row[0..<3].reduce(0, +) - 1) < 1e-5 && Swift.abs(row[4..<6].reduce(0, +) - 1) < 1e-5)
        }
        // Column 3 is outside every span and passes through.
    }

    /// Same seed, same bytes: a training run is reproducible.
    @Test func trainingIsReproducible() {
        func run() -> [Float] {
            var rng = RandomStream(seed: 99)
            let m = Sequential([Linear(3, 8, rng: &rng), ReLU(), Dropout(0.2), Linear(8, 2, rng: &rng)])
            let opt = Adam(m.parameters(), learningRate: 1e-2)
            let x = Tensor.normal(.matrix(16, 3), rng: &rng), y = Tensor.normal(.matrix(16, 2), rng: &rng)
            for _ in 0..<5 {
                opt.zeroGrad()
                mseLoss(m(x, rng: &rng), y).backward()
                opt.step()
            }
            return m.parameters().flatMap { $0.toArray() }
        }
        #expect(run() == run())
    }

    @Test func embeddingLooksUpRowsAndAccumulatesTheirGradients() {
        var rng = RandomStream(seed: 6)
        let e = Embedding(4, 3, rng: &rng)
        let rows = e([2, 0, 2])
        #expect(rows.toRows() == [e.weight.toRows()[2], e.weight.toRows()[0], e.weight.toRows()[2]])
        rows.sum().backward()
        #expect(e.weight.grad!.toArray() == [1, 1, 1, 0, 0, 0, 2, 2, 2, 0, 0, 0])
    }
}

/// The uniforms behind the Gumbel noise stay strictly inside (0, 1), so the noise is always finite.
@Suite struct GumbelNoiseTests {
    @Test func extremeBitsGiveFiniteNoise() {
        for bits: UInt64 in [0, 1 << 41, UInt64.max, UInt64.max - (1 << 41), 0x8000_0000_0000_0000] {
            let u = openUnitFloat(bits)
            #expect(u > 0 && u < 1, "u = \(u) for bits \(bits)")
            let g = -Foundation.log(-Foundation.log(u))
            #expect(g.isFinite, "noise \(g) for bits \(bits)")
        }
        #expect(openUnitFloat(UInt64.max) == 1 - 0x1p-24)
        #expect(openUnitFloat(0) == 0x1p-24)
    }

    /// InferenceLinear (the weight transposed once) gives the layer's bytes, through a Sequential with ReLU and
    /// identity layers, on products above OpenBLAS's small-matrix bound (the transposed layout) and below it (the
    /// layer's own). Negative control: a copy taken before the weights change keeps giving the old values above the
    /// bound (so the copy is what runs there) and the new ones below it.
    @Test func inferenceLinearGivesTheLayersBytes() {
        var rng = RandomStream(seed: 12)
        let net = Sequential([Linear(40, 128, rng: &rng), ActivationLayer(.relu), Linear(128, 256, rng: &rng),
                              ActivationLayer(.relu), Linear(256, 40, rng: &rng)])
        for rows in [1, 7, 30, 31, 100, 1024, 1500] {  // 30 rows: 983,040 multiply-adds in the widest product
            let x = Tensor.normal(.matrix(rows, 40), std: 2, rng: &rng)
            let expected = noGrad { net(x, rng: &rng) }
            let got = noGrad { net(x, inference: net.inferenceLayers(), rng: &rng) }
            #expect(got.toArray().map(\.bitPattern) == expected.toArray().map(\.bitPattern), "\(rows) rows")
        }
        let layer = Linear(256, 256, rng: &rng), copy = InferenceLinear(layer)
        let large = Tensor.normal(.matrix(64, 256), rng: &rng), small = Tensor.normal(.matrix(8, 256), rng: &rng)
        let before = noGrad { (copy(large).toArray(), copy(small).toArray()) }
        layer.weight.withUnsafeMutableBufferPointer { w in for i in w.indices { w[i] *= 2 } }
        let after = noGrad { (copy(large).toArray(), copy(small).toArray(), layer(small).toArray()) }
        #expect(after.0 == before.0)
        #expect(after.1 != before.1 && after.1 == after.2)
    }
}
