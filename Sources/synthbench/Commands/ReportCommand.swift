import ArgumentParser
import Foundation
import Harness
import Reports

/// `synthbench report RUN_DIR`: the run's HTML report (and its PDF).
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a run's self-contained HTML report (figures as inline SVG); --pdf prints it with headless Chromium.",
        discussion: """
        Sections: summary, figures, cells, comparison (verdicts and their statistics, checklist, ranking, \
        leaderboard), failures and fallbacks, environment, privacy findings and recommendations. The comparison is \
        RUN_DIR/comparison.json when `synthbench compare` wrote one, else computed with the default tolerances; \
        --compare OTHER_RUN_DIR adds another run's cells to it (e.g. the baseline backend run separately). \
        --pdf needs Chromium (apt-get install chromium, or scripts/setup.sh --browser; SYNTHBENCH_CHROMIUM \
        chooses the executable). See docs/reports.md.
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The run directory (results/<experiment>/<run-id>).") var runDirectory: String
    @Option(name: .customLong("compare"), help: "Another run directory whose cells join the comparison.")
    var compareWith: String?
    @Option(help: "The backend compared against.") var baseline = "sdv"
    @Option(help: "The backend under test.") var candidate = "synthcity"
    @Option(help: "The HTML file to write (default RUN_DIR/report.html); the PDF goes beside it.") var out: String?
    @Flag(help: "Also print the report to PDF with headless Chromium.") var pdf = false

    func validate() throws {
        // The same directory twice would be refused as every cell duplicated, with "remove one of them".
        if let other = compareWith,
           URL(fileURLWithPath: other).resolvingSymlinksInPath().standardizedFileURL.path
            == URL(fileURLWithPath: runDirectory).resolvingSymlinksInPath().standardizedFileURL.path {
            throw ValidationError("--compare names the run directory itself; give another run (e.g. the baseline backend's run)")
        }
    }

    func run() throws {
        global.apply()
        let dir = URL(fileURLWithPath: runDirectory)
        let html = out.map { URL(fileURLWithPath: $0) } ?? dir.appendingPathComponent("report.html")
        _ = try RunCells.load(runDirectory: dir)   // a run directory, not a typo that would be created
        try OutputLocation.prepare(html.deletingLastPathComponent())
        let printer = ChromiumPrinter.fromEnvironment()
        if pdf, printer.executable == nil {   // say so before any work is done
            throw ChromiumPrinter.Failure.notInstalled(reason: printer.unavailableReason)
        }
        let output = try RunReport.write(runDirectory: dir, compareWith: compareWith.map { URL(fileURLWithPath: $0) },
                                         baseline: baseline, candidate: candidate, out: html, pdf: pdf, printer: printer)
        print("wrote \(output.html.path)")
        if let file = output.pdf { print("wrote \(file.path)") }
    }
}
