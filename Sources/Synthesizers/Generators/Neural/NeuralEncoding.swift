import Foundation
import SynthMath
import SynthTable

/// The encoding step the neural generators share (CTGAN, TVAE, the DP GANs): set aside the columns SDV does
/// not model (``GeneratedColumns``: ids, PII, `unknown`), fit the mode-specific transformer in the backend's
/// flavour on the rest and encode them, timed; and the way back from generated rows to a table, the set-aside
/// columns generated as the Gaussian copula generates them.
///
/// Both backends route the columns around the model. SynthCity has no sdtypes and models every column
/// (label-encoded text, keys and names included, so it samples real values back); SynthBench does not
/// (docs/ctgan-tvae.md).
struct NeuralEncoding {
    let generated: GeneratedColumns
    let transformer: ModeSpecificTransformer
    let encoded: EncodedTable
    /// Wall seconds of transformer fit + transform.
    let seconds: Double

    /// Fits and applies the transformer; its random draws (k-means starts, SDV's sampled modes) come from
    /// `stream`. A set `cancellation` stops the fit between columns.
    init(table: Table, metadata: Metadata, backend: Backend, maxClusters: Int, stream: RandomStream,
         cancellation: CancellationFlag? = nil) throws {
        let clock = ContinuousClock()
        let start = clock.now
        var fitStream = stream.derived("fit")
        var transformStream = stream.derived("transform")
        generated = try GeneratedColumns(fitting: table, metadata: metadata)
        let modelled = try generated.modelledTable(table)
        guard modelled.columnCount > 0 else {
            throw SynthesisError.invalidData("every column is an id, PII or unknown column, generated rather than modelled; a neural generator needs at least one modelled column")
        }
        let options = ModeSpecificTransformer.Options(maxClusters: maxClusters)
        transformer = try ModeSpecificTransformer(fitting: modelled, metadata: generated.modelledMetadata(metadata),
                                                  backend: backend, options: options, stream: &fitStream,
                                                  cancellation: cancellation)
        if cancellation?.isCancelled == true { throw SynthesisError.cancelled }
        encoded = try transformer.transform(modelled, stream: &transformStream)
        seconds = (clock.now - start).seconds
    }

    /// The table for generated rows (after the output activations); `sigmas` adds TVAE's noise. The
    /// set-aside columns draw from `stream.derived("generated")`.
    func decode(_ values: [Float], rowCount: Int, sigmas: [Float]?, stream: RandomStream) throws -> Table {
        var s = stream
        let modelled = try transformer.inverse(values, rowCount: rowCount, sigmas: sigmas, stream: &s)
        return try generated.merge(modelled, stream: stream.derived("generated"))
    }

    /// Notes every neural synthesizer reports about its encoding.
    var notes: [String: NoteValue] {
        var notes: [String: NoteValue] = [
            "preprocessing_seconds": .number(seconds), "encoded_width": .number(Double(encoded.width)),
            "condition_width": .number(Double(transformer.layout.conditionWidth)), "encoder": .object(transformer.notes)]
        notes.merge(generated.notes) { a, _ in a }
        return notes
    }
}
