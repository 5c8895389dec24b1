import Foundation

extension CellResult {
    /// The `metrics` rows a queued run stores: every numeric measurement of the record under its results.csv column
    /// name (`timings_s.fit`, `peak_rss_mb`, `utility.ks_mean`, `sdmetrics.quality_score`), null and non-finite
    /// values left out. The identity and text columns (ids, seed, thread count, status, flags) are the run's config.
    package var queueMetrics: [RunMetric] {
        let measured = ["timings_s.", "cpu_s.", "peak_rss_mb", "rows.", "throughput_rows_per_s.", "utility.", "privacy.", "fairness."]
        var metrics: [RunMetric] = []
        for (column, text) in zip(ResultsCSV.fixedColumns, ResultsCSV.fixedValues(self))
        where measured.contains(where: { column.hasPrefix($0) }) {
            // Flags (`privacy.dp_requested`) do not parse as numbers; empty fields are nulls.
            if let value = Double(text), value.isFinite { metrics.append(RunMetric(name: column, value: value)) }
        }
        for (suite, values) in self.metrics.suites.sorted(by: { $0.key < $1.key }) {
            for (name, value) in values.sorted(by: { $0.key < $1.key }) {
                if let value, value.isFinite { metrics.append(RunMetric(name: "\(suite).\(name)", value: value)) }
            }
        }
        return metrics
    }
}
