import Foundation

/// The gnuplot figures of a run directory, written to `RUN_DIR/plots/` (see ``RunFigures`` for the
/// list). `synthbench plot` and the runner's last step both call ``write(runDirectory:renderer:)``.
package enum RunPlots {
    /// Reads `RUN_DIR/cells/*.json`, writes each figure's `.dat` and `.gp` to `RUN_DIR/plots/` (or to `directory`: a
    /// queue worker keeps each run's figures apart, docs/queue.md), and renders PNG and SVG when gnuplot is
    /// available (the report says whether it did and why not).
    package static func write(runDirectory: URL, into directory: URL? = nil,
                              renderer: GnuplotRenderer = .fromEnvironment()) throws(ReportError) -> PlotReport {
        let run = try RunCells.load(runDirectory: runDirectory)
        let figures = RunFigures(run: run).all
        var notes: [String] = []
        if run.finished.isEmpty { notes.append("no cell finished: nothing to plot (\(run.failed.count) failed)") }
        else if run.quality == .oneMinusKSMean { notes.append("the run has no sdmetrics suite: quality is 1 - utility.ks_mean") }
        let writer = GnuplotWriter(directory: directory ?? runDirectory.appendingPathComponent("plots"), renderer: renderer)
        return try writer.write(figures, ownedPrefixes: RunFigures.ownedPrefixes, notes: notes)
    }
}
