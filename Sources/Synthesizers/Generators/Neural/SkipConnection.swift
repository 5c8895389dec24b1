import SynthMath
import SynthNN

/// SynthCity's `ResidualLayer`: `cat([act(linear(dropout(x))), x], dim 1)` (no batch norm by default), so
/// the width grows by the layer's output width. CTGAN's own block (with batch norm) is SynthNN's
/// ``Residual``.
public final class SkipConnection: Module, Layer {
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
        let input = isTraining && dropout > 0 ? SynthNN.dropout(x, probability: dropout, rng: &rng) : x
        return concatColumns([linear(input, activation: activation), x])
    }
}
