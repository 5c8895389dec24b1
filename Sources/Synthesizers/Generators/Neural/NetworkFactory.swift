import SynthMath
import SynthNN

/// The multilayer networks of CTGAN, TVAE and SynthCity's `MLP`, built layer by layer as the references
/// build them (PyTorch's default initialisation; weights drawn from `rng` in layer order).
public enum NetworkFactory {
    /// CTGAN's `Generator`: `Residual(dim, h)` blocks (Linear + BatchNorm1d + ReLU, concatenated with the
    /// input, so the width grows by h) then `Linear(dim, output)`.
    public static func ctganGenerator(input: Int, hidden: [Int], output: Int, rng: inout RandomStream) -> Sequential {
        var layers: [any Layer] = []
        var width = input
        for h in hidden {
            layers.append(Residual(width, h, rng: &rng))
            width += h
        }
        layers.append(Linear(width, output, rng: &rng))
        return Sequential(layers)
    }

    /// CTGAN's `Discriminator` body (its input is pac-grouped by the caller): (Linear, LeakyReLU(0.2),
    /// Dropout(0.5)) per hidden width, then `Linear(dim, 1)`.
    public static func ctganDiscriminator(input: Int, hidden: [Int], slope: Float = 0.2, dropout: Float = 0.5,
                                          rng: inout RandomStream) -> Sequential {
        var layers: [any Layer] = []
        var width = input
        for h in hidden {
            layers.append(Linear(width, h, rng: &rng))
            layers.append(LeakyReLU(slope: slope))
            layers.append(Dropout(dropout))
            width = h
        }
        layers.append(Linear(width, 1, rng: &rng))
        return Sequential(layers)
    }

    /// SynthCity's `MLP` (`core/models/mlp.py`) without an output head: `layers` hidden blocks of
    /// `[Dropout(p) if p > 0 and not the first] + Linear + activation`, then `Linear(width, output)`.
    /// With `residual`, each block is a ``SkipConnection``; the first outputs `units` (width becomes
    /// `units + input`), each later one outputs the current width (so the width doubles).
    public static func synthcityMLP(input: Int, output: Int, layers count: Int, units: Int, activation: Activation,
                                    dropout: Float, residual: Bool, rng: inout RandomStream) -> Sequential {
        guard count > 0 else { return Sequential([Linear(input, output, rng: &rng)]) }
        var layers: [any Layer] = []
        var width = input
        for i in 0..<count {
            let p: Float = i == 0 ? 0 : dropout
            if residual {
                let out = i == 0 ? units : width
                layers.append(SkipConnection(width, out, activation: activation, dropout: p, rng: &rng))
                width += out
            } else {
                if p > 0 { layers.append(Dropout(p)) }
                layers.append(Linear(width, units, rng: &rng))
                layers.append(ActivationLayer(activation))
                width = units
            }
        }
        layers.append(Linear(width, output, rng: &rng))
        return Sequential(layers)
    }

    /// A plain MLP: (Linear + activation) per hidden width, then `Linear(dim, output)` when `output` is
    /// given (TVAE's encoder body and decoder).
    public static func plainMLP(input: Int, hidden: [Int], output: Int?, activation: Activation,
                                rng: inout RandomStream) -> Sequential {
        var layers: [any Layer] = []
        var width = input
        for h in hidden {
            layers.append(Linear(width, h, rng: &rng))
            layers.append(ActivationLayer(activation))
            width = h
        }
        if let output { layers.append(Linear(width, output, rng: &rng)) }
        return Sequential(layers)
    }
}
