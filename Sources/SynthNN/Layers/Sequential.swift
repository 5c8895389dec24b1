import SynthMath

/// Layers applied in order. A ``Linear`` followed by an ``ActivationLayer`` runs as one fused operation
/// (bias and activation in a single pass after the sgemm).
public final class Sequential: Module, Layer {
    public let layers: [any Layer]

    public init(_ layers: [any Layer]) { self.layers = layers }

    public override var children: [Module] { layers }

    public func callAsFunction(_ x: Tensor, rng: inout RandomStream) -> Tensor {
        var h = x
        var i = 0
        while i < layers.count {
            if let lin = layers[i] as? Linear, i + 1 < layers.count, let act = layers[i + 1] as? ActivationLayer {
                h = lin(h, activation: act.activation)
                i += 2
            } else {
                h = layers[i](h, rng: &rng)
                i += 1
            }
        }
        return h
    }
}
