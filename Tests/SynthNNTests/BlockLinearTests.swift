import SynthMath
import Testing
@testable import SynthNN
import SynthTestSupport

/// `linear` over column blocks against the dense `linear` on the materialised concatenation: outputs,
/// first-order gradients (through `gradients(of:)` and through `backward()` into reused `.grad` buffers),
/// double backward, accumulation, and networks of concatenating blocks.
@Suite("Block linear")
struct BlockLinearTests {
    static let seeds: [UInt64] = [21, 22, 23, 24, 25, 26, 27, 28]
    /// The same sums of products as the dense sgemm, added in another order (blocks, gathers).
    static let blockOrder: Float = 1e-5
    static let activations: [Activation] = [.identity, .relu, .leakyReLU(slope: 0.2), .elu(alpha: 0.7), .selu,
                                            .tanh, .sigmoid]

    /// A random layer input: 1–5 blocks, dense (some without gradient) or one-hot (some rows of zeros).
    struct Case {
        let blocks: [ColumnBlock]
        let weight: Tensor
        let bias: Tensor?
        let activation: Activation
        var dense: [Tensor] { blocks.compactMap { if case .dense(let x) = $0 { return x } else { return nil } } }
        var trainable: [Tensor] { dense.filter(\.requiresGrad) + [weight] + (bias.map { [$0] } ?? []) }
    }

    /// Widths and output counts up to `scale` (past the transposes' 16-wide tiles when large).
    static func randomCase(_ rng: inout RandomStream, scale: Int = 6) -> Case {
        let n = 1 + rng.nextInt(below: scale + 3)
        var blocks: [ColumnBlock] = []
        for _ in 0..<(1 + rng.nextInt(below: 5)) {
            if rng.nextInt(below: 2) == 0 {
                let x = Tensor.uniform(.matrix(n, 1 + rng.nextInt(below: scale + 1)), low: -1, high: 1, rng: &rng)
                x.requiresGrad = rng.nextInt(below: 3) != 0
                blocks.append(.dense(x))
            } else {
                let width = 1 + rng.nextInt(below: scale)
                let indices = (0..<n).map { _ in Int32(rng.nextInt(below: width + 1)) - 1 }
                blocks.append(.oneHot(OneHotColumns(indices: indices, width: width)))
            }
        }
        let inputs = blocks.reduce(0) { $0 + $1.width }
        let weight = Tensor.uniform(.matrix(1 + rng.nextInt(below: scale), inputs), low: -1, high: 1, rng: &rng)
        weight.requiresGrad = true
        var bias: Tensor? = nil
        if rng.nextInt(below: 4) != 0 {
            let b = Tensor.uniform(.vector(weight.rows), low: -1, high: 1, rng: &rng)
            b.requiresGrad = true
            bias = b
        }
        return Case(blocks: blocks, weight: weight, bias: bias,
                    activation: activations[rng.nextInt(below: activations.count)])
    }

    static func blockForward(_ c: Case) -> Tensor {
        linear(c.blocks, weight: c.weight, bias: c.bias, activation: c.activation)
    }

    static func denseForward(_ c: Case) -> Tensor {
        linear(concatColumns(c.blocks.map(\.matrix)), weight: c.weight, bias: c.bias, activation: c.activation)
    }

    @Test(arguments: seeds)
    func outputsAndGradientsMatchTheConcatenation(seed: UInt64) {
        var rng = RandomStream(seed: seed)
        for trial in 0..<6 {
            let c = Self.randomCase(&rng, scale: trial < 4 ? 6 : 40)
            let yBlock = Self.blockForward(c), yDense = Self.denseForward(c)
            #expect(yBlock.shape == yDense.shape)
            expectClose(yBlock.toArray(), yDense.toArray(), relative: Self.blockOrder, "output \(c.activation)")
            let seedGradient = Tensor.uniform(yDense.shape, low: -1, high: 1, rng: &rng)
            let targets = c.trainable
            let gBlock = gradients(of: yBlock, withRespectTo: targets, seed: seedGradient)
            let gDense = gradients(of: yDense, withRespectTo: targets, seed: seedGradient)
            for (k, (a, e)) in zip(gBlock, gDense).enumerated() {
                expectClose(a.toArray(), e.toArray(), relative: Self.blockOrder, "gradient \(k) of \(targets.count)")
            }
        }
    }

