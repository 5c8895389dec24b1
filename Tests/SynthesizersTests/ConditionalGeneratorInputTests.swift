import Testing
import SynthMath
import SynthNN
@testable import Synthesizers
import SynthTestSupport

/// The generators read `[z, c]` as column blocks (noise, one-hot condition indices). For the same weights
/// they compute what they computed on the dense `[z, c]` matrix: outputs, BatchNorm statistics and
/// parameter gradients, for both flavours' networks.
@Suite("Conditional generator input")
struct ConditionalGeneratorInputTests {
    /// Same sums of products, added in another order.
    static let blockOrder: Float = 1e-5

    /// A layout with two continuous columns (value + 3 modes) and discrete columns of 3 and 4 categories.
    static let layout = TabularLayout(columnNames: ["a", "b", "c", "d"], spans: [
        .init(start: 0, width: 1, kind: .continuousValue, column: 0), .init(start: 1, width: 3, kind: .mode, column: 0),
        .init(start: 4, width: 3, kind: .discrete, column: 1),
        .init(start: 7, width: 1, kind: .continuousValue, column: 2), .init(start: 8, width: 3, kind: .mode, column: 2),
        .init(start: 11, width: 4, kind: .discrete, column: 3),
    ])

    static func configurations() -> [ConditionalGANConfiguration] {
        var sdv = ConditionalGANConfiguration.sdv
        sdv.embeddingDimension = 6; sdv.generator = .ctganResidual([8, 5]); sdv.discriminator = .ctgan([4])
        var synthcity = ConditionalGANConfiguration.synthcity
        synthcity.embeddingDimension = 6; synthcity.generator = .synthcityResidual(layers: 2, units: 7, activation: .relu)
        synthcity.discriminator = .synthcity(layers: 1, units: 4, activation: .leakyReLU(slope: 0.01), dropout: 0.1)
        return [sdv, synthcity]
    }

    @Test(arguments: [0, 1])
    func generatorMatchesTheDenseInput(flavour: Int) {
        let cfg = Self.configurations()[flavour]
        var w1 = RandomStream(seed: 40), w2 = RandomStream(seed: 40)
        let a = ConditionalGAN(configuration: cfg, layout: Self.layout, rng: &w1)
        let b = ConditionalGAN(configuration: cfg, layout: Self.layout, rng: &w2)
        let rows = 12
        let categories: [Int32] = (0..<rows).map { Int32(($0 * 5) % Self.layout.conditionWidth) }
        var n1 = RandomStream(seed: 3), n2 = RandomStream(seed: 3)
        let blocks = categories.withUnsafeBufferPointer { a.generatorInput(categories: $0.baseAddress!, rows: rows, rng: &n1) }
        // The dense input as the generator used to receive it: z drawn row by row, then the one-hot of c.
        let cw = Self.layout.conditionWidth, e = cfg.embeddingDimension
        let dense = Tensor.zeros(.matrix(rows, e + cw))
        dense.withUnsafeMutableBufferPointer { p in
            for r in 0..<rows {
                ZigguratNormal.fill(UnsafeMutableBufferPointer(start: p.baseAddress! + r * (e + cw), count: e), rng: &n2)
                p[r * (e + cw) + e + Int(categories[r])] = 1
            }
        }
        #expect(concatColumns(blocks).toArray() == dense.toArray())
        var r1 = RandomStream(seed: 9), r2 = RandomStream(seed: 9)
        let yBlock = a.generator(blocks, rng: &r1), yDense = b.generator(dense, rng: &r2)
        expectClose(yBlock.toArray(), yDense.toArray(), relative: Self.blockOrder, "generator output")
        for (x, y) in zip(a.generator.buffers(), b.generator.buffers()) {
            expectClose(x.toArray(), y.toArray(), relative: Self.blockOrder, "running statistics")
        }
        let target = Tensor.normal(yDense.shape, rng: &r1)
        (yBlock * target).sum().backward()
        (yDense * target).sum().backward()
        #expect(a.generator.parameters().count == b.generator.parameters().count)
        for (k, (p, q)) in zip(a.generator.parameters(), b.generator.parameters()).enumerated() {
            expectClose(p.grad!.toArray(), q.grad!.toArray(), relative: Self.blockOrder, "gradient of parameter \(k)")
        }
    }

    /// SynthCity's residual MLP with dropout (TVAE's decoder option) masks the concatenation, drawing the same
    /// masks from the stream as on the dense input.
    @Test func skipConnectionWithDropout() {
        func network() -> Sequential {
            var rng = RandomStream(seed: 12)
            return NetworkFactory.synthcityMLP(input: 9, output: 4, layers: 3, units: 6, activation: .leakyReLU(slope: 0.01),
                                               dropout: 0.3, residual: true, rng: &rng)
        }
        let a = network(), b = network()
        var rng = RandomStream(seed: 2)
        let z = Tensor.normal(.matrix(10, 5), rng: &rng)
        let c = OneHotColumns(indices: (0..<10).map { Int32($0 % 4) }, width: 4)
        var r1 = RandomStream(seed: 8), r2 = RandomStream(seed: 8)
        let yBlock = a([.dense(z), .oneHot(c)], rng: &r1)
        let yDense = b(concatColumns([z, c.matrix()]), rng: &r2)
        expectClose(yBlock.toArray(), yDense.toArray(), relative: Self.blockOrder, "output with dropout")
        #expect(r1.next() == r2.next())
        yBlock.sum().backward(); yDense.sum().backward()
        for (p, q) in zip(a.parameters(), b.parameters()) { expectClose(p.grad!.toArray(), q.grad!.toArray(), relative: Self.blockOrder, "gradient") }
    }
}
