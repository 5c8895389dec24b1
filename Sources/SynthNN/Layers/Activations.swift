/// A layer that applies an ``Activation``; ``Sequential`` fuses it into a preceding ``Linear``.
public class ActivationLayer: Module, DeterministicLayer {
    public let activation: Activation
    public init(_ activation: Activation) {
        activation.validate()
        self.activation = activation
    }
    public func callAsFunction(_ x: Tensor) -> Tensor { x.activated(activation) }
}

/// `max(x, 0)` (`nn.ReLU`).
public final class ReLU: ActivationLayer { public init() { super.init(.relu) } }

/// Leaky ReLU (`nn.LeakyReLU`, default slope 0.01; CTGAN's discriminator uses 0.2).
public final class LeakyReLU: ActivationLayer {
    public init(slope: Float = 0.01) { super.init(.leakyReLU(slope: slope)) }
}

/// ELU (`nn.ELU`, default alpha 1).
public final class ELU: ActivationLayer { public init(alpha: Float = 1) { super.init(.elu(alpha: alpha)) } }

/// SELU (`nn.SELU`).
public final class SELU: ActivationLayer { public init() { super.init(.selu) } }

/// Hyperbolic tangent (`nn.Tanh`).
public final class Tanh: ActivationLayer { public init() { super.init(.tanh) } }

/// Logistic sigmoid (`nn.Sigmoid`).
public final class Sigmoid: ActivationLayer { public init() { super.init(.sigmoid) } }

/// SiLU, `x * sigmoid(x)` (`nn.SiLU`; TabDDPM's time-embedding MLP).
public final class SiLU: Module, DeterministicLayer {
    public override init() {}
    public func callAsFunction(_ x: Tensor) -> Tensor { silu(x) }
}

/// GELU, exact erf form (`nn.GELU()`).
public final class GELU: Module, DeterministicLayer {
    public override init() {}
    public func callAsFunction(_ x: Tensor) -> Tensor { gelu(x) }
}

/// Softmax within column spans (all columns when `spans` is nil).
public final class Softmax: Module, DeterministicLayer {
    public let spans: [Range<Int>]?
    public init(spans: [Range<Int>]? = nil) { self.spans = spans }
    public func callAsFunction(_ x: Tensor) -> Tensor { softmax(x, spans: spans) }
}

/// Log-softmax within column spans (all columns when `spans` is nil).
public final class LogSoftmax: Module, DeterministicLayer {
    public let spans: [Range<Int>]?
    public init(spans: [Range<Int>]? = nil) { self.spans = spans }
    public func callAsFunction(_ x: Tensor) -> Tensor { logSoftmax(x, spans: spans) }
}

/// Passes its input through (`nn.Identity`).
public final class Identity: Module, DeterministicLayer {
    public override init() {}
    public func callAsFunction(_ x: Tensor) -> Tensor { x }
}
