/// A weight for the KL term of a VAE that rises linearly from `start` to `end` over `warmupSteps`, then
/// stays at `end` (with `cycleLength`, it restarts every `cycleLength` steps: cyclical annealing, Fu et al.
/// 2019). TVAE itself uses a constant weight of 1: `KLAnnealing.constant`.
public struct KLAnnealing: Sendable {
    public let start: Double
    public let end: Double
    public let warmupSteps: Int
    public let cycleLength: Int?

    public init(start: Double = 0, end: Double = 1, warmupSteps: Int, cycleLength: Int? = nil) {
        precondition(warmupSteps >= 0, "warmupSteps must be >= 0")
        if let c = cycleLength { precondition(c >= warmupSteps && c > 0, "cycleLength must cover the warm-up") }
        self.start = start; self.end = end; self.warmupSteps = warmupSteps; self.cycleLength = cycleLength
    }

    /// Weight 1 at every step.
    public static let constant = KLAnnealing(start: 1, end: 1, warmupSteps: 0)

    public func weight(atStep step: Int) -> Double {
        let s = cycleLength.map { step % $0 } ?? step
        if warmupSteps == 0 || s >= warmupSteps { return end }
        return start + (end - start) * Double(s) / Double(warmupSteps)
    }
}
