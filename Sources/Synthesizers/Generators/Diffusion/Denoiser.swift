import SynthMath
import SynthNN

/// TabDDPM's `MLPDiffusion` (SynthCity's `DiffusionModel` with `model_type="mlp"`): the noisy row is
/// projected to the embedding width and added to the timestep's embedding (and, when conditional, the
/// SiLU of the class label's embedding), then an MLP predicts ε for the numerical columns and the logits
/// of `x_0` for the categorical ones:
///
///     h = Linear(d_in, e)(x_t) + Linear(e, e)(SiLU(Linear(e, e)(sinusoidal(t)))) [+ SiLU(Embedding(y))]
///     out = MLP(h)    (ReLU hidden layers, then Linear(·, d_in))
///
/// Weights are initialised as PyTorch does (``Linear``, ``Embedding``), in SynthCity's order: projection,
/// time embedding, label embedding, body.
public final class Denoiser: Module {
    public let inputWidth: Int
    public let embeddingWidth: Int
    let projection: Linear
    let time1: Linear
    let time2: Linear
    let labelEmbedding: Embedding?
    let body: Sequential

    /// - Parameters:
    ///   - hidden: the widths of the body's hidden layers (SynthCity: 3 x 256; the paper's adult: 256,
    ///     1024 x 4, 256).
    ///   - classes: number of class labels to condition on, 0 for none.
    public init(inputWidth: Int, embeddingWidth: Int, hidden: [Int], classes: Int, rng: inout RandomStream) {
        precondition(inputWidth > 0 && embeddingWidth > 0 && embeddingWidth % 2 == 0,
                     "the denoiser needs a positive input width and an even embedding width")
        self.inputWidth = inputWidth
        self.embeddingWidth = embeddingWidth
        projection = Linear(inputWidth, embeddingWidth, rng: &rng)
        time1 = Linear(embeddingWidth, embeddingWidth, rng: &rng)
        time2 = Linear(embeddingWidth, embeddingWidth, rng: &rng)
        labelEmbedding = classes > 0 ? Embedding(classes, embeddingWidth, rng: &rng) : nil
        body = NetworkFactory.plainMLP(input: embeddingWidth, hidden: hidden, output: inputWidth, activation: .relu,
                                       rng: &rng)
        super.init()
    }

    public override var children: [Module] {
        [projection, time1, time2] + (labelEmbedding.map { [$0] } ?? []) + [body]
    }

    /// The sinusoids of timesteps `0..<sinusoids.rows`, computed once: a training step reads one row per
    /// batch row instead of evaluating `embeddingWidth` sines and cosines for each (the same values, since
    /// each row depends on its timestep only).
    private var sinusoids: Tensor?

    /// The embedding of timesteps `t` (one row each).
    func timeEmbedding(_ t: [Int]) -> Tensor {
        let last = t.max() ?? 0
        if (sinusoids?.rows ?? 0) <= last {
            sinusoids = timestepEmbedding((0...last).map(Float.init), dimension: embeddingWidth)
        }
        return time2(silu(time1(sinusoids!.gatherRows(t))))
    }

    /// `projection(x) + e` for one embedding row `e` broadcast to every row, unrecorded (the reverse chain):
    /// the bias and `e` are added in one pass after the sgemm instead of two, in the same order
    /// (`(xWᵀ + b) + e`), so the same bytes.
    private func projectedWithEmbedding(_ x: Tensor, _ e: Tensor, projection: InferenceLinear) -> Tensor {
        let h = projection(x, bias: false)
        let cols = h.cols
        h.withUnsafeMutableBufferPointer { hp in
            e.withUnsafeBufferPointer { ep in
                self.projection.bias!.withUnsafeBufferPointer { bp in  // the projection is built with a bias
                    for r in 0..<h.rows {
                        let row = hp.baseAddress! + r * cols
                        for c in 0..<cols { row[c] = (row[c] + bp[c]) + ep[c] }
                    }
                }
            }
        }
        return h
    }

    /// Rows per block of the reverse chain's forward pass (see ``chainForward(_:embedding:labels:rng:)``).
    var chainRowBlock = 1024

    /// ε̂ and the categorical logits for rows `x` (`m x inputWidth`) at timesteps `t` (one per row, or one
    /// for all rows: its embedding is computed once and broadcast) with class labels `y` when conditional.
    public func callAsFunction(_ x: Tensor, timesteps t: [Int], labels y: [Int]?, rng: inout RandomStream) -> Tensor {
        precondition(t.count == x.rows || t.count == 1, "one timestep per row, or one for all rows")
        precondition(labelEmbedding == nil || y != nil, "a conditional denoiser needs a label per row")
        if t.count == 1 && !GradMode.isEnabled { return chainForward(x, embedding: timeEmbedding(t), labels: y, rng: &rng) }
        return network(projection(x) + timeEmbedding(t), labels: y, rng: &rng)
    }

    /// The label embedding's SiLU added to `h` when conditional, then the body (its linear layers through
    /// `inference` when given: ``Sequential/inferenceLayers()``).
    private func network(_ h: Tensor, labels y: [Int]?, inference: [InferenceLinear?]? = nil,
                         rng: inout RandomStream) -> Tensor {
        let input = labelEmbedding.flatMap { e in y.map { h + silu(e($0)) } } ?? h
        guard let inference else { return body(input, rng: &rng) }
        return body(input, inference: inference, rng: &rng)
    }

    /// The reverse chain's forward pass (unrecorded, one embedding row `e` for all rows), run over blocks of
    /// ``chainRowBlock`` rows through every layer: a block's activations (1024 x 256 floats, 1 MB) stay in
    /// the cache from one layer's sgemm to its bias + ReLU pass and on to the next layer, where the whole
    /// batch's (16,384 x 256, 16 MB) went through memory at every pass. With the Cooperlake and SkylakeX
    /// kernels a row's values do not depend on the other rows of its block, so the bytes are the whole
    /// batch's; with Haswell and Prescott the low bits move with the block (docs/ddpm.md §5), so there the
    /// blocked chain's samples differ in the last bits from the whole-batch chain's (same seed, same kernel,
    /// same bytes still holds). The last block takes the remainder (between 1 and 2 blocks' rows), so no
    /// block is small enough for OpenBLAS's small-matrix kernel, which sums in another order. The weights are
    /// transposed once per pass (``InferenceLinear``), so that the 16 blocks' products do not each transpose them
    /// again while packing: the same bytes.
    private func chainForward(_ x: Tensor, embedding e: Tensor, labels y: [Int]?, rng: inout RandomStream) -> Tensor {
        let m = x.rows, block = max(chainRowBlock, 1)
        let blocks = max(m / block, 1)
        let projection = InferenceLinear(self.projection), layers = body.inferenceLayers()
        if blocks == 1 {
            return network(projectedWithEmbedding(x, e, projection: projection), labels: y, inference: layers, rng: &rng)
        }
        let out = Tensor.uninitialized(.matrix(m, inputWidth))
        out.withUnsafeMutableBufferPointer { op in
            for b in 0..<blocks {
                let rows = (b * block)..<(b == blocks - 1 ? m : (b + 1) * block)
                let part = network(projectedWithEmbedding(x.rows(rows), e, projection: projection),
                                   labels: y.map { Array($0[rows]) }, inference: layers, rng: &rng)
                part.withUnsafeBufferPointer { pp in
                    (op.baseAddress! + rows.lowerBound * inputWidth).update(from: pp.baseAddress!, count: pp.count)
                }
            }
        }
        return out
    }
}
