import SynthTable

/// The attacker's copy of the generator for the shadow-model attack (``ShadowModelSuite``): the same method
/// with the same parameters, refitted on a table the attacker chose, then sampled.
///
/// Evaluation knows no generators (docs/architecture.md), so the caller hands this in: the pipeline builds
/// it from the run's method resolution (`Harness/Pipeline/ShadowRefit`), tests from a closure.
public struct ShadowGenerator: Sendable {
    /// What is refitted, for the details (e.g. `gc (sdv)`).
    public var method: String
    /// Fits a fresh generator on `training` and returns `rows` synthetic rows; every random choice derives
    /// from `seed`.
    public var refit: @Sendable (_ training: Table, _ rows: Int, _ seed: UInt64) throws -> Table

    public init(method: String, refit: @escaping @Sendable (_ training: Table, _ rows: Int, _ seed: UInt64) throws -> Table) {
        self.method = method
        self.refit = refit
    }
}
