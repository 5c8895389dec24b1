import SynthMath

/// A module that maps a batch to a batch. Randomness (dropout masks, Gumbel noise) is drawn from the
/// stream passed in, in a fixed order, so the same seed gives the same result.
public protocol Layer: Module {
    func callAsFunction(_ x: Tensor, rng: inout RandomStream) -> Tensor
}

/// A layer that draws no random numbers and can be called without a stream.
public protocol DeterministicLayer: Layer {
    func callAsFunction(_ x: Tensor) -> Tensor
}

extension DeterministicLayer {
    public func callAsFunction(_ x: Tensor, rng: inout RandomStream) -> Tensor { callAsFunction(x) }
}
