import SynthMath
import SynthNN

/// SynthCity's `ResidualLayer`: `cat([act(linear(dropout(x))), x], dim 1)` (no batch norm by default), so
/// the width grows by the layer's output width. CTGAN's own block (with batch norm) is SynthNN's
/// ``Residual``.
public final class SkipConnection: Module, ConcatenatingBlock {
    public let linear: Linear
    public let activation: Activation
    public let dropout: Float

    public init(_ inputDimensions: Int, _ outputDimensions: Int, activation: Activation, dropout: Float,
                rng: inout RandomStream) {
        linear = Linear(inputDimensions, outputDimensions, rng: &rng)
        self.activation = activation
        self.dropout = dropout
    }

    public override var children: [Module] { [linear] }

    public func callAsFunction(_ x: Tensor, rng: inout RandomStream) -> Tensor {
        concatColumns([features([.dense(x)], rng: &rng), x])
    }

    /// `act(linear(dropout(x)))` for `x` given as column blocks. Dropout (training only) masks the whole
    /// input, one-hot blocks included, so it runs on the concatenation; without it the blocks go to the
    /// linear layer as they are.
    public func features(_ input: [ColumnBlock], rng: inout RandomStream) -> Tensor {
        if isTraining && dropout > 0 {
            return linear(SynthNN.dropout(concatColumns(input), probability: dropout, rng: &rng), activation: activation)
        }
        return linear(input, activation: activation)
    }
}
