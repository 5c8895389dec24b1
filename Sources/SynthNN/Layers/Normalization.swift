/// Batch normalisation of a `batch x features` input (`nn.BatchNorm1d`): affine weight 1 and bias 0,
/// running mean 0 and variance 1, momentum 0.1, epsilon 1e-5. Training mode normalises with the batch
/// statistics and updates the running ones (unbiased variance); evaluation mode uses the running ones.
public final class BatchNorm1d: Module, DeterministicLayer {
    public let weight: Tensor
    public let bias: Tensor
    public let runningMean: Tensor
    public let runningVariance: Tensor
    public let momentum: Float
    public let epsilon: Float

    public init(_ features: Int, momentum: Float = 0.1, epsilon: Float = 1e-5) {
        precondition(features > 0, "BatchNorm1d needs a positive feature count")
        weight = Tensor.ones(.vector(features)); weight.requiresGrad = true
        bias = Tensor.zeros(.vector(features)); bias.requiresGrad = true
        runningMean = Tensor.zeros(.vector(features))
        runningVariance = Tensor.ones(.vector(features))
        self.momentum = momentum
        self.epsilon = epsilon
    }

    public override var ownParameters: [Tensor] { [weight, bias] }
    public override var ownBuffers: [Tensor] { [runningMean, runningVariance] }

    public func callAsFunction(_ x: Tensor) -> Tensor { callAsFunction(x, activation: .identity) }

    /// The layer followed by an activation in the same pass (`relu(bn(x))` in CTGAN's residual block):
    /// one output tensor and one fused backward instead of two.
    public func callAsFunction(_ x: Tensor, activation: Activation) -> Tensor {
        batchNorm(x, weight: weight, bias: bias, runningMean: runningMean, runningVariance: runningVariance,
                  training: isTraining, momentum: momentum, epsilon: epsilon, activation: activation)
    }
}
