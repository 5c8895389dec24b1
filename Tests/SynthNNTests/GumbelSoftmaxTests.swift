import SynthMath
import Testing
@testable import SynthNN
import SynthTestSupport

/// The fused Gumbel-softmax against the composition it replaces: gather the spans, add Gumbel noise drawn
/// row-major over the gathered columns, divide by tau, softmax per span, scatter back, and the activation
/// of the other columns.
@Suite struct GumbelSoftmaxTests {
    static func composed(_ x: Tensor, spans: [Range<Int>], tau: Float, other: Activation,
                         rng: inout RandomStream) -> Tensor {
        let inside = x.gatherColumns(spans)
        var local: [Range<Int>] = [], offset = 0
        for s in spans { local.append(offset..<(offset + s.count)); offset += s.count }
        let soft = softmax((inside + gumbelNoise(inside.shape, rng: &rng)) / tau, spans: local)
        var mask = [Float](repeating: 1, count: x.cols)
        for s in spans { for c in s { mask[c] = 0 } }
        return soft.scatterColumns(spans, width: x.cols) + x.activated(other) * Tensor(mask, shape: .matrix(1, x.cols))
    }

    @Test(arguments: [(UInt64(1), Activation.identity), (2, .tanh), (3, .sigmoid)])
    func fusedEqualsTheComposition(seed: UInt64, other: Activation) {
        var rng = RandomStream(seed: seed)
        let x = Tensor.normal(.matrix(9, 13), std: 2, rng: &rng)
        let spans = [0..<3, 4..<5, 6..<10, 11..<13]  // columns 3, 10 outside; a one-column span
        var r1 = RandomStream(seed: seed + 10), r2 = RandomStream(seed: seed + 10)
        let fused = gumbelSoftmax(x, spans: spans, temperature: 0.2, otherColumns: other, rng: &r1)
        let expected = Self.composed(x, spans: spans, tau: 0.2, other: other, rng: &r2)
        expectClose(fused.toArray(), expected.toArray(), relative: 1e-6, "Gumbel-softmax")
        #expect(r1.next() == r2.next(), "the same number of draws")
        for row in fused.toRows() {
            for s in spans { #expect(Swift.abs(row[s].reduce(0, +) - 1) < 1e-5) }
        }
    }

    /// Spans given out of column order draw their noise in the order given.
    @Test func noiseFollowsTheSpanOrder() {
        var rng = RandomStream(seed: 4)
        let x = Tensor.normal(.matrix(3, 6), rng: &rng)
        var r1 = RandomStream(seed: 5), r2 = RandomStream(seed: 5)
        let fused = gumbelSoftmax(x, spans: [3..<6, 0..<2], temperature: 0.5, rng: &r1)
        let expected = Self.composed(x, spans: [3..<6, 0..<2], tau: 0.5, other: .identity, rng: &r2)
        expectClose(fused.toArray(), expected.toArray(), relative: 1e-6, "Gumbel-softmax")
    }

    /// No spans: no draws, the other-columns activation only.
    @Test func withoutSpansOnlyTheActivationApplies() {
        var rng = RandomStream(seed: 6)
        let x = Tensor.normal(.matrix(4, 3), rng: &rng)
        var r = RandomStream(seed: 7), untouched = RandomStream(seed: 7)
        let y = gumbelSoftmax(x, spans: [], temperature: 0.2, otherColumns: .tanh, rng: &r)
        expectClose(y.toArray(), tanh(x).toArray(), relative: 0, "tanh")
        #expect(r.next() == untouched.next())
    }
}
