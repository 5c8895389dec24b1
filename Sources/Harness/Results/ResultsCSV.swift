import Foundation
import SynthCore
import Synthesizers

/// `RUN_DIR/results.csv`: one row per finished cell, flat columns named by their JSON path in the cell
/// record (`timings_s.fit`, `cpu_s.user`, `rows.real`), metrics without the `metrics.` prefix
/// (`utility.ks_mean`, `privacy.mia_auc`, `sdmetrics.quality_score`, `stats.ks_test`), then `params` as
/// JSON text. Empty field = null. The `build.*` columns name the executable that ran each cell, so timings
/// from different builds (or a debug build) in one table are told apart. RFC 4180 quoting; `\n` line ends.
package enum ResultsCSV {
    /// The fixed columns, in order, before the suite metrics.
    package static let fixedColumns = [
        "cell_id", "experiment", "run_id", "dataset", "method", "method_resolved", "backend_requested", "backend",
        "fallback_reason", "seed", "status", "phase", "error",
        "timings_s.load", "timings_s.fit", "timings_s.sample", "timings_s.evaluate", "timings_s.total",
        "cpu_s.user", "cpu_s.system", "peak_rss_mb", "rows.real", "rows.synthetic",
        "throughput_rows_per_s.fit", "throughput_rows_per_s.sample", "blas_threads",
        "build.commit", "build.dirty", "build.configuration", "dp_requested", "dp_effective",
        "utility.ks_mean", "utility.corr_delta", "utility.auroc", "utility.c_index",
        "privacy.mia_auc", "privacy.dup_rate", "privacy.dp_requested", "privacy.dp_effective", "privacy.dp_epsilon",
        "fairness.rare_coverage", "fairness.freq_skew",
    ]

    /// The CSV text for `cells` (suite metric columns: the union over the cells, sorted, after the fixed ones).
    package static func text(_ cells: [CellResult]) -> String {
        var suiteColumns = Set<String>()
        for c in cells { for (suite, values) in c.metrics.suites { for k in values.keys { suiteColumns.insert("\(suite).\(k)") } } }
        let header = fixedColumns + suiteColumns.sorted() + ["params"]
        var lines = [header.map(field).joined(separator: ",")]
        for c in cells {
            var row = fixedValues(c)
            for column in suiteColumns.sorted() {
                let parts = column.split(separator: ".", maxSplits: 1).map(String.init)
                row.append(number(c.metrics.suites[parts[0]]?[parts[1]] ?? nil))
            }
            row.append(paramsJSON(c.params))
            lines.append(row.map(field).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func fixedValues(_ c: CellResult) -> [String] {
        let u = c.metrics.utility, p = c.metrics.privacy, f = c.metrics.fairness
        return [
            c.cellID, c.experiment, c.runID, c.dataset, c.method, c.methodResolved ?? "", c.backendRequested,
            c.backend ?? "", c.fallbackReason ?? "", String(c.seed), c.status.rawValue, c.phase, c.error ?? "",
            number(c.timingsS.load), number(c.timingsS.fit), number(c.timingsS.sample), number(c.timingsS.evaluate),
            number(c.timingsS.total), number(c.cpuS?.user), number(c.cpuS?.system), number(c.peakRSSMB),
            c.rows.real.map(String.init) ?? "", c.rows.synthetic.map(String.init) ?? "",
            number(c.throughputRowsPerS.fit), number(c.throughputRowsPerS.sample), String(c.blasThreads),
            c.build?.commit ?? "", c.build?.dirty.map { String($0) } ?? "", c.build?.configuration ?? "",
            String(c.dpRequested), String(c.dpEffective),
            number(u?.ksMean), number(u?.corrDelta), number(u?.auroc), number(u?.cIndex),
            number(p?.miaAUC), number(p?.dupRate), p.map { String($0.dpRequested) } ?? "",
            p.map { String($0.dpEffective) } ?? "", number(p?.dpEpsilon),
            number(f?.rareCoverage), number(f?.freqSkew),
        ]
    }

    /// Shortest round-trip decimal; empty for nil or non-finite.
    static func number(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "" }
        return "\(x)"
    }

    static func paramsJSON(_ params: [String: ParameterValue]) -> String {
        let encoder = SynthJSON.encoder()
        return (try? encoder.encode(params)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// Quotes a field when it holds a comma, quote, or line break (doubling quotes).
    static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    package static func write(_ cells: [CellResult], to url: URL, using writer: any FileWriter = SystemFileWriter()) throws {
        try AtomicFile.write(text(cells), to: url, using: writer)
    }
}
