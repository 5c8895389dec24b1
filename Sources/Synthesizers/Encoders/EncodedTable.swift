/// A table encoded for a neural generator: `rowCount` x `width` Float32 values, row-major, laid out as the
/// transformer's ``TabularLayout`` says, with the category frequencies of every discrete span.
public struct EncodedTable: Sendable, Equatable {
    public let rowCount: Int
    public let width: Int
    /// Row i, encoded column j is `values[i * width + j]`.
    public var values: [Float]
    /// One entry per discrete span, in layout order.
    public let frequencies: [DiscreteSpanFrequencies]
}
