import Foundation
import SynthCore
import Harness

/// Writes a comparison next to its run: `RUN_DIR/comparison.json`, `RUN_DIR/comparison.md` and the
/// `RUN_DIR/plots/compare_*` figures.
package enum ComparisonWriter {
    package struct Output: Sendable {
        package var json: URL
        package var markdown: URL
        package var plots: PlotReport
    }

    package static func write(_ comparison: BackendComparison, runDirectory: URL,
                             renderer: GnuplotRenderer = .fromEnvironment()) throws(ReportError) -> Output {
        let json = runDirectory.appendingPathComponent("comparison.json")
        let markdown = runDirectory.appendingPathComponent("comparison.md")
        try writeReport(comparison, json: json, markdown: ComparisonMarkdown.render(comparison), to: markdown)
        let writer = GnuplotWriter(directory: runDirectory.appendingPathComponent("plots"), renderer: renderer)
        let figures = ComparisonFigures(comparison: comparison).all
        let why = comparison.groups.contains { $0.pairsCompared > 0 } ? [] : ["no comparison figure: no pair of cells finished on both backends (comparison.md lists the failures)"]
        let plots = try writer.write(figures, ownedPrefixes: ComparisonFigures.ownedPrefixes, notes: figures.isEmpty ? why : [])
        return Output(json: json, markdown: markdown, plots: plots)
    }

    /// Writes a report's JSON (pretty, sorted keys) and markdown files atomically.
    static func writeReport(_ value: some Encodable, json: URL, markdown text: String, to markdown: URL) throws(ReportError) {
        do {
            let encoder = SynthJSON.encoder(pretty: true)
            try AtomicFile.write(encoder.encode(value) + Data("\n".utf8), to: json)
            try AtomicFile.write(text, to: markdown)
        } catch {
            throw .writeFailed(path: markdown.deletingLastPathComponent().path, reason: String(describing: error))
        }
    }
}
