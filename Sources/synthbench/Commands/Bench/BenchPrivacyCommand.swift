import ArgumentParser
import Benchmarks
import Evaluation
import SynthCore

/// `synthbench bench privacy`: time and value of every privacy and detection metric on one dataset.
struct BenchPrivacyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "privacy",
        abstract: "Time every privacy and detection metric on a dataset against a gc synthetic table.",
        discussion: """
        Budget on adult (release, one thread): DCR under \(ReferenceFigure.dcrBudget.text), the membership + \
        distance + detection suites under \(ReferenceFigure.privacySuitesBudget.text), each metric 10x faster \
        than \(ReferenceFigure.synthcityIdentifiability.citation) (identifiability_score \
        \(ReferenceFigure.synthcityIdentifiability.text), detection_xgb \(ReferenceFigure.synthcityDetectionXGB.text)). \
        See docs/metrics.md#measured-figures.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var dataset: BenchDatasetOptions
    @Option(help: "Seed of the hold-out split, the synthetic sample and the metrics.") var seed: UInt64 = 7
    @Option(name: .customLong("suite"), help: "A suite to time (repeatable; default: \(MetricSuites.privacyDefaults.joined(separator: ", "))).")
    var suites: [String] = []
    @Option(help: "A synthetic CSV to score instead of a gc table fitted here (the same file a reference library times).")
    var synthetic: String?
    @OptionGroup var evalCap: EvalCapOption
    @OptionGroup var output: BenchOutputOptions

    func run() throws {
        global.apply()
        try dataset.requireRegistered()
        let r = try PrivacyBenchmark(seed: seed, suites: suites.isEmpty ? MetricSuites.privacyDefaults : suites,
                                  caps: evalCap.caps, syntheticFile: synthetic).run(dataset: dataset.name, datasetsDirectory: dataset.location.datasetsDir)
        if output.json { try printJSON("privacy", r); return }
        var rows: [(String, String)] = [
            ("data", "\(r.dataset): \(r.trainRows) training rows, \(r.holdoutRows) hold-out rows (\(r.holdoutSource)), \(r.syntheticRows) synthetic rows (\(r.syntheticSource))"),
            ("caps", "quadratic \(EvalCapOption.describe(evalCap.caps.quadratic)), classifier \(EvalCapOption.describe(evalCap.caps.classifier))"),
            ("machine", "\(r.cpuModel ?? "unknown CPU"), BLAS kernel \(r.blasCore), \(r.blasThreads) thread(s), load \(LoadAverage.text())"),
        ]
        for id in r.metricSeconds.keys.sorted() {
            let v = (r.values[id] ?? nil).map { fixed($0, 4) } ?? "-"
            rows.append((id, "\(fixed(r.metricSeconds[id]!, 3)) s wall  \(fixed(r.metricCPUSeconds[id]!, 3)) s CPU   value \(v)"))
        }
        rows.append(("\(r.suites.joined(separator: " + ")) (shared cache)", "\(fixed(r.suitesSeconds, 2)) s"))
        printTable(rows)
    }
}
