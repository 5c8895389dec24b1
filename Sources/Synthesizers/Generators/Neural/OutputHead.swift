import SynthMath
import SynthNN

/// The output activations of a generator or decoder over an encoded row (CTGAN's `_apply_activate`,
/// SynthCity's `MultiActivationHead`): the scalar of each continuous column through `tanh` (CTGAN, both
/// TVAEs) or unchanged (SynthCity's CTGAN), every one-hot span (mixture mode, discrete category) through a
/// Gumbel-softmax with temperature `tau` (0.2 in both references).
public struct OutputHead: Sendable {
    public enum ScalarActivation: String, Sendable {
        case tanh
        case identity
    }

    public let width: Int
    public let scalarActivation: ScalarActivation
    public let temperature: Float
    /// The continuous scalars' columns and the one-hot spans, in encoded-row coordinates.
    public let scalarSpans: [Range<Int>]
    public let oneHotSpans: [Range<Int>]
    /// The one-hot spans after gathering them side by side.
    let packedOneHotSpans: [Range<Int>]

    public init(layout: TabularLayout, scalarActivation: ScalarActivation, temperature: Float = 0.2) {
        width = layout.width
        self.scalarActivation = scalarActivation
        self.temperature = temperature
        scalarSpans = layout.spans.filter { $0.kind == .continuousValue }.map { $0.start..<$0.end }
        oneHotSpans = layout.spans.filter { $0.kind != .continuousValue }.map { $0.start..<$0.end }
        var packed: [Range<Int>] = []
        var offset = 0
        for s in oneHotSpans { packed.append(offset..<(offset + s.count)); offset += s.count }
        packedOneHotSpans = packed
    }

    /// The activated rows, in one fused pass (``gumbelSoftmax(_:spans:temperature:hard:otherColumns:rng:)``):
    /// every column is written once, the spans by the Gumbel-softmax, the scalars by the scalar activation.
    /// The noise is drawn row by row over the one-hot spans in layout order.
    public func callAsFunction(_ logits: Tensor, rng: inout RandomStream) -> Tensor {
        precondition(logits.cols == width, "OutputHead: \(logits.cols) columns, layout width \(width)")
        return gumbelSoftmax(logits, spans: oneHotSpans, temperature: temperature,
                             otherColumns: scalarActivation == .tanh ? .tanh : .identity, rng: &rng)
    }
}
