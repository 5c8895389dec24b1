import SynthNN

/// The loss that pulls a generated discrete column toward the conditioned category, over each row's
/// selected column, with the buffers it reuses from step to step.
public struct ConditionalLoss {
    public enum Kind: String, Sendable {
        /// CTGAN `_cond_loss`: cross-entropy of the raw logits, summed over each row's selected column, / batch.
        case crossEntropyOnLogits
        /// SynthCity `_generator_cond_loss`: `NLLLoss(log(activated + 1e-8))` averaged over the rows that
        /// selected each column, summed over columns, / batch.
        case negativeLogLikelihoodOfActivated
    }

    public let kind: Kind
    let batch: Int
    let spans: Int
    /// Row-major `batch x spans` class targets and weights.
    var targets: [Int]
    var weights: [Float]
    var perColumn: [Int]

    public init(kind: Kind, batch: Int, spans: Int) {
        self.kind = kind; self.batch = batch; self.spans = spans
        targets = Array(repeating: 0, count: batch * spans)
        weights = Array(repeating: 0, count: batch * spans)
        perColumn = Array(repeating: 0, count: spans)
    }

    /// The loss for conditions `columns[i]` (discrete column) and `categories[i]` (global category) of
    /// the `batch` rows; `logits` and `activated` are the generator's output before and after its head.
    public mutating func callAsFunction(logits: Tensor, activated: Tensor, sampler: ConditionSampler,
                                        columns: [Int32], categories: [Int32]) -> Tensor {
        let b = batch, k = spans
        precondition(sampler.columnCount == k && logits.rows == b, "conditional loss shapes")
        for j in 0..<k { perColumn[j] = 0 }
        for i in 0..<b { perColumn[Int(columns[i])] += 1 }
        for i in 0..<(b * k) { targets[i] = 0; weights[i] = 0 }
        for i in 0..<b {
            let column = Int(columns[i])
            targets[i * k + column] = sampler.localCategory(Int(categories[i]), column: column)
            switch kind {
            case .crossEntropyOnLogits: weights[i * k + column] = 1 / Float(b)
            case .negativeLogLikelihoodOfActivated: weights[i * k + column] = 1 / (Float(b) * Float(perColumn[column]))
            }
        }
        let weightMatrix = Tensor(weights, shape: .matrix(b, k))
        let perSpan: Tensor
        switch kind {
        case .crossEntropyOnLogits:
            perSpan = crossEntropy(logits: logits, spans: sampler.dataSpans, targets: targets, reduction: .none)
        case .negativeLogLikelihoodOfActivated:
            let probabilities = activated.gatherColumns(sampler.dataSpans)
            perSpan = nllLoss(logProbabilities: (probabilities + 1e-8).log(), spans: sampler.conditionSpans,
                              targets: targets, reduction: .none)
        }
        return (perSpan * weightMatrix).sum()
    }
}
