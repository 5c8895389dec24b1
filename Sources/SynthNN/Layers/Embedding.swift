import SynthMath

/// A lookup table of `count` learned vectors of `dimension` values (`nn.Embedding`), initialised
/// `N(0, 1)` as PyTorch does; TabDDPM embeds class labels with it. The gradient adds back into the rows
/// looked up.
public final class Embedding: Module {
    public let weight: Tensor

    public init(_ count: Int, _ dimension: Int, rng: inout RandomStream) {
        precondition(count > 0 && dimension > 0, "Embedding needs positive sizes, got \(count) x \(dimension)")
        weight = Tensor.normal(.matrix(count, dimension), rng: &rng)
        weight.requiresGrad = true
    }

    public override var ownParameters: [Tensor] { [weight] }

    /// The rows for `indices` (each in `0..<count`): an `indices.count x dimension` matrix.
    public func callAsFunction(_ indices: [Int]) -> Tensor { weight.gatherRows(indices) }
}
