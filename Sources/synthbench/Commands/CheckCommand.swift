import ArgumentParser
import Foundation
import Harness
import Reports
import SynthCore

/// `synthbench check RUN_DIR --thresholds FILE [--baseline RUN_DIR]`: the regression gate.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a run against a threshold file (and a baseline run); exit 1 on any violation.",
        discussion: """
        Exit status: 0 when every cell meets every threshold (and, with --baseline, no metric regressed beyond its \
        tolerance), 1 when there is a violation (each is printed: cell, metric, value, limit), 2 when the check \
        cannot run (unreadable run directory or threshold file, no --thresholds and none named by the run's spec, an override that matches no cell of the run, or a \
        baseline that shares no cell with it). \
        A tolerance whose metric the baseline cell lacks is printed as NOT COMPARABLE; --strict makes that exit 1 \
        too. MIA_MAX and DUP_MAX override the file's \
        privacy.mia_auc and privacy.dup_rate maxima. Format: docs/reports.md; example: experiments/thresholds.json.
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The run directory (results/<experiment>/<run-id>).") var runDirectory: String
    @Option(help: "The threshold file (JSON); default: the one the run's grid spec names (its `thresholds`, recorded in RUN_DIR/spec.json).") var thresholds: String?
    @Option(help: "A baseline run directory to check for regressions against.") var baseline: String?
    @Flag(help: "Print the report as JSON.") var json = false
    @Flag(help: "Exit 1 also when a tolerance cannot be compared (the metric is missing in the baseline).") var strict = false

    func run() throws {
        global.apply()
        let report: CheckReport
        do {
            let run = try RunCells.load(runDirectory: URL(fileURLWithPath: runDirectory))
            let check = try ThresholdCheck(file: try ThresholdFile.load(contentsOf: try thresholdFile()))
            try check.validateOverrides(against: run)
            let base = try baseline.map { path throws(ReportError) in try RunCells.load(runDirectory: URL(fileURLWithPath: path)) }
            if let base { try ThresholdCheck.validateBaseline(base, for: run) }
            report = check.check(run, baseline: base)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(2)
        }
        print(json ? try prettyJSON(report) : report.text)
        if !report.passed || (strict && !report.notComparable.isEmpty) { throw ExitCode(1) }
    }

    /// `--thresholds`, else the path the run's spec.json records under `thresholds` (absolute, as `run`
    /// resolved it against the spec's folder).
    func thresholdFile() throws -> URL {
        if let thresholds { return URL(fileURLWithPath: thresholds) }
        let spec = URL(fileURLWithPath: runDirectory).appendingPathComponent("spec.json")
        let recorded: String?
        do throws(JSONPathError) {
            let (reader, root) = try JSONPathReader.load(contentsOf: spec, describeReadFailure: OutputError.systemReason)
            recorded = try reader.optionalString(try reader.object(root, ""), "thresholds", at: "thresholds")
        } catch {
            throw ValidationError("give --thresholds FILE: \(error)")
        }
        guard let recorded else {
            throw ValidationError("give --thresholds FILE: the run's grid spec names no threshold file (\(spec.path): thresholds is null)")
        }
        return URL(fileURLWithPath: recorded)
    }
}
