import SynthMath
import SynthNN

/// What a neural fit did, epoch by epoch: the per-epoch mean of each named loss, the held-out checks of
/// early stopping, and where it stopped. Becomes part of a synthesizer's `fitNotes`.
public struct TrainingHistory: Sendable, Equatable {
    /// Loss name -> one value per epoch run (mean over the epoch's steps).
    public var losses: [String: [Double]] = [:]
    public var epochsPlanned = 0
    public var epochsRun = 0
    /// (epoch, score) of every early-stopping check, 1-based epochs.
    public var checks: [(epoch: Int, score: Double)] = []
    /// Epoch (1-based) whose state was kept, when early stopping restored a best state.
    public var restoredEpoch: Int?
    public var stoppedEarly = false
    /// Mean wall seconds per epoch (the early-stopping checks excluded).
    public var secondsPerEpoch = 0.0

    public init() {}

    public static func == (a: TrainingHistory, b: TrainingHistory) -> Bool {
        a.losses == b.losses && a.epochsPlanned == b.epochsPlanned && a.epochsRun == b.epochsRun
            && a.checks.map(\.epoch) == b.checks.map(\.epoch) && a.checks.map(\.score) == b.checks.map(\.score)
            && a.restoredEpoch == b.restoredEpoch && a.stoppedEarly == b.stoppedEarly
    }

    /// The notes a synthesizer reports: `loss_<name>` arrays, epochs, early-stopping outcome.
    public var notes: [String: NoteValue] {
        var out: [String: NoteValue] = [:]
        for (name, values) in losses { out["loss_\(name)"] = .numbers(values) }
        out["epochs_planned"] = .number(Double(epochsPlanned))
        out["epochs_run"] = .number(Double(epochsRun))
        out["seconds_per_epoch"] = .number(secondsPerEpoch)
        if !checks.isEmpty {
            out["early_stopping_epochs"] = .numbers(checks.map { Double($0.epoch) })
            out["early_stopping_scores"] = .numbers(checks.map(\.score))
            out["stopped_early"] = .string(stoppedEarly ? "yes" : "no")
            if let r = restoredEpoch { out["restored_epoch"] = .number(Double(r)) }
        }
        return out
    }
}

/// Running per-epoch means of named losses.
struct EpochLosses {
    private(set) var sums: [Double]
    private(set) var steps = 0
    let names: [String]

    init(_ names: [String]) { self.names = names; sums = Array(repeating: 0, count: names.count) }

    mutating func add(_ values: Double...) { add(values) }

    mutating func add(_ values: [Double]) {
        for (i, v) in values.enumerated() { sums[i] += v }
        steps += 1
    }

    /// The means, and the counters reset.
    mutating func finish() -> [String: Double] {
        var out: [String: Double] = [:]
        for (i, n) in names.enumerated() { out[n] = steps > 0 ? sums[i] / Double(steps) : 0 }
        sums = Array(repeating: 0, count: names.count)
        steps = 0
        return out
    }
}

/// A held-out split of row indices, SynthCity's 80/20 `train_test_split` (shuffled; seeded here).
struct RowSplit {
    let training: [Int]
    let validation: [Int]

    init(rowCount n: Int, validationFraction: Double, rng: inout RandomStream) {
        let permutation = rng.permutation(n)
        // sklearn: n_test = ceil(test_size * n), n_train = n - n_test.
        let nValidation = min(n - 1, max(1, Int((validationFraction * Double(n)).rounded(.up))))
        validation = permutation[0..<nValidation].sorted()
        training = permutation[nValidation...].sorted()
    }
}
