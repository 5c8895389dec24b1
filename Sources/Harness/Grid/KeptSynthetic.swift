/// The spec's `keep_synthetic`: each grid cell keeps its synthetic table beside its record, as
/// `cells/<cell-id>.synthetic.<format>` (docs/runner.md, docs/queue.md). Grid cells keep none by default (as SDGym:
/// a grid is about scores, and the tables of a large grid are large).
package enum KeptSynthetic: String, CaseIterable, Sendable, Equatable {
    case csv, parquet

    /// The file's extension.
    package var fileExtension: String { rawValue }
    /// The `run_artifacts` kind a queue worker records it under.
    package var artifactKind: String { "synthetic_\(rawValue)" }
}
