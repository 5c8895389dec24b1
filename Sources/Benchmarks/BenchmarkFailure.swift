import Evaluation
import SynthTable
import Synthesizers

/// Why a benchmark could not produce its figures: a parameter out of range (named with its benchmark), a
/// result that fails the benchmark's own check, or the error of the component it times.
package enum BenchmarkFailure: Error, CustomStringConvertible {
    /// `benchmark` names it in the message: "invalid CSV benchmark parameter: rows must be positive, got 0".
    case invalidParameter(benchmark: String, String)
    /// The CSV benchmark read back another table than it wrote.
    case roundTripMismatch
    /// Two samples with the same seed differ.
    case notReproducible
    case csv(CSVError)
    case synthesis(SynthesisError)
    case evaluation(EvaluationError)

    package var description: String {
        switch self {
        case .invalidParameter(let benchmark, let why): "invalid \(benchmark) benchmark parameter: \(why)"
        case .roundTripMismatch: "the table read back differs from the table written"
        case .notReproducible: "two samples with the same seed differ"
        case .csv(let e): e.description
        case .synthesis(let e): e.description
        case .evaluation(let e): e.description
        }
    }
}
