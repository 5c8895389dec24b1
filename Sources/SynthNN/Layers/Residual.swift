import SynthMath

/// CTGAN's generator block: `cat([relu(batchNorm(linear(x))), x], dim 1)`, so the width grows by
/// `outputDimensions` per block.
public final class Residual: Module, DeterministicLayer, ConcatenatingBlock {
    public let fc: Linear
    public let bn: BatchNorm1d

    public init(_ inputDimensions: Int, _ outputDimensions: Int, rng: inout RandomStream) {
        fc = Linear(inputDimensions, outputDimensions, rng: &rng)
        bn = BatchNorm1d(outputDimensions)
    }

    public override var children: [Module] { [fc, bn] }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        concatColumns([features([.dense(x)]), x])
    }

    /// `relu(batchNorm(linear(x)))` for `x` given as column blocks.
    public func features(_ input: [ColumnBlock]) -> Tensor { bn(fc(input), activation: .relu) }

    public func features(_ input: [ColumnBlock], rng: inout RandomStream) -> Tensor { features(input) }
}
