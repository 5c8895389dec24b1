import Foundation
import SynthMath
import SynthTable

/// The encoding step CTGAN and TVAE share: fit the mode-specific transformer in the backend's flavour and
/// encode the table, timed; and the way back from generated rows to a table.
struct NeuralEncoding {
    let transformer: ModeSpecificTransformer
    let encoded: EncodedTable
    /// Wall seconds of transformer fit + transform.
    let seconds: Double

    /// Fits and applies the transformer; its random draws (k-means starts, SDV's sampled modes) come from
    /// `stream`.
    init(table: Table, metadata: Metadata, backend: Backend, maxClusters: Int, stream: RandomStream) throws {
        let clock = ContinuousClock()
        let start = clock.now
        var fitStream = stream.derived("fit")
        var transformStream = stream.derived("transform")
        let options = ModeSpecificTransformer.Options(maxClusters: maxClusters)
        transformer = try ModeSpecificTransformer(fitting: table, metadata: metadata, backend: backend, options: options,
                                                  stream: &fitStream)
        encoded = try transformer.transform(table, stream: &transformStream)
        seconds = (clock.now - start).seconds
    }

    /// The table for generated rows (after the output activations); `sigmas` adds TVAE's noise.
    func decode(_ values: [Float], rowCount: Int, sigmas: [Float]?, stream: RandomStream) throws -> Table {
        var s = stream
        return try transformer.inverse(values, rowCount: rowCount, sigmas: sigmas, stream: &s)
    }

    /// Notes every neural synthesizer reports about its encoding.
    var notes: [String: NoteValue] {
        ["preprocessing_seconds": .number(seconds), "encoded_width": .number(Double(encoded.width)),
         "condition_width": .number(Double(transformer.layout.conditionWidth)),
         "encoder": .object(transformer.notes)]
    }
}
