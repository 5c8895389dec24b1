import Evaluation
import Foundation
import SynthCore
import Synthesizers

/// One grid cell's result: `results/<experiment>/<run-id>/cells/<cell-id>.json`. The schema is documented
/// in docs/results-schema.md and versioned by ``schemaVersion``; add fields freely, bump the version when a
/// field changes meaning or goes away. Every optional field is `@NullWhenAbsent` (written as null when
/// absent), so every cell file has every key.
package struct CellResult: Codable, Sendable, Equatable {
    package static let schemaVersion = 1

    package enum Status: String, Codable, Sendable {
        case ok, error, timeout, cancelled
    }

    package struct CPUSeconds: Codable, Sendable, Equatable {
        package var user: Double
        package var system: Double
        package init(user: Double, system: Double) { self.user = user; self.system = system }
    }

    /// Both keys always written (null when not reached).
    package struct Rows: Codable, Sendable, Equatable {
        @NullWhenAbsent package var real: Int?
        @NullWhenAbsent package var synthetic: Int?
        package init(real: Int? = nil, synthetic: Int? = nil) { self.real = real; self.synthetic = synthetic }
    }

    /// Both keys always written (null when the phase did not finish or the rate is not finite).
    package struct Throughput: Codable, Sendable, Equatable {
        /// Real rows fitted per second of fit time.
        @NullWhenAbsent package var fit: Double?
        /// Synthetic rows sampled per second of sample time.
        @NullWhenAbsent package var sample: Double?
        package init(fit: Double? = nil, sample: Double? = nil) { self.fit = fit; self.sample = sample }
    }

    /// The metrics: the production payload's `utility`, `privacy`, `fairness` objects, and one object per
    /// further suite (`sdmetrics`, `stats`) mapping metric id to value (null when not applicable or failed;
    /// `metric_errors` says which failed and why).
    package struct Metrics: Codable, Sendable, Equatable {
        package var utility: ProductionPayload.Utility?
        package var privacy: ProductionPayload.Privacy?
        package var fairness: ProductionPayload.Fairness?
        package var suites: [String: [String: Double?]]

        package init(utility: ProductionPayload.Utility? = nil, privacy: ProductionPayload.Privacy? = nil,
                    fairness: ProductionPayload.Fairness? = nil, suites: [String: [String: Double?]] = [:]) {
            self.utility = utility; self.privacy = privacy; self.fairness = fairness; self.suites = suites
        }

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(_ s: String) { stringValue = s }
            init?(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        package func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(utility, forKey: Key("utility"))
            try c.encode(privacy, forKey: Key("privacy"))
            try c.encode(fairness, forKey: Key("fairness"))
            for (name, values) in suites {
                var nested = c.nestedContainer(keyedBy: Key.self, forKey: Key(name))
                for (id, v) in values { try nested.encode(v, forKey: Key(id)) }
            }
        }

        package init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: Key.self)
            utility = try c.decodeIfPresent(ProductionPayload.Utility.self, forKey: Key("utility"))
            privacy = try c.decodeIfPresent(ProductionPayload.Privacy.self, forKey: Key("privacy"))
            fairness = try c.decodeIfPresent(ProductionPayload.Fairness.self, forKey: Key("fairness"))
            var s: [String: [String: Double?]] = [:]
            for key in c.allKeys where !["utility", "privacy", "fairness"].contains(key.stringValue) {
                s[key.stringValue] = try c.decode([String: Double?].self, forKey: key)
            }
            suites = s
        }

        /// A metric by dotted path, e.g. `privacy.mia_auc`, `utility.ks_mean`, `sdmetrics.quality_score`.
        package func value(at path: String) -> Double? {
            let parts = path.split(separator: ".", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { return nil }
            func field<T: Encodable>(_ v: T?) -> Double? {
                guard let v, let data = try? SynthJSON.encoder().encode(v),
                      let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
                return (obj[parts[1]] as? NSNumber)?.doubleValue
            }
            switch parts[0] {
            case "utility": return field(utility)
            case "privacy": return field(privacy)
            case "fairness": return field(fairness)
            default: return suites[parts[0]]?[parts[1]] ?? nil
            }
        }
    }

    package var schemaVersion: Int = CellResult.schemaVersion
    package var experiment: String
    package var runID: String
    package var cellID: String
    package var dataset: String
    /// The method as the grid names it.
    package var method: String
    /// The canonical method the factory resolved (nil if resolution failed).
    @NullWhenAbsent package var methodResolved: String?
    package var backendRequested: String
    /// The backend actually used (nil if resolution failed).
    @NullWhenAbsent package var backend: String?
    @NullWhenAbsent package var fallbackReason: String?
    package var seed: UInt64
    /// The parameters the grid gave for this method (what cells are paired and grouped by).
    package var params: [String: ParameterValue]
    /// The full parameter set after validation, defaults of the backend's method filled in (null when the
    /// method could not be resolved).
    @NullWhenAbsent package var paramsResolved: [String: ParameterValue]?
    package var status: Status
    @NullWhenAbsent package var error: String?
    /// The phase the cell was in when it stopped (`done` on success).
    package var phase: String
    package var timingsS: PhaseTimings
    @NullWhenAbsent package var cpuS: CPUSeconds?
    /// Peak resident memory of the cell process (its own VmHWM), in MB (1e6 bytes).
    @NullWhenAbsent package var peakRSSMB: Double?
    package var rows: Rows
    package var throughputRowsPerS: Throughput
    package var blasThreads: Int
    /// The OpenBLAS kernel the cell ran and why (docs/blas.md); null in cells written before it was recorded.
    @NullWhenAbsent package var blasKernel: BLASKernelRecord?
    package var dpRequested: Bool
    package var dpEffective: Bool
    /// Why `dp_effective` is false for a DP method (or what the user declared public); nil when none.
    @NullWhenAbsent package var dpNotes: [String]? = nil
    package var metrics: Metrics
    /// Metric id -> error text, for every metric that failed.
    package var metricErrors: [String: String]
    package var fitNotes: [String: NoteValue]
    /// The privacy assessment (risk level, DP score, recommendations); null for cells that did not finish.
    @NullWhenAbsent package var privacyAssessment: PrivacyAssessment? = nil
    /// `{source, fraction, rows}` of the real hold-out; null for cells that did not finish.
    @NullWhenAbsent package var holdout: [String: JSONValue]? = nil
    /// The classifier metrics' row cap and the rows each table kept (docs/scale.md); null for cells that
    /// did not finish.
    @NullWhenAbsent package var evalSubsample: EvaluationSubsample.Record? = nil
    /// The same for the neighbour and density metrics (the quadratic cap).
    @NullWhenAbsent package var evalSubsampleQuadratic: EvaluationSubsample.Record? = nil
    /// The build that ran the cell (the runner's or worker's executable, stamped when the runner completes the
    /// record): a queue group run by workers of several builds shows it cell by cell, where `environment.json`
    /// names only the first worker's. Null in records written before it was recorded.
    @NullWhenAbsent package var build: BuildStamp? = nil

    enum CodingKeys: String, CodingKey {
        case experiment, dataset, method, seed, params, status, error, phase, rows, metrics
        case schemaVersion = "schema_version", runID = "run_id", cellID = "cell_id", paramsResolved = "params_resolved"
        case methodResolved = "method_resolved", backendRequested = "backend_requested", backend
        case fallbackReason = "fallback_reason", timingsS = "timings_s", cpuS = "cpu_s", peakRSSMB = "peak_rss_mb"
        case throughputRowsPerS = "throughput_rows_per_s", blasThreads = "blas_threads", blasKernel = "blas_kernel"
        case dpRequested = "dp_requested", dpEffective = "dp_effective", dpNotes = "dp_notes"
        case metricErrors = "metric_errors", fitNotes = "fit_notes"
        case privacyAssessment = "privacy_assessment", holdout
        case evalSubsample = "eval_subsample"
        case evalSubsampleQuadratic = "eval_subsample_quadratic"
        case build
    }

    package init(experiment: String, runID: String, cellID: String, dataset: String, method: String,
                methodResolved: String? = nil, backendRequested: String, backend: String? = nil,
                fallbackReason: String? = nil, seed: UInt64, params: [String: ParameterValue] = [:],
                paramsResolved: [String: ParameterValue]? = nil, status: Status, error: String? = nil, phase: String, timingsS: PhaseTimings = PhaseTimings(),
                cpuS: CPUSeconds? = nil, peakRSSMB: Double? = nil, rows: Rows = Rows(),
                throughputRowsPerS: Throughput = Throughput(), blasThreads: Int, dpRequested: Bool = false,
                dpEffective: Bool = false, metrics: Metrics = Metrics(), metricErrors: [String: String] = [:],
                fitNotes: [String: NoteValue] = [:], blasKernel: BLASKernelRecord? = .current) {
        self.experiment = experiment; self.runID = runID; self.cellID = cellID; self.dataset = dataset
        self.method = method; self.methodResolved = methodResolved; self.backendRequested = backendRequested
        self.backend = backend; self.fallbackReason = fallbackReason; self.seed = seed; self.params = params
        self.paramsResolved = paramsResolved
        self.status = status; self.error = error; self.phase = phase; self.timingsS = timingsS; self.cpuS = cpuS
        self.peakRSSMB = peakRSSMB; self.rows = rows; self.throughputRowsPerS = throughputRowsPerS
        self.blasThreads = blasThreads; self.dpRequested = dpRequested; self.dpEffective = dpEffective
        self.metrics = metrics; self.metricErrors = metricErrors; self.fitNotes = fitNotes
        self.blasKernel = blasKernel
    }
}
