import SynthCore

/// Anonymeter's risk estimate (`stats/confidence.py`): success rates as Wilson score centres with their
/// 95 % errors, and the risk `(a − c)/(1 − c)` of the attack rate a over the control rate c with the
/// propagated error, clipped to [0, 1] with a symmetric interval clipped likewise.
struct AttackRisk: Equatable {
    static let z = 1.959963984540054  // Φ⁻¹(0.975)

    var attacks: Int
    var successes: Int
    var controlSuccesses: Int
    var baselineSuccesses: Int
    var attackRate: (value: Double, error: Double)
    var controlRate: (value: Double, error: Double)
    var baselineRate: (value: Double, error: Double)
    /// The residual risk and its interval.
    var risk: Double
    var ciLow: Double
    var ciHigh: Double

    static func == (a: AttackRisk, b: AttackRisk) -> Bool {
        a.attacks == b.attacks && a.successes == b.successes && a.controlSuccesses == b.controlSuccesses
            && a.baselineSuccesses == b.baselineSuccesses
    }

    /// Wilson's score centre (k + z²/2)/(n + z²) and error z/(n + z²)·sqrt(k(n − k)/n + z²/4).
    static func wilson(successes k: Int, of n: Int) -> (value: Double, error: Double) {
        let n = Double(n), k = Double(k), z2 = z * z
        return ((k + z2 / 2) / (n + z2), z / (n + z2) * (k * (n - k) / n + z2 / 4).squareRoot())
    }

    init(attacks n: Int, successes: Int, controlSuccesses: Int, baselineSuccesses: Int) {
        precondition(n > 0, "an attack needs at least one try")
        attacks = n
        self.successes = successes
        self.controlSuccesses = controlSuccesses
        self.baselineSuccesses = baselineSuccesses
        attackRate = Self.wilson(successes: successes, of: n)
        controlRate = Self.wilson(successes: controlSuccesses, of: n)
        baselineRate = Self.wilson(successes: baselineSuccesses, of: n)
        let (a, ea) = attackRate, (c, ec) = controlRate
        let value = (a - c) / (1 - c)
        let error = ((ea / abs(1 - c)) * (ea / abs(1 - c)) + (ec * (a - 1) / ((1 - c) * (1 - c))) * (ec * (a - 1) / ((1 - c) * (1 - c)))).squareRoot()
        func clip(_ x: Double) -> Double { min(max(x, 0), 1) }
        risk = clip(value)
        ciLow = clip(value - error)
        ciHigh = clip(value + error)
    }

    var details: [String: JSONValue] {
        [
            "ci_low": .number(ciLow), "ci_high": .number(ciHigh), "attacks": .number(Double(attacks)),
            "attack_rate": .number(attackRate.value), "attack_rate_error": .number(attackRate.error),
            "control_rate": .number(controlRate.value), "control_rate_error": .number(controlRate.error),
            "baseline_rate": .number(baselineRate.value),
            "successes": .number(Double(successes)), "control_successes": .number(Double(controlSuccesses)),
            "baseline_successes": .number(Double(baselineSuccesses)),
            // Anonymeter warns that the analysis cannot be trusted when the attack is no better than guessing.
            "attack_beats_baseline": .bool(attackRate.value > baselineRate.value),
        ]
    }
}
