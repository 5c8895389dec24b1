/// Captures, during a backward pass, what per-sample gradients of ``Linear`` layers are made of: the
/// layer input `x` (`batch x in`) and the gradient of its pre-activation output `Gz` (`batch x out`). The
/// per-sample gradient of sample `i` is the outer product `Gz_i ⊗ x_i` for the weight and `Gz_i` for the
/// bias (Opacus's `GradSampleModule` forms the same products with einsum); ``DPSGD`` computes their norms
/// and clipped sums from these factors without materialising them.
public final class PerSampleGradientRecorder {
    /// Whether ``Linear`` backward passes are captured now (set by ``DPSGD/capturing(_:)``).
    public internal(set) var isRecording = false

    struct Capture {
        let input: Tensor
        let outputGradient: Tensor
    }

    /// Captures per weight tensor, in the order the layers were first seen.
    private(set) var captures: [ObjectIdentifier: [Capture]] = [:]

    public init() {}

    func record(weight: Tensor, bias: Tensor?, input: Tensor, outputGradient: Tensor) {
        precondition(input.rows == outputGradient.rows, "per-sample capture: \(input.rows) inputs, \(outputGradient.rows) gradients")
        captures[ObjectIdentifier(weight), default: []].append(Capture(input: input, outputGradient: outputGradient))
    }

    func captures(for weight: Tensor) -> [Capture] { captures[ObjectIdentifier(weight)] ?? [] }

    /// Drops every capture (their buffers go back to the pool).
    public func clear() { captures.removeAll(keepingCapacity: true) }
}
