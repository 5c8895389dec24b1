import SynthMath

/// CTGAN's generator block: `cat([relu(batchNorm(linear(x))), x], dim 1)`, so the width grows by
/// `outputDimensions` per block.
public final class Residual: Module, DeterministicLayer {
    public let fc: Linear
    public let bn: BatchNorm1d

    public init(_ inputDimensions: Int, _ outputDimensions: Int, rng: inout RandomStream) {
        fc = Linear(inputDimensions, outputDimensions, rng: &rng)
        bn = BatchNorm1d(outputDimensions)
    }

    public override var children: [Module] { [fc, bn] }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        concatColumns([relu(bn(fc(x))), x])
    }
}
