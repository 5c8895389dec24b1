import ArgumentParser
import Benchmarks
import SynthCore

/// `synthbench bench copula`: the Gaussian copula's fit and sample, the SDMetrics-compatible quality and
/// diagnostic reports on its output, and the process's peak memory, against the budget and SDV.
struct BenchCopulaCommand: AsyncParsableCommand {
    typealias Figure = ReferenceFigure

    static let configuration = CommandConfiguration(
        commandName: "copula",
        abstract: "Time the SDV Gaussian copula's fit and sample and the quality report on a dataset (best of --repeats).",
        discussion: """
        Budget on adult (32,561 x 15, release, one thread): fit < \(Figure.copulaFitBudget.text), sample \
        < \(Figure.copulaSampleBudget.text), quality report < \(Figure.qualityReportBudget.text), peak memory for \
        fit + sample + report < \(Figure.copulaPeakMemoryBudget.text). Reference on this kind of machine: \
        \(Figure.sdvCopulaFit.citation) fit \(Figure.sdvCopulaFit.text), sample \(Figure.sdvCopulaSample.text), \
        \(Figure.sdmetricsQualityReport.citation) quality report \(Figure.sdmetricsQualityReport.text), peak \
        \(Figure.sdvCopulaPeakMemory.text).
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var dataset: BenchDatasetOptions
    @Option(help: "Timed runs (the best is reported).") var repeats = 5
    @Option(help: "Seed of the sample the report scores.") var seed: UInt64 = 7
    @OptionGroup var output: BenchOutputOptions

    func validate() throws {
        if repeats < 1 { throw ValidationError("--repeats must be at least 1, got \(repeats)") }
    }

    func run() throws {
        global.apply()
        let loaded = try dataset.load(fetchIfMissing: true)
        let result = try CopulaAndReportBenchmark(repeats: repeats, seed: seed).run(table: loaded.table,
                                                                                    metadata: loaded.metadata)
        if output.json { try printJSON("copula", result); return }
        let copula = result.copula, report = result.report
        func vs(_ ours: Double, _ theirs: Figure) -> String {
            "\(fixed(ours, 3)) s   (\(theirs.source) \(fixed(theirs.value, 2)) s, \(fixed(theirs.value / ours, 1))x faster)"
        }
        var rows = [("table", "\(dataset.name): \(copula.rows) rows x \(copula.columns) columns, best of \(repeats), \(copula.blasThreads) BLAS thread(s)")]
        rows.append(("gc fit", vs(copula.fitSeconds, Figure.sdvCopulaFit)))
        rows.append(("gc sample \(copula.sampleRows) rows", vs(copula.sampleSeconds, Figure.sdvCopulaSample)))
        rows.append(("quality report", "\(vs(report.qualitySeconds, Figure.sdmetricsQualityReport)); score \(report.qualityScore.map { fixed($0, 4) } ?? "n/a")"))
        rows.append(("diagnostic report", "\(fixed(report.diagnosticSeconds, 3)) s; score \(report.diagnosticScore.map { fixed($0, 4) } ?? "n/a")"))
        if let mb = result.peakRSSMB {
            let sdv = Figure.sdvCopulaPeakMemory
            rows.append(("peak memory (VmHWM)", "\(fixed(mb, 1)) MB   (\(sdv.source) \(sdv.text))"))
        }
        if !copula.fallbacks.isEmpty { rows.append(("fallbacks to norm", copula.fallbacks.joined(separator: ", "))) }
        rows.append(("load average", LoadAverage.text()))
        printTable(rows)
    }
}
