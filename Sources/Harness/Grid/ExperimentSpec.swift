import Evaluation
import Foundation
import SynthTable
import Synthesizers

/// A grid of runs: every dataset × method × backend × seed, with per-method parameters, the synthetic
/// size, the metric suites and how to run the cells. Read from JSON (docs/runner.md lists every key);
/// unknown keys and bad values are errors that name the key's JSON path and what is allowed.
package struct ExperimentSpec: Sendable, Equatable {
    /// The rolling quality monitor: warn when the mean `sdmetrics.quality_score` of the last `window`
    /// finished cells falls below `minQuality`.
    package struct Monitor: Sendable, Equatable {
        package var window: Int
        package var minQuality: Double
        package init(window: Int, minQuality: Double) { self.window = window; self.minQuality = minQuality }
    }

    package var name: String
    package var datasets: [String]
    /// Method names as written (aliases allowed; two names of one method are an error).
    package var methods: [String]
    package var backends: [GridBackend]
    package var seeds: [UInt64]
    /// Per method (keyed as in `methods`): parameter name -> value, validated against each backend's method.
    /// A key `method@flavour` (`ctgan@sdv`) holds parameters for the backends of one flavour only: the Swift
    /// flavour and its real library share parameter names (docs/reference-backends.md).
    package var params: [String: [String: ParameterValue]]
    package var rows: SyntheticSize
    /// Further metric suites (`sdmetrics`, `stats`); the production payload is always computed.
    package var suites: [String]
    /// Per-cell wall-clock limit in seconds; nil for none.
    package var timeoutS: Double?
    package var jobs: Int
    /// The threshold file `synthbench check` uses (absolute once loaded from a file).
    package var thresholds: String?
    package var blasThreads: Int
    package var postProcessing: PostProcessing
    package var monitor: Monitor?
    /// Per dataset: how its CSV is read (`dataset_options: {"name": {"strict_header", "on_bad_lines"}}`);
    /// datasets not listed use the defaults (rename repeated header names, stop on a bad row).
    package var datasetOptions: [String: CSVReadPolicy] = [:]
    /// Share of each dataset's rows held out from the fit for the privacy suites (nil: 0.2 when a suite
    /// needs it; a dataset's own hold-out table wins; 0: none). See ``RunConfig/holdoutFraction``.
    package var holdout: Double? = nil
    /// DP requests to sweep (`dp`: one object or a list of objects and nulls); each DP method runs once per
    /// entry, every other method once without DP (the non-private baselines). `[nil]` for none.
    package var dp: [DPRequest?] = [nil]
    /// Federated trainings to sweep (`federated`: one object or a list of objects and nulls, null for
    /// centralised); each method that can train federated runs once per entry, every other method once.
    /// `[nil]` for none.
    package var federated: [FederatedRequest?] = [nil]
    /// `eval_cap`: rows of each table the classifier, neighbour and density metrics use at most (nil: each
    /// class's default, ``EvaluationCaps/default``; 0: every row). See ``RunConfig/evalCaps``.
    package var evalCap: Int? = nil
    /// `quasi_identifiers`: the columns the `anonymity` and `anonymeter` suites treat as the attacker's
    /// knowledge (nil: their automatic choice). See ``RunConfig/quasiIdentifiers``.
    package var quasiIdentifiers: [String]? = nil
    /// `eval_cap_classifier` / `eval_cap_quadratic`: one class's cap, overriding `eval_cap` for it.
    package var evalCapClassifier: Int? = nil
    package var evalCapQuadratic: Int? = nil
    /// The Python executable of each reference backend (`python`: a path for all, or one per backend);
    /// where the environment is, not what is computed, so it is not part of the content hash.
    package var python: [GridBackend: String] = [:]
    /// `keep_synthetic`: each cell also writes its synthetic table (`cells/<cell-id>.synthetic.csv` or `.parquet`);
    /// nil keeps none. Part of the content hash when set: a run directory's cells all keep theirs or none do.
    package var keepSynthetic: KeptSynthetic? = nil
    /// `shadow`: the shadow-model attack's counts (`targets`, `training_pairs`, `test_pairs`, `max_rows`; keys
    /// left out keep their defaults); nil: the defaults. Part of the content hash when set.
    package var shadow: ShadowAttackSettings? = nil

    package static let defaultTimeoutS: Double = 3600
    /// The keys a spec may have, in the order the normalized form lists them.
    package static let keys = ["name", "datasets", "methods", "backends", "seeds", "params", "rows", "suites",
                              "timeout_s", "jobs", "thresholds", "blas_threads", "post_processing", "monitor",
                              "dataset_options", "holdout", "dp", "eval_cap", "eval_cap_classifier",
                              "eval_cap_quadratic", "python", "quasi_identifiers", "federated", "keep_synthetic",
                              "shadow"]

    package init(name: String, datasets: [String], methods: [String], backends: [GridBackend] = [.sdv, .synthcity],
                seeds: [UInt64] = [0], params: [String: [String: ParameterValue]] = [:], rows: SyntheticSize = .asReal,
                suites: [String] = [], timeoutS: Double? = ExperimentSpec.defaultTimeoutS, jobs: Int = 1,
                thresholds: String? = nil, blasThreads: Int = 1, postProcessing: PostProcessing = PostProcessing(),
                monitor: Monitor? = nil) {
        self.name = name; self.datasets = datasets; self.methods = methods; self.backends = backends
        self.seeds = seeds; self.params = params; self.rows = rows; self.suites = suites; self.timeoutS = timeoutS
        self.jobs = jobs; self.thresholds = thresholds; self.blasThreads = blasThreads
        self.postProcessing = postProcessing; self.monitor = monitor
    }
}
