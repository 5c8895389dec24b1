import SynthNN
import SynthTable

/// A neural synthesizer run with `precision=bf16`: fitting and sampling happen inside
/// ``MatrixPrecision/run(_:)``, so every matrix product of the model takes bf16 inputs with fp32 sums
/// (or stays fp32 where ``BF16Selection`` found no faster kernel, which the notes then say).
///
/// `precision=fp32` (the default) builds the synthesizer unwrapped, so fp32 runs take exactly the code
/// path they took before the option existed.
final class PrecisionScopedSynthesizer: PrivacyAccounted {
    let wrapped: any Synthesizer
    let precision: MatrixPrecision

    init(_ wrapped: any Synthesizer, precision: MatrixPrecision) {
        self.wrapped = wrapped; self.precision = precision
    }

    func fit(_ table: Table, metadata: Metadata, context: SynthesisContext) throws {
        let selection = BF16Selection.current
        if precision == .bf16 && selection.kernel == nil {
            context.logger.notice("precision=bf16: the matrix products stay fp32: \(selection.reason)")
        } else {
            context.logger.info("matrix products: \(BF16Selection.summary(requested: precision))")
        }
        try precision.run { try wrapped.fit(table, metadata: metadata, context: context) }
    }

    func sample(count: Int, seed: UInt64, context: SynthesisContext) throws -> Table {
        try precision.run { try wrapped.sample(count: count, seed: seed, context: context) }
    }

    /// The wrapped model's notes and `matrix_precision`: what was asked, what ran, on which kernel and why.
    var fitNotes: [String: NoteValue] {
        var notes = wrapped.fitNotes
        notes["matrix_precision"] = Self.note(requested: precision)
        return notes
    }

    var privacyReport: PrivacyReport? { (wrapped as? any PrivacyAccounted)?.privacyReport }

    static func note(requested: MatrixPrecision) -> NoteValue {
        let s = BF16Selection.current
        return .object([
            "requested": .string(requested.rawValue),
            "effective": .string(requested == .bf16 && s.kernel != nil ? "bf16" : "fp32"),
            "kernel": .string(s.kernel ?? "cblas_sgemm (\(s.blasCore))"),
            "reason": .string(s.reason),
        ])
    }
}

extension MethodCatalog {
    /// The matrix-product precision of a neural method (docs/nn.md §7.2).
    static let precisionParameter = MethodParameter(
        "precision", .choice(MatrixPrecision.allCases.map(\.rawValue)), default: .string("fp32"),
        help: "matrix products: fp32 (sgemm), or bf16 inputs with fp32 sums where a faster bf16 kernel exists")

    /// `synthesizer` run at the resolved `precision` (unwrapped for fp32 and for methods without the parameter).
    static func applyingPrecision(_ synthesizer: any Synthesizer, _ p: ResolvedParameters) -> any Synthesizer {
        guard case .string(let name)? = p.values["precision"], let precision = MatrixPrecision(rawValue: name),
              precision != .fp32 else { return synthesizer }
        return PrecisionScopedSynthesizer(synthesizer, precision: precision)
    }
}
