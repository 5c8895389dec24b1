import SynthMath

/// Inverted dropout (`nn.Dropout`): in training each element is zeroed with probability `p` and the rest
/// scaled by `1 / (1 - p)`; in evaluation it is the identity.
public final class Dropout: Module, Layer {
    public let probability: Float
    public init(_ probability: Float = 0.5) {
        precondition(probability >= 0 && probability <= 1, "dropout probability must be in [0, 1], got \(probability)")
        self.probability = probability
    }
    public func callAsFunction(_ x: Tensor, rng: inout RandomStream) -> Tensor {
        isTraining ? dropout(x, probability: probability, rng: &rng) : x
    }
}
