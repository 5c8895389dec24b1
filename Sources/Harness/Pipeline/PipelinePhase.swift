/// The stages of one run, in order. A failed run records the phase it was in.
package enum PipelinePhase: String, Codable, Sendable, CaseIterable {
    case load, metadata, resolve, fit, sample, postprocess, evaluate, write, done
}
