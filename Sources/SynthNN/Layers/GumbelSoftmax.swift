import SynthMath

/// Gumbel-softmax over column spans (``gumbelSoftmax(_:spans:temperature:hard:rng:)``); synthcity's
/// `GumbelSoftmax(tau=0.2)` head. Samples in training and evaluation alike, as the reference does.
public final class GumbelSoftmax: Module, Layer {
    public let spans: [Range<Int>]?
    public let temperature: Float
    public let hard: Bool
    public init(spans: [Range<Int>]? = nil, temperature: Float = 1, hard: Bool = false) {
        precondition(temperature > 0, "Gumbel-softmax temperature must be positive, got \(temperature)")
        self.spans = spans; self.temperature = temperature; self.hard = hard
    }
    public func callAsFunction(_ x: Tensor, rng: inout RandomStream) -> Tensor {
        gumbelSoftmax(x, spans: spans, temperature: temperature, hard: hard, rng: &rng)
    }
}
