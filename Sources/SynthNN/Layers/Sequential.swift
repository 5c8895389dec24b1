import SynthMath

/// Layers applied in order. A ``Linear`` followed by an ``ActivationLayer`` runs as one fused operation
/// (bias and activation in a single pass after the sgemm).
public final class Sequential: Module, Layer {
    public let layers: [any Layer]

    public init(_ layers: [any Layer]) { self.layers = layers }

    public override var children: [Module] { layers }

    public func callAsFunction(_ x: Tensor, rng: inout RandomStream) -> Tensor {
        run(x, from: 0, rng: &rng)
    }

    /// The network on an input given as column blocks (`x` = their concatenation), the same function as
    /// on `x`. Leading ``ConcatenatingBlock``s each add their features as a new first block
    /// (`[h_k, ..., h_1, x]`) instead of concatenating, and a ``Linear`` after them reads the blocks
    /// directly (``linear(_:weight:bias:activation:)`` over blocks); any other layer gets the concatenation.
    public func callAsFunction(_ input: [ColumnBlock], rng: inout RandomStream) -> Tensor {
        var blocks = input
        var i = 0
        while i < layers.count {
            if let block = layers[i] as? any ConcatenatingBlock {
                blocks.insert(.dense(block.features(blocks, rng: &rng)), at: 0)
                i += 1
            } else if let lin = layers[i] as? Linear {
                let act = i + 1 < layers.count ? layers[i + 1] as? ActivationLayer : nil
                let h = lin(blocks, activation: act?.activation ?? .identity)
                return run(h, from: i + (act == nil ? 1 : 2), rng: &rng)
            } else {
                break
            }
        }
        return run(concatColumns(blocks), from: i, rng: &rng)
    }

    /// The layers for a run of unrecorded passes with the same weights: an ``InferenceLinear`` for each linear
    /// layer (its weight transposed once), nil for the others; for ``callAsFunction(_:inference:rng:)``.
    public func inferenceLayers() -> [InferenceLinear?] { layers.map { ($0 as? Linear).map(InferenceLinear.init) } }

    /// The network on `x`, its linear layers run by `inference` (``inferenceLayers()``, made from these weights):
    /// the same values.
    public func callAsFunction(_ x: Tensor, inference: [InferenceLinear?], rng: inout RandomStream) -> Tensor {
        precondition(inference.count == layers.count, "inference layers made from another network")
        return run(x, from: 0, inference: inference, rng: &rng)
    }

    /// Layers `start...` on `x`; a linear layer through its entry of `inference` when given.
    private func run(_ x: Tensor, from start: Int, inference: [InferenceLinear?]? = nil, rng: inout RandomStream) -> Tensor {
        var h = x
        var i = start
        while i < layers.count {
            if let fast = inference?[i] {
                let act = i + 1 < layers.count ? layers[i + 1] as? ActivationLayer : nil
                h = fast(h, activation: act?.activation ?? .identity)
                i += act == nil ? 1 : 2
            } else if let lin = layers[i] as? Linear, i + 1 < layers.count, let act = layers[i + 1] as? ActivationLayer {
                h = lin(h, activation: act.activation)
                i += 2
            } else {
                h = layers[i](h, rng: &rng)
                i += 1
            }
        }
        return h
    }
}
