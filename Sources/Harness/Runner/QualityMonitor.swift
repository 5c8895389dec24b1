/// The rolling quality monitor of a grid run (spec key `monitor`): keeps the `sdmetrics.quality_score` of
/// the last `window` finished cells that have one (failed cells have none and are not counted) and warns
/// when their mean drops below `minQuality`. It warns once per drop: after a warning it stays quiet until
/// the mean is back at or above the level.
package struct QualityMonitor: Sendable {
    package let window: Int
    package let minQuality: Double
    private var recent: [Double] = []
    private var below = false

    package init(window: Int, minQuality: Double) {
        precondition(window > 0, "the monitor window must be positive")
        self.window = window; self.minQuality = minQuality
    }

    package init(_ settings: ExperimentSpec.Monitor) { self.init(window: settings.window, minQuality: settings.minQuality) }

    /// The mean of the scores in the window once it is full, else nil.
    package var rollingMean: Double? {
        recent.count == window ? recent.reduce(0, +) / Double(window) : nil
    }

    /// Records a finished cell; returns a warning when the rolling mean has just dropped below the level.
    package mutating func record(_ result: CellResult) -> String? {
        guard result.status == .ok, let q = result.metrics.value(at: "sdmetrics.quality_score") else { return nil }
        recent.append(q)
        if recent.count > window { recent.removeFirst(recent.count - window) }
        guard let mean = rollingMean else { return nil }
        if mean < minQuality {
            defer { below = true }
            if !below {
                let text = String(format: "%.3f", mean)
                return "quality monitor: mean sdmetrics.quality_score of the last \(window) cells is \(text), below \(minQuality) (latest: \(result.cellID))"
            }
        } else {
            below = false
        }
        return nil
    }
}
