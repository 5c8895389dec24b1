import SynthMath

/// A block whose output is `cat([f(x), x], dim 1)`: new features first, then its input (CTGAN's
/// ``Residual``, SynthCity's `ResidualLayer`). In a stack of such blocks layer `k` sees
/// `[h_k, ..., h_1, x]`; ``features(_:rng:)`` takes that input as column blocks, so the concatenation is
/// never formed and constant (one-hot) blocks of `x` cost a gather instead of a product
/// (``Sequential`` runs a stack this way when given column blocks).
public protocol ConcatenatingBlock: Layer {
    /// `f(x)` for `x` given as column blocks (`x` = their concatenation); the block's output is
    /// `cat([f(x), x])`.
    func features(_ input: [ColumnBlock], rng: inout RandomStream) -> Tensor
}
