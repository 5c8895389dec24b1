import ArgumentParser
import Foundation
import Harness
import Reports

/// `synthbench plot RUN_DIR`: (re)writes a run's gnuplot figures and renders them when gnuplot is installed.
struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Write a run's gnuplot figures (.dat + .gp) to RUN_DIR/plots and render PNG/SVG when gnuplot is installed.",
        discussion: """
        Figures: quality_vs_time (with the Pareto front), fit_time, peak_memory, metric_<name> for each headline \
        metric present. Each .gp script can be edited and re-run with `gnuplot <figure>.gp` from the plots directory. \
        Set SYNTHBENCH_GNUPLOT to a gnuplot path to choose one, or to `none` to skip rendering. See docs/reports.md.
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The run directory (results/<experiment>/<run-id>).") var runDirectory: String
    @Flag(name: .customLong("no-render"), help: "Write .dat and .gp only; do not run gnuplot.") var noRender = false
    @Flag(help: "Print the plot report as JSON.") var json = false

    func run() throws {
        global.apply()
        let renderer = noRender ? GnuplotRenderer(executable: nil, unavailableReason: "--no-render was given") : .fromEnvironment()
        let dir = URL(fileURLWithPath: runDirectory)
        _ = try RunCells.load(runDirectory: dir)   // a run directory, not a typo that would be created
        try OutputLocation.prepare(dir.appendingPathComponent("plots"))
        let report = try RunPlots.write(runDirectory: dir, renderer: renderer)
        print(json ? try prettyJSON(report) : report.summary)
    }
}
