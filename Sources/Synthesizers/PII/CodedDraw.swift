import SynthMath

/// A PII value drawn as parts and written after, whose parts have a dense ``code`` that is equal for two
/// draws exactly when their written values are. A unique column (Faker's `unique`: draw again until the
/// value is new) then tells a repeat from one bit per code, without writing or hashing the value
/// (``IdentifierGenerator``); the values, and so the draws, are the ones the provider writes.
protocol CodedDraw {
    /// The codes are `0..<codeCount`.
    static var codeCount: Int { get }
    static func draw(_ s: inout RandomStream) -> Self
    var code: Int { get }
    func write(into w: inout ASCIIWriter)
}

extension UserNameParts: CodedDraw {}
extension EmailParts: CodedDraw {}
