import SynthMath

/// The shadow-model membership attack (`shadow.*`, ``ShadowModelAttack``): TAPAS' Groundhog attack, which
/// refits the run's generator on auxiliary tables with and without a target record and trains a classifier
/// to tell the two kinds of synthetic table apart.
///
/// Opt-in (`--suite shadow`; not among ``MetricSuites/privacyDefaults``): it refits the generator
/// targets × 2 × (training + test pairs) times, 180 at the defaults, and refuses training tables above
/// 2,000 rows (``ShadowAttackSettings``, `--shadow`). It needs the generator, which only a run has (``EvaluationInput/shadowGenerator``), and a
/// hold-out (the attacker's auxiliary data).
public enum ShadowModelSuite {
    public static let id = "shadow"

    /// The attack's counts come from ``EvaluationInput/shadowSettings``.
    public static var suite: MetricSuite {
        func metric(_ name: String, _ range: MetricRange, _ formula: String,
                    _ value: @escaping @Sendable (ShadowModelAttack) -> Double) -> Metric {
            Metric(id: "\(id).\(name)", direction: .minimize, range: range, formula: formula, compute: { input, cache in
                if let reason = notApplicable(input) { return .notApplicable(reason) }
                let attack = try cache.value("shadow.attack") {
                    try ShadowModelAttack(input, generator: input.shadowGenerator!, options: input.shadowSettings)
                }
                // The full details once, on the headline metric; the others name where they are.
                return .value(value(attack), details: name == "groundhog_auc" ? attack.details
                                  : ["details": "in shadow.groundhog_auc", "method": .string(attack.method)])
            })
        }
        return MetricSuite(id: id, metrics: [
            metric("groundhog_auc", .unit,
                   "Groundhog shadow-model attack (TAPAS): mean over the most isolated training rows of the AUC with which a random forest on naive, histogram and correlation features of the synthetic table tells refits with the target from refits without it (details: 95 % bootstrap CI, advantage, accuracy, per target)") {
                $0.summary.auc.value
            },
            metric("groundhog_auc_low", .unit,
                   "the lower end of the 95 % bootstrap confidence interval of shadow.groundhog_auc: above 0.5 means the attack beats guessing with 95 % confidence") {
                $0.summary.auc.low
            },
            metric("groundhog_advantage", MetricRange(-1, 1),
                   "TPR − FPR of the shadow-model attack's forest decision (member when its probability is above 0.5), mean over the targets") {
                $0.summary.advantage.value
            },
        ])
    }

    /// Why the suite does not apply to `input`, or nil.
    static func notApplicable(_ input: EvaluationInput) -> String? {
        if input.shadowGenerator == nil {
            return "needs the generator to refit: run it from generate or run with --suite shadow (evaluate has no generator)"
        }
        if input.comparedColumns.isEmpty { return "no numerical, datetime, categorical or boolean column" }
        guard let h = input.holdout else {
            return "needs a real hold-out as the attacker's auxiliary data (run with --holdout)"
        }
        if h.rowCount < 8 { return "the hold-out has \(h.rowCount) rows; at least 8 are needed" }
        if input.real.rowCount < 3 { return "the training table has fewer than 3 rows" }
        if input.synthetic.rowCount < 1 { return "the synthetic table is empty" }
        return nil
    }

    /// Throws when a run asking for this suite has a training table above the attack's row bound, so that
    /// the run stops before it fits anything.
    public static func checkSize(trainingRows: Int, settings: ShadowAttackSettings = ShadowAttackSettings()) throws(EvaluationError) {
        try ShadowModelAttack.checkSize(trainingRows: trainingRows, options: settings)
    }
}
