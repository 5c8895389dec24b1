import Evaluation
import Synthesizers

extension CellResult {
    /// The record of a cell whose pipeline finished: resolution, the parameters (as given and resolved), timings, sizes,
    /// throughput and every metric (`metrics.<suite>.<name>` for the suites beyond the payload).
    /// `cpuS` is filled in by the runner from `wait4`.
    package init(outcome: RunOutcome, experiment: String, runID: String, cellID: String, method: String,
                blasThreads: Int, peakRSSMB: Double?, cpuS: CPUSeconds? = nil) {
        let r = outcome.resolution
        let real = outcome.data.table.rowCount, synthetic = outcome.syntheticRows
        var metrics = Metrics()
        if let e = outcome.evaluation {
            metrics.utility = e.payload.utility
            metrics.privacy = e.payload.privacy
            metrics.fairness = e.payload.fairness
            for suite in e.suites { metrics.suites[suite.suite] = Self.values(of: suite) }
        }
        self.init(experiment: experiment, runID: runID, cellID: cellID, dataset: outcome.data.name, method: method,
                  methodResolved: r.descriptor.name, backendRequested: r.backendRequested.rawValue,
                  backend: r.backendUsed.rawValue, fallbackReason: r.fallbackReason, seed: outcome.config.seed,
                  params: (try? outcome.config.parametersWithDP()) ?? outcome.config.parameters, paramsResolved: outcome.parameters.values, status: .ok, error: nil, phase: PipelinePhase.done.rawValue,
                  timingsS: outcome.timings, cpuS: cpuS, peakRSSMB: peakRSSMB,
                  rows: Rows(real: real, synthetic: synthetic),
                  throughputRowsPerS: Throughput(fit: Self.rate(real, outcome.timings.fit),
                                                 sample: Self.rate(synthetic, outcome.timings.sample)),
                  blasThreads: blasThreads, dpRequested: outcome.privacy.requested,
                  dpEffective: outcome.privacy.effective, metrics: metrics,
                  metricErrors: outcome.evaluation?.metricErrors ?? [:], fitNotes: outcome.fitNotes)
        privacyAssessment = outcome.evaluation?.privacyAssessment
        holdout = outcome.data.holdoutRecord
        evalSubsample = outcome.evaluation?.subsample
        evalSubsampleQuadratic = outcome.evaluation?.quadraticSubsample
        dpNotes = outcome.privacy.notes
    }

    /// The record of a cell that stopped before it finished (an error, a crash, a timeout, a cancel).
    /// The method resolution and full parameter set are recomputed from the cell when the factory can
    /// resolve it; otherwise they stay null.
    package init(stopped cell: GridCell, experiment: String, runID: String, status: Status, error: String,
                phase: String, timings: PhaseTimings, blasThreads: Int, peakRSSMB: Double?, cpuS: CPUSeconds? = nil,
                rows: Rows = Rows()) {
        let resolution = try? MethodFactory.resolve(method: cell.method, backend: cell.backend.flavour, dpRequested: cell.dp != nil)
        let resolved = try? resolution?.descriptor.resolve(cell.params.merging(cell.dp?.parameters ?? [:]) { _, dp in dp }).values
        self.init(experiment: experiment, runID: runID, cellID: cell.id, dataset: cell.dataset, method: cell.method,
                  methodResolved: resolution?.descriptor.name, backendRequested: cell.backend.rawValue,
                  backend: resolution?.backendUsed.rawValue, fallbackReason: resolution?.fallbackReason,
                  seed: cell.seed, params: cell.params.merging(cell.dp?.parameters ?? [:]) { _, dp in dp },
                  paramsResolved: resolved, status: status, error: error, phase: phase, timingsS: timings,
                  cpuS: cpuS, peakRSSMB: peakRSSMB, rows: rows, blasThreads: blasThreads,
                  dpRequested: cell.dp != nil, dpEffective: false)
        if cell.backend.isReference { recordReference(cell) }
    }

    /// Metric name (without the suite prefix) -> value, null when not applicable or failed.
    static func values(of suite: SuiteResult) -> [String: Double?] {
        var out: [String: Double?] = [:]
        for m in suite.metrics {
            let name = m.id.hasPrefix(suite.suite + ".") ? String(m.id.dropFirst(suite.suite.count + 1)) : m.id
            let value = m.status == .ok ? m.value.flatMap { $0.isFinite ? $0 : nil } : nil
            out.updateValue(value, forKey: name)
        }
        return out
    }

    /// rows / seconds, nil when the phase did not finish or took no measurable time.
    static func rate(_ rows: Int, _ seconds: Double?) -> Double? {
        guard let s = seconds, s > 0 else { return nil }
        return Double(rows) / s
    }
}
