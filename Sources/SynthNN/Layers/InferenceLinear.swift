/// A ``Linear`` layer for a run of unrecorded products with the same weights (a sampler's loop of forward passes),
/// its weight transposed once into a contiguous `in x out` copy. Why: `x Wᵀ` with `W` stored `out x in` makes
/// OpenBLAS transpose `W` while packing it at every product (its `incopy`), a strided copy that cost about 3.6 % of
/// TabDDPM's reverse chain, whose row blocks repack the same weights 16 times a step; from the `in x out` copy the
/// packing is a contiguous copy. The packed values and their order are the same, so the products give the same bits
/// as ``Linear``, with one exception: OpenBLAS 0.3.21 sends products of at most 10⁶ multiply-adds to small-matrix
/// kernels on SkylakeX and Cooperlake, which sum in an order of their own per layout (half of such shapes differed),
/// so those products keep the layer's layout. Checked on the Cooperlake, SkylakeX, Haswell, Zen, Sandybridge and
/// Prescott kernels (`scripts/bench/ddpm_chain_weight_layout.c`: 325 shapes, none above 10⁶ differed) and by
/// `LayerTests`. Under bf16 precision, or with gradients recorded, it is the layer itself.
public struct InferenceLinear {
    public let layer: Linear
    /// `layer.weight`'s transpose, `in x out`, taken when this value was made: the layer's weights must not change
    /// while it is used.
    let transposedWeight: Tensor
    /// OpenBLAS's bound for its small-matrix kernels, in multiply-adds (`sgemm_small_kernel_permit`).
    static let smallProduct = 1_000_000.0

    public init(_ layer: Linear) {
        self.layer = layer
        let w = layer.weight
        transposedWeight = Tensor(uninitialized: .matrix(w.cols, w.rows))
        Kernels.transposeColumnBlock(w.pointer, rows: w.rows, columns: w.cols, stride: w.cols, into: transposedWeight.pointer)
    }

    /// `activation(x Wᵀ + b)` (`bias`: false leaves the bias out, for a caller that adds it in its own pass).
    public func callAsFunction(_ x: Tensor, activation: Activation = .identity, bias: Bool = true) -> Tensor {
        let b = bias ? layer.bias : nil
        let m = x.rank == 2 ? x.rows : 1, n = layer.outputDimensions
        guard !GradMode.isEnabled, MatrixPrecision.bf16Kernel == nil, x.rank == 2,
              Double(m) * Double(n) * Double(x.cols) > Self.smallProduct else {
            return linear(x, weight: layer.weight, bias: b, activation: activation)
        }
        precondition(x.cols == layer.inputDimensions,
                     "InferenceLinear: input has \(x.cols) features, the layer expects \(layer.inputDimensions)")
        let out = Tensor(uninitialized: .matrix(m, n))
        Kernels.gemm(m: m, n: n, k: x.cols, x.pointer, lda: x.cols, transposeA: false, transposedWeight.pointer, ldb: n,
                     transposeB: false, into: out.pointer, ldc: n, beta: 0)
        if b != nil || activation != .identity {
            activation.apply(out.pointer, bias: b?.pointer, rows: m, cols: n, into: out.pointer)
        }
        return out
    }
}