    /// `backward()` writes into the parameters' `.grad` buffers: fresh, accumulated within one pass (a weight
    /// used by two layers, a tensor in two blocks), and reused after `zeroGrad()`.
    @Test(arguments: seeds)
    func backwardAccumulatesIntoReusedBuffers(seed: UInt64) {
        var rng = RandomStream(seed: seed)
        let c = Self.randomCase(&rng, scale: seed % 2 == 0 ? 6 : 40)
        let shared = Tensor.uniform(.matrix(c.blocks[0].rows, 3), low: -1, high: 1, rng: &rng)
        shared.requiresGrad = true
        let second = Tensor.uniform(.matrix(2, c.weight.rows + 6), low: -1, high: 1, rng: &rng)
        second.requiresGrad = true
        // y2 = linear([y1, shared, shared], second): `shared` twice, and y1 flows back into c's blocks.
        func loss(_ first: (Case) -> Tensor) -> Tensor {
            let y1 = first(c)
            let y2 = linear([.dense(y1), .dense(shared), .dense(shared)], weight: second, bias: nil, activation: .tanh)
            return (y2 * y2).sum() + (first(c) * 0.5).sum()
        }
        let params = c.trainable + [shared, second]
        var expected: [[Float]] = []
        for round in 0..<2 {
            for p in params { p.zeroGrad() }
            loss(Self.denseForward).backward()
            let dense = params.map { $0.grad!.toArray() }
            for p in params { p.zeroGrad() }
            loss(Self.blockForward).backward()
            for (k, p) in params.enumerated() {
                expectClose(p.grad!.toArray(), dense[k], relative: Self.blockOrder, "round \(round) parameter \(k)")
            }
            if round == 0 { expected = dense } else { #expect(dense == expected) }
        }
    }

    /// Double backward (`createGraph`) goes through the recorded concatenation: same values as the dense
    /// function's, and finite differences agree to second order.
    @Test(arguments: seeds)
    func doubleBackwardMatchesTheConcatenation(seed: UInt64) {
        var rng = RandomStream(seed: seed)
        let c = Self.randomCase(&rng)
        let targets = c.trainable
        let seedGradient = Tensor.uniform(.matrix(c.blocks[0].rows, c.weight.rows), low: -1, high: 1, rng: &rng)
        func penalty(_ forward: (Case) -> Tensor) -> [[Float]] {
            let g = gradients(of: forward(c), withRespectTo: targets, seed: seedGradient, createGraph: true)
            var p = Tensor(scalar: 0)
            for t in g { p = p + t.square().sum() }
            guard p.requiresGrad else { return targets.map { [Float](repeating: 0, count: $0.count) } }
            return gradients(of: p, withRespectTo: targets).map { $0.toArray() }
        }
        let block = penalty(Self.blockForward), dense = penalty(Self.denseForward)
        for k in targets.indices { expectClose(block[k], dense[k], relative: Self.blockOrder, "second order \(k)") }

        let n = 1 + rng.nextInt(below: 3)
        let oneHot = OneHotColumns(indices: (0..<n).map { _ in Int32(rng.nextInt(below: 4)) - 1 }, width: 3)
        let x = GradientCheck.values(.matrix(n, 2), rng: &rng)
        let w = GradientCheck.values(.matrix(3, 5), rng: &rng)
        let b = GradientCheck.values(.vector(3), rng: &rng)
        GradientCheck.both("block linear tanh", [x, w, b]) {
            linear([.oneHot(oneHot), .dense($0[0])], weight: $0[1], bias: $0[2], activation: .tanh)
        }
    }

    @Test func zeroRowsAndNoDenseBlock() {
        var rng = RandomStream(seed: 5)
        let w = Tensor.uniform(.matrix(3, 6), low: -1, high: 1, rng: &rng)
        w.requiresGrad = true
        let empty = Tensor.zeros(.matrix(0, 2))
        empty.requiresGrad = true
        let y = linear([.dense(empty), .oneHot(OneHotColumns(indices: [], width: 4))], weight: w, bias: nil)
        #expect(y.shape == .matrix(0, 3))
        let g = gradients(of: y.sum(), withRespectTo: [w, empty])
        #expect(g[0].toArray() == [Float](repeating: 0, count: 18))
        #expect(g[1].count == 0)

        // Only one-hot blocks: a pure gather (rows of zeros give the bias alone).
        let b = Tensor(vector: [0.5, -1, 2])
        let h = OneHotColumns(indices: [2, -1, 0], width: 3), h2 = OneHotColumns(indices: [1, 1, -1], width: 3)
        let out = linear([.oneHot(h), .oneHot(h2)], weight: w, bias: b)
        let wv = w.toRows()
        let expected: [[Float]] = [
            (0..<3).map { wv[$0][2] + wv[$0][4] + b.toArray()[$0] },
            (0..<3).map { wv[$0][4] + b.toArray()[$0] },
            (0..<3).map { wv[$0][0] + b.toArray()[$0] },
        ]
        #expect(out.toRows() == expected)
        w.zeroGrad()
        out.sum().backward()
        // Each weight column receives one per row that selects it.
        let counts: [Float] = [1, 0, 1, 0, 2, 0]
        #expect(w.grad!.toRows() == (0..<3).map { _ in counts })
    }

    /// A stack of concatenating blocks fed column blocks equals the same stack on the concatenation:
    /// outputs, BatchNorm running statistics and every parameter's gradient.
    @Test(arguments: [31, 32, 33] as [UInt64])
    func sequentialOfResidualBlocks(seed: UInt64) {
        var rng = RandomStream(seed: seed)
        let rows = 4 + rng.nextInt(below: 6), zw = 1 + rng.nextInt(below: 5), cw = 1 + rng.nextInt(below: 5)
        func network() -> Sequential {
            var init_ = RandomStream(seed: seed + 100)
            return Sequential([Residual(zw + cw, 5, rng: &init_), Residual(zw + cw + 5, 4, rng: &init_),
                               Linear(zw + cw + 9, 3, rng: &init_), ReLU(), Linear(3, 2, rng: &init_)])
        }
        let z = Tensor.normal(.matrix(rows, zw), rng: &rng)
        let c = OneHotColumns(indices: (0..<rows).map { _ in Int32(rng.nextInt(below: cw)) }, width: cw)
        let a = network(), b = network()
        #expect(a.parameters().map { $0.toArray() } == b.parameters().map { $0.toArray() })
        var r1 = RandomStream(seed: 1), r2 = RandomStream(seed: 1)
        let yBlock = a([.dense(z), .oneHot(c)], rng: &r1)
        let yDense = b(concatColumns([z, c.matrix()]), rng: &r2)
        expectClose(yBlock.toArray(), yDense.toArray(), relative: Self.blockOrder, "output")
        for (x, y) in zip(a.buffers(), b.buffers()) {
            expectClose(x.toArray(), y.toArray(), relative: Self.blockOrder, "running statistics")
        }
        yBlock.square().sum().backward()
        yDense.square().sum().backward()
        for (k, (p, q)) in zip(a.parameters(), b.parameters()).enumerated() {
            expectClose(p.grad!.toArray(), q.grad!.toArray(), relative: Self.blockOrder, "parameter \(k)")
        }
    }

    /// With DP-SGD's per-sample recorder attached, a `Linear` on blocks runs the dense path: the per-sample
    /// norms equal those of the concatenated input.
    @Test func perSampleGradientsThroughBlocks() throws {
        func model() -> Sequential {
            var rng = RandomStream(seed: 3)
            return Sequential([Linear(7, 5, rng: &rng), LeakyReLU(slope: 0.2), Linear(5, 2, rng: &rng)])
        }
        var rng = RandomStream(seed: 4)
        let z = Tensor.normal(.matrix(6, 4), rng: &rng), y = Tensor.normal(.matrix(6, 2), rng: &rng)
        let c = OneHotColumns(indices: [0, 2, 1, -1, 2, 0], width: 3)
        let a = model(), b = model()
        let dpA = try DPSGD(module: a, noiseMultiplier: 0, maxGradientNorm: 1e6, expectedBatchSize: 6)
        let dpB = try DPSGD(module: b, noiseMultiplier: 0, maxGradientNorm: 1e6, expectedBatchSize: 6)
        dpA.capturing { mseLoss(a([.dense(z), .oneHot(c)], rng: &rng), y).backward() }
        dpB.capturing { mseLoss(b(concatColumns([z, c.matrix()]), rng: &rng), y).backward() }
        #expect(dpA.perSampleNorms() == dpB.perSampleNorms())
    }

    /// A layer that neither concatenates nor is linear gets the concatenation.
    @Test func sequentialFallsBackToTheConcatenation() {
        var rng = RandomStream(seed: 9)
        let net = Sequential([Tanh(), Linear(5, 2, rng: &rng)])
        let z = Tensor.normal(.matrix(3, 2), rng: &rng)
        let c = OneHotColumns(indices: [0, 2, -1], width: 3)
        var r = RandomStream(seed: 1)
        let y = net([.dense(z), .oneHot(c)], rng: &r)
        #expect(y.toArray() == net(concatColumns([z, c.matrix()]), rng: &r).toArray())
    }
}
