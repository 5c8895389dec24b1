import ArgumentParser
import Evaluation

/// `--eval-cap N` (both cost classes), `--eval-cap-classifier N`, `--eval-cap-quadratic N`: rows of each
/// table the classifier metrics and the neighbour and density metrics use at most (a seeded, stratified
/// subsample; docs/scale.md). 0 means every row.
struct EvalCapOption: ParsableArguments {
    @Option(name: .customLong("eval-cap"), parsing: .unconditional,
            help: "Rows of each table the classifier, neighbour and density metrics use at most (seeded, stratified subsample; 0: every row; default \(Self.describe(EvaluationCaps.defaultClassifier)) for the classifiers, \(Self.describe(EvaluationCaps.defaultQuadratic)) for the neighbour and density metrics).")
    var evalCap: Int?
    @Option(name: .customLong("eval-cap-classifier"), parsing: .unconditional,
            help: "The cap of the classifier metrics (TSTR, detection and C2ST classifiers) alone, overriding --eval-cap.")
    var evalCapClassifier: Int?
    @Option(name: .customLong("eval-cap-quadratic"), parsing: .unconditional,
            help: "The cap of the neighbour and density metrics (distance, membership, anonymeter) alone, overriding --eval-cap.")
    var evalCapQuadratic: Int?

    func validate() throws {
        for (flag, value) in [("--eval-cap", evalCap), ("--eval-cap-classifier", evalCapClassifier),
                              ("--eval-cap-quadratic", evalCapQuadratic)] {
            if let c = value, c < 0 { throw ValidationError("\(flag) must be 0 (every row) or a positive row count, got \(c)") }
        }
    }

    /// The caps for ``EvaluationInput/caps``.
    var caps: EvaluationCaps {
        EvaluationCaps(cap: evalCap, classifier: evalCapClassifier, quadratic: evalCapQuadratic)
    }

    /// The options as given, to hand on to a child process.
    var arguments: [String] {
        [("--eval-cap", evalCap), ("--eval-cap-classifier", evalCapClassifier), ("--eval-cap-quadratic", evalCapQuadratic)]
            .flatMap { flag, value in value.map { [flag, "\($0)"] } ?? [] }
    }

    static func describe(_ cap: Int?) -> String { cap.map { String($0) } ?? "every row" }
}
