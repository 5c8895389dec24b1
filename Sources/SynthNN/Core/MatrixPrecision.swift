/// The precision of the matrix products in a training or sampling run.
///
/// - `fp32`: `cblas_sgemm` (the default; bit-reproducible with a fixed OpenBLAS kernel and thread count).
/// - `bf16`: both operands of every matrix product rounded to bf16 (nearest even), products summed in
///   fp32, as PyTorch's CPU autocast does. Weights, gradients, optimizer state, reductions and every
///   other operation stay fp32. Runs on the kernel ``BF16Selection/current`` picked; where it found none
///   faster than sgemm, the products stay fp32 and the selection says why.
public enum MatrixPrecision: String, Sendable, CaseIterable, Codable {
    case fp32, bf16

    /// Where this task's matrix products go: nil for sgemm. Task-local, like ``GradMode``.
    @TaskLocal static var bf16Kernel: OneDNNMatmul? = nil

    /// Runs `body` with this precision's matrix products: for `bf16`, the selected kernel when there is
    /// one (else fp32, as ``BF16Selection/current`` records); for `fp32`, sgemm.
    public func run<R>(_ body: () throws -> R) rethrows -> R {
        guard self == .bf16, BF16Selection.current.kernel != nil, let kernel = OneDNNMatmul.shared else {
            return try Self.$bf16Kernel.withValue(nil, operation: body)
        }
        return try Self.$bf16Kernel.withValue(kernel, operation: body)
    }

    /// The precision the products of this task actually run at (`bf16` only inside ``run(_:)`` with a kernel).
    public static var effective: MatrixPrecision { bf16Kernel == nil ? .fp32 : .bf16 }
}
