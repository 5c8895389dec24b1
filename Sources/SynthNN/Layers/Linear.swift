import SynthMath

/// `y = x Wᵀ + b` with `W` of shape `out x in` (PyTorch's `nn.Linear`).
///
/// Initialisation is PyTorch's default: `kaiming_uniform_(W, a = sqrt 5)`, i.e. `W ~ U(-1/sqrt(in),
/// 1/sqrt(in))`, then `b ~ U(-1/sqrt(in), 1/sqrt(in))`, weight first, row-major, from `rng`.
public final class Linear: Module, DeterministicLayer {
    public let weight: Tensor
    public let bias: Tensor?
    /// Set by ``DPSGD`` to capture per-sample gradients.
    public var recorder: PerSampleGradientRecorder?

    public var inputDimensions: Int { weight.cols }
    public var outputDimensions: Int { weight.rows }

    public init(_ inputDimensions: Int, _ outputDimensions: Int, bias: Bool = true, rng: inout RandomStream) {
        precondition(inputDimensions > 0 && outputDimensions > 0,
                     "Linear needs positive dimensions, got \(inputDimensions) -> \(outputDimensions)")
        let bound = 1 / Float(inputDimensions).squareRoot()
        weight = Tensor.uniform(.matrix(outputDimensions, inputDimensions), low: -bound, high: bound, rng: &rng)
        weight.requiresGrad = true
        if bias {
            let b = Tensor.uniform(.vector(outputDimensions), low: -bound, high: bound, rng: &rng)
            b.requiresGrad = true
            self.bias = b
        } else {
            self.bias = nil
        }
        super.init()
    }

    public override var ownParameters: [Tensor] { bias.map { [weight, $0] } ?? [weight] }

    public func callAsFunction(_ x: Tensor) -> Tensor { callAsFunction(x, activation: .identity) }

    /// The layer followed by an activation, fused into one pass after the sgemm.
    public func callAsFunction(_ x: Tensor, activation: Activation) -> Tensor {
        linear(x, weight: weight, bias: bias, activation: activation, recorder: recorder)
    }

    /// The layer on an input given as column blocks (``linear(_:weight:bias:activation:)`` over blocks: no
    /// concatenation, one-hot blocks gathered, no input gradient for constant blocks). With a DP-SGD
    /// ``recorder`` attached the blocks are concatenated and the dense path runs, since per-sample
    /// gradients are recorded from the whole input.
    public func callAsFunction(_ blocks: [ColumnBlock], activation: Activation = .identity) -> Tensor {
        if recorder != nil || (blocks.count == 1 && blocks[0].isDense) {
            return callAsFunction(concatColumns(blocks), activation: activation)
        }
        return linear(blocks, weight: weight, bias: bias, activation: activation)
    }
}
