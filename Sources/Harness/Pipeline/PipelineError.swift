/// A run failed in `phase`; `underlying` says why. Timings of the phases that finished are kept.
public struct PipelineError: Error, CustomStringConvertible {
    public let phase: PipelinePhase
    public let underlying: any Error
    public let timings: PhaseTimings

    public var description: String { "\(phase.rawValue): \(underlying)" }
}
