/// A run failed in `phase`; `underlying` says why. Timings of the phases that finished are kept.
package struct PipelineError: Error, CustomStringConvertible {
    package let phase: PipelinePhase
    package let underlying: any Error
    package let timings: PhaseTimings
    /// The real table's rows when `load` finished before the failure.
    package var realRows: Int? = nil

    package init(phase: PipelinePhase, underlying: any Error, timings: PhaseTimings, realRows: Int? = nil) {
        self.phase = phase; self.underlying = underlying; self.timings = timings; self.realRows = realRows
    }

    package var description: String { "\(phase.rawValue): \(underlying)" }
}
