/// Wall-clock seconds per phase; nil for a phase that did not finish.
package struct PhaseTimings: Codable, Sendable, Equatable {
    package var load: Double?
    package var fit: Double?
    package var sample: Double?
    package var evaluate: Double?
    package var total: Double?

    package init(load: Double? = nil, fit: Double? = nil, sample: Double? = nil, evaluate: Double? = nil,
                total: Double? = nil) {
        self.load = load; self.fit = fit; self.sample = sample; self.evaluate = evaluate; self.total = total
    }

    enum CodingKeys: String, CodingKey { case load, fit, sample, evaluate, total }

    /// Phases that did not finish are written as null, so every record has every key.
    package func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(load, forKey: .load)
        try c.encode(fit, forKey: .fit)
        try c.encode(sample, forKey: .sample)
        try c.encode(evaluate, forKey: .evaluate)
        try c.encode(total, forKey: .total)
    }
}

/// Seconds elapsed since `start` on the continuous clock.
func seconds(since start: ContinuousClock.Instant) -> Double {
    let d = ContinuousClock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}
