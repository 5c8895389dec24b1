/// The step shared by the logistic regressions' Newton solvers: from `point`, move against `direction`
/// (the Newton step), halving the step until the convex objective does not increase; converged when the
/// point barely moves or the objective barely improves.
enum DampedNewton {
    static func step(from point: [Double], direction: [Double], value current: Double,
                     objective: ([Double]) -> Double) -> (point: [Double], value: Double, converged: Bool) {
        var t = 1.0, candidate = point, value = current
        while t > 1e-10 {
            candidate = zip(point, direction).map { $0 - t * $1 }
            value = objective(candidate)
            if value <= current { break }
            t *= 0.5
        }
        let moved = zip(candidate, point).map { abs($0 - $1) }.max() ?? 0
        return (candidate, value, moved < 1e-10 || current - value < 1e-12 * max(1, abs(value)))
    }
}
