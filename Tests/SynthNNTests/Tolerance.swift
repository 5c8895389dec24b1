/// Named tolerances for comparing against reference values (as mlx-swift's tests do).
enum Tolerance {
    /// Bit-identical: the same Float32 operations in the same order (and fused where ATen fuses) as PyTorch.
    static let exact: Float = 0
    /// Float32 within a few units in the last place of the step (PyTorch's vectorised kernels fuse some
    /// multiply-adds that the SSE build here rounds twice).
    static let float32: Float = 2e-7
    /// Float32 with transcendental functions from another libm.
    static let transcendental: Float = 2e-5
    /// Reductions whose summation order differs.
    static let reduction: Float = 1e-4
}
