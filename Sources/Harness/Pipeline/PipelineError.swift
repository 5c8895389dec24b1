/// A run failed in `phase`; `underlying` says why. Timings of the phases that finished are kept.
public struct PipelineError: Error, CustomStringConvertible {
    public let phase: PipelinePhase
    public let underlying: any Error
    public let timings: PhaseTimings
    /// The real table's rows when `load` finished before the failure.
    public var realRows: Int? = nil

    public init(phase: PipelinePhase, underlying: any Error, timings: PhaseTimings, realRows: Int? = nil) {
        self.phase = phase; self.underlying = underlying; self.timings = timings; self.realRows = realRows
    }

    public var description: String { "\(phase.rawValue): \(underlying)" }
}
