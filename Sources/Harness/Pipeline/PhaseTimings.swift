import SynthCore

/// Wall-clock seconds per phase; nil (written as null, so every record has every key) for a phase that did
/// not finish.
package struct PhaseTimings: Codable, Sendable, Equatable {
    @NullWhenAbsent package var load: Double?
    @NullWhenAbsent package var fit: Double?
    @NullWhenAbsent package var sample: Double?
    @NullWhenAbsent package var evaluate: Double?
    @NullWhenAbsent package var total: Double?

    package init(load: Double? = nil, fit: Double? = nil, sample: Double? = nil, evaluate: Double? = nil,
                total: Double? = nil) {
        self.load = load; self.fit = fit; self.sample = sample; self.evaluate = evaluate; self.total = total
    }
}

/// Seconds elapsed since `start` on the continuous clock.
func seconds(since start: ContinuousClock.Instant) -> Double {
    let d = ContinuousClock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}
