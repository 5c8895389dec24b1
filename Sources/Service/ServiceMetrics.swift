import Foundation
import Harness
import Prometheus
import Synthesizers

/// What `GET /metrics` exposes (Prometheus text format, swift-prometheus), read from the store at each scrape:
///
/// - `synthbench_runs{status}`: runs per status; `synthbench_queue_depth`: queued runs;
/// - `synthbench_run_duration_seconds{status}`: a histogram of claim-to-finish time of succeeded and failed runs,
///   each run observed once per finish (a retried run is observed again when it finishes again);
/// - `synthbench_quality_score{method,backend}`, `synthbench_privacy_mia_auc{method,backend}`,
///   `synthbench_privacy_dup_rate{method,backend}`: the mean of the stored metric over the method's succeeded runs.
///
/// Durations and gauges cover the newest ``window`` succeeded and failed runs, so a scrape costs the same on a
/// store of any age.
package actor ServiceMetrics {
    /// Gauge name -> the stored metric it averages.
    package static let methodGauges: [(gauge: String, metric: String, help: String)] = [
        ("quality_score", "sdmetrics.quality_score", "Mean SDMetrics quality score of the method's succeeded runs"),
        ("privacy_mia_auc", "payload.mia_auc", "Mean membership-inference AUC of the method's succeeded runs (0.5 is ideal)"),
        ("privacy_dup_rate", "payload.dup_rate", "Mean share of synthetic rows copying a real row, over the method's succeeded runs"),
    ]
    package static let durationBuckets: [Double] = [1, 5, 15, 60, 300, 900, 3600, 14_400, 86_400]
    package let window: Int

    private let registry: PrometheusCollectorRegistry
    private let runsByStatus: [RunStatus: Gauge]
    private let queueDepth: Gauge
    private let durations: [RunStatus: ValueHistogram]
    /// Finish time of each run already observed, so a run enters the histogram once per finish.
    private var observed: [Int64: Date] = [:]
    /// The succeeded runs' labels and gauge values.
    private var succeeded: [Int64: (labels: [(String, String)], values: [String: Double])] = [:]
    private var methodGaugeSeries: [String: Gauge] = [:]

    package init(window: Int = 10_000) {
        self.window = window
        let registry = PrometheusCollectorRegistry()
        self.registry = registry
        runsByStatus = Dictionary(uniqueKeysWithValues: RunStatus.allCases.map { status in
            (status, registry.makeGauge(descriptor: Self.name("runs", "Runs in the queue by status"), labels: [("status", status.rawValue)]))
        })
        queueDepth = registry.makeGauge(descriptor: Self.name("queue_depth", "Runs waiting to be claimed"))
        durations = Dictionary(uniqueKeysWithValues: [RunStatus.succeeded, .failed].map { status in
            (status, registry.makeValueHistogram(descriptor: Self.name("run_duration", "Claim-to-finish time of finished runs", unit: "seconds"),
                                                 labels: [("status", status.rawValue)], buckets: Self.durationBuckets))
        })
    }

    /// Reads the store and returns the exposition text.
    package func scrape(_ queue: any RunQueue) async throws -> String {
        let counts = try await queue.counts()
        for (status, gauge) in runsByStatus { gauge.set(Double(counts[status] ?? 0)) }
        queueDepth.set(Double(counts[.queued] ?? 0))

        var listed: Set<Int64> = [], succeededNow: Set<Int64> = []
        for status in [RunStatus.succeeded, .failed] {
            for run in try await queue.list(RunFilter(status: status, limit: window)) {
                listed.insert(run.id)
                if status == .succeeded { succeededNow.insert(run.id) }
                guard observed[run.id] != run.finishedAt else { continue }
                observed[run.id] = run.finishedAt
                if let start = run.startedAt, let end = run.finishedAt { durations[status]?.record(max(0, end.timeIntervalSince(start))) }
                guard status == .succeeded else { succeeded[run.id] = nil; continue }
                let metrics = try await queue.metrics(run: run.id)
                let values = Dictionary(metrics.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last })
                succeeded[run.id] = (Self.labels(run), Dictionary(uniqueKeysWithValues: Self.methodGauges.compactMap { g in
                    values[g.metric].flatMap { $0.isFinite ? (g.gauge, $0) : nil }
                }))
            }
        }
        observed = observed.filter { listed.contains($0.key) }
        succeeded = succeeded.filter { succeededNow.contains($0.key) }
        updateMethodGauges()
        return registry.emitToString()
    }

    private func updateMethodGauges() {
        var sums: [String: (labels: [(String, String)], gauge: String, sum: Double, n: Int)] = [:]
        for (_, run) in succeeded {
            for (gauge, value) in run.values {
                let key = ([gauge] + run.labels.map(\.1)).joined(separator: "\u{1F}")
                let s = sums[key] ?? (run.labels, gauge, 0, 0)
                sums[key] = (s.labels, gauge, s.sum + value, s.n + 1)
            }
        }
        for (key, s) in sums {
            let help = Self.methodGauges.first { $0.gauge == s.gauge }?.help ?? ""
            let g = methodGaugeSeries[key] ?? registry.makeGauge(descriptor: Self.name(s.gauge, help), labels: s.labels)
            methodGaugeSeries[key] = g
            g.set(s.sum / Double(s.n))
        }
        for (key, g) in methodGaugeSeries where sums[key] == nil {
            registry.unregisterGauge(g)
            methodGaugeSeries[key] = nil
        }
    }

    /// `method` (canonical name) and `backend` of a run, from its cell in its spec.
    static func labels(_ run: QueuedRun) -> [(String, String)] {
        let data = (try? JSONEncoder().encode(run.submission.spec)) ?? Data()
        guard let spec = try? ExperimentSpec.decode(data, availableDatasets: nil, validatingMethods: false),
              let cell = spec.cell(id: run.submission.cellID) else { return [("method", "unknown"), ("backend", "unknown")] }
        return [("method", MethodFactory.canonicalName(cell.method) ?? cell.method), ("backend", cell.backend.rawValue)]
    }

    private static func name(_ metric: String, _ help: String, unit: String = "") -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "synthbench", metricName: metric, unitName: unit, helpText: help)
    }
}
