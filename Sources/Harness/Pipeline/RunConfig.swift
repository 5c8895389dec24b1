import Evaluation
import Foundation
import SynthTable
import Synthesizers

/// Everything one pipeline run needs: where the real data comes from, which method and backend, how many
/// rows, the seed, and the optional post-processing.
package struct RunConfig: Sendable {
    package enum DataSource: Sendable, Equatable {
        /// A registered dataset (datasets/<name>.json).
        case dataset(String)
        /// A CSV file, with an optional metadata JSON file that overrides detection.
        case file(path: String, metadata: String?)
    }

    package var data: DataSource
    /// A method name or alias; nil lets ``MethodChooser`` pick from the schema.
    package var method: String?
    package var backend: Backend
    /// Synthetic rows; nil means as many as the real table has (times ``rowsFactor`` when that is set).
    package var rows: Int?
    /// When `rows` is nil: synthetic rows = round(factor × real rows), at least 1.
    package var rowsFactor: Double?
    package var seed: UInt64
    /// Method hyperparameters (validated against the method's parameter list).
    package var parameters: [String: ParameterValue]
    package var postProcessing: PostProcessing
    /// Whether DP was asked for (recorded; in effect only for DP methods).
    package var dpRequested: Bool
    /// The DP request (`--dp epsilon=E,delta=D`, a grid's `dp`): routes the method to the DP backend and
    /// sets its `epsilon`/`delta`; nil for none.
    package var dp: DPRequest?
    /// Train by federated averaging (`--federated`, a grid's `federated`); nil for centralised training.
    package var federated: FederatedRequest? = nil
    /// The retry number the production worker records (`meta.attempt`); 1 for a first run.
    package var attempt: Int
    /// Fetch a registered dataset that is not cached yet.
    package var fetchIfMissing: Bool
    /// A registry directory other than the default search (see `DatasetRegistry.open`).
    package var datasetsDirectory: String?
    /// Metric suites beyond the production payload (`sdmetrics`, `stats`, `membership`, `distance`, `detection`).
    package var suites: [String]
    /// How the real CSV is read: repeated header names, rows with the wrong field count.
    package var csvPolicy: CSVReadPolicy
    /// Share of the real rows held out from the fit (never seen by the generator) for the privacy metrics.
    /// nil: 0.2 when a suite needs a hold-out (``MetricSuites/needingHoldout``), else none. A dataset with
    /// its own hold-out table (adult -> adult-test) uses that instead of splitting. 0: no split.
    package var holdoutFraction: Double?
    /// Rows of each table the classifier metrics and the neighbour and density metrics use at most (a
    /// seeded, stratified subsample; docs/scale.md); nil caps: every row.
    package var evalCaps: EvaluationCaps = .default
    /// Quasi-identifiers declared for the `anonymity` and `anonymeter` suites (nil: their automatic choice).
    package var quasiIdentifiers: [String]? = nil
    /// How the user spelled that declaration, for its errors: the grid spec's key, or `--quasi-identifiers`
    /// when `generate`'s command line gave it.
    package var quasiIdentifiersSource = "quasi_identifiers"
    /// The shadow-model attack's counts (`--shadow`, a spec's `shadow`).
    package var shadow = ShadowAttackSettings()
    /// For a cell of `sdv-python` or `synthcity-python`: run the real library through its adapter
    /// (docs/reference-backends.md); `backend` is then the flavour it mirrors. Nil for SynthBench's own.
    package var reference: ReferenceEnvironment? = nil

    package init(data: DataSource, method: String? = nil, backend: Backend = .sdv, rows: Int? = nil, seed: UInt64 = 0,
                parameters: [String: ParameterValue] = [:], postProcessing: PostProcessing = PostProcessing(),
                dpRequested: Bool = false, attempt: Int = 1, fetchIfMissing: Bool = true,
                datasetsDirectory: String? = nil, suites: [String] = [], rowsFactor: Double? = nil,
                csvPolicy: CSVReadPolicy = CSVReadPolicy(), holdoutFraction: Double? = nil, dp: DPRequest? = nil) {
        self.data = data; self.method = method; self.backend = backend; self.rows = rows; self.seed = seed
        self.parameters = parameters; self.postProcessing = postProcessing; self.dpRequested = dpRequested
        self.attempt = attempt; self.fetchIfMissing = fetchIfMissing; self.datasetsDirectory = datasetsDirectory
        self.suites = suites; self.rowsFactor = rowsFactor; self.csvPolicy = csvPolicy
        self.holdoutFraction = holdoutFraction; self.dp = dp
        if dp != nil { self.dpRequested = true }
    }

    /// The default hold-out share when a requested suite needs non-members.
    package static let defaultHoldoutFraction = 0.2

    /// The share to split off when the data has no hold-out of its own (nil or 0: none).
    package var effectiveHoldoutFraction: Double? {
        if let f = holdoutFraction { return f > 0 ? f : nil }
        return suites.contains(where: MetricSuites.needingHoldout.contains) ? Self.defaultHoldoutFraction : nil
    }

    /// The config with the evaluation caps as a command line or a spec gives them (each nil when not
    /// given, 0 for every row, N for N rows): a class's own cap, else `cap` for both, else the default
    /// (``EvaluationCaps/init(cap:classifier:quadratic:)``).
    package func cappingEvaluation(_ cap: Int?, classifier: Int? = nil, quadratic: Int? = nil) -> RunConfig {
        var c = self
        c.evalCaps = EvaluationCaps(cap: cap, classifier: classifier, quadratic: quadratic)
        return c
    }

    /// The config with the quasi-identifiers a command line or a spec declares (nil keeps the automatic choice).
    package func declaringQuasiIdentifiers(_ names: [String]?) -> RunConfig {
        var c = self
        c.quasiIdentifiers = names
        return c
    }

    /// The config with the shadow attack's settings a command line or a spec gives (nil keeps the defaults).
    package func settingShadowAttack(_ settings: ShadowAttackSettings?) -> RunConfig {
        var c = self
        c.shadow = settings ?? ShadowAttackSettings()
        return c
    }

    /// How many of `count` synthetic rows a run keeps in memory for post-processing and the metrics: all of
    /// them, unless the evaluation is capped and `count` exceeds both the real row count and the larger
    /// cap; then the larger of those two (the rows are independent draws, so the first ones are a uniform
    /// sample of all). The rest are only streamed to `synthetic.csv` (docs/scale.md#bounded-memory).
    package func keptSyntheticRows(count: Int, realRows: Int) -> Int {
        guard let cap = evalCaps.largest else { return count }
        return min(count, max(realRows, cap))
    }

    /// The synthetic row count for a real table of `realRows` rows.
    package func syntheticRows(forReal realRows: Int) -> Int {
        if let rows { return rows }
        if let f = rowsFactor { return SyntheticSize.factor(f).rows(forReal: realRows) }
        return realRows
    }
}
