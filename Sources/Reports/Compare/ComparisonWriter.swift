import Foundation
import SynthCore
import Harness

/// Writes a comparison next to its run: `RUN_DIR/comparison.json`, `RUN_DIR/comparison.md` and the
/// `RUN_DIR/plots/compare_*` figures.
public enum ComparisonWriter {
    public struct Output: Sendable {
        public var json: URL
        public var markdown: URL
        public var plots: PlotReport
    }

    public static func write(_ comparison: BackendComparison, runDirectory: URL,
                             renderer: GnuplotRenderer = .fromEnvironment()) throws(ReportError) -> Output {
        let json = runDirectory.appendingPathComponent("comparison.json")
        let markdown = runDirectory.appendingPathComponent("comparison.md")
        do {
            let encoder = SynthJSON.encoder(pretty: true)
            try AtomicFile.write(encoder.encode(comparison) + Data("\n".utf8), to: json)
            try AtomicFile.write(ComparisonMarkdown.render(comparison), to: markdown)
        } catch {
            throw .writeFailed(path: runDirectory.path, reason: String(describing: error))
        }
        let writer = GnuplotWriter(directory: runDirectory.appendingPathComponent("plots"), renderer: renderer)
        let plots = try writer.write(ComparisonFigures(comparison: comparison).all, ownedPrefixes: ComparisonFigures.ownedPrefixes)
        return Output(json: json, markdown: markdown, plots: plots)
    }
}
