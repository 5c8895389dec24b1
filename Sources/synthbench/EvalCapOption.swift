import ArgumentParser
import Evaluation

/// `--eval-cap N`: rows of each table the classifier, nearest-neighbour and density metrics use at most
/// (a seeded, stratified subsample; docs/scale.md). 0 means every row.
struct EvalCapOption: ParsableArguments {
    @Option(name: .customLong("eval-cap"),
            help: "Rows of each table the classifier, neighbour and density metrics use at most (seeded, stratified subsample; 0: every row; default \(TrainingSubsample.defaultCap)).")
    var evalCap: Int?

    func validate() throws {
        if let c = evalCap, c < 0 { throw ValidationError("--eval-cap must be 0 (every row) or a positive row count, got \(c)") }
    }

    /// The cap for ``EvaluationInput/cap``: nil for every row.
    var cap: Int? {
        guard let c = evalCap else { return TrainingSubsample.defaultCap }
        return c == 0 ? nil : c
    }
}
