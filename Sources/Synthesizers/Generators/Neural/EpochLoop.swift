import SynthMath
import SynthNN

/// The epoch skeleton every neural generator that trains on encoded rows shares (CTGAN's conditional GAN,
/// TVAE's autoencoder, the DP GANs built on the GAN, PATE-GAN and TabDDPM): the held-out split when early
/// stopping is on, then per epoch the model's steps (cancellation checked before each), the epoch's mean
/// losses into the ``TrainingHistory`` and the progress sink, and every `interval` epochs SynthCity's
/// early-stopping check (score the held-out rows, keep the best state, stop after `patience` checks without
/// improvement), with the best state restored at the end. Two ways to end sooner: a step budget
/// (`totalSteps`, TabDDPM's `steps` training: the last epoch is cut short) and a step that returns nil
/// (PATE-GAN's next noisy vote would overspend the privacy budget: training ends at once and the
/// unfinished epoch is not recorded).
///
/// Checkpoints (TabDDPM's long runs): `resuming` starts after the passes a checkpoint holds, with its history,
/// and `atEpochEnd` gets the loop's ``Position`` after every epoch, where the model may save its state.
/// Early stopping's state (the stopper, the best snapshot) is not part of a position, so a loop with early
/// stopping takes no checkpoints.
///
/// The model supplies what differs as closures to
/// ``run(stepsPerEpoch:totalSteps:context:resuming:atEpochEnd:beginEpoch:step:endEpoch:score:snapshot:restore:)``.
/// Random draws: the split comes from `rng.derived("split")`; the model keeps its own streams.
struct EpochLoop {
    let epochs: Int
    let earlyStopping: EarlyStoppingRule?
    /// The held-out split, when early stopping is on.
    let split: RowSplit?
    /// The rows the steps draw from: all rows, or the split's training rows.
    let trainingRows: [Int]
    /// The names of the losses each step returns, in order.
    let lossNames: [String]

    init(rowCount: Int, epochs: Int, earlyStopping: EarlyStoppingRule?, lossNames: [String], rng: RandomStream) {
        var splitRNG = rng.derived("split")
        split = earlyStopping.map { RowSplit(rowCount: rowCount, validationFraction: $0.validationFraction, rng: &splitRNG) }
        trainingRows = split?.training ?? Array(0..<rowCount)
        self.epochs = epochs
        self.earlyStopping = earlyStopping
        self.lossNames = lossNames
    }

    /// Where the loop stands at an epoch boundary: what a checkpoint saves and a resume starts from.
    struct Position {
        /// The history so far (`epochsRun` epochs done).
        var history: TrainingHistory
        /// Wall seconds of the epochs done (the mean per epoch is taken at the end).
        var trainingSeconds: Double
        /// No epoch is left: the run ends here.
        var finished: Bool
    }

    /// Runs the epochs and returns what happened.
    /// - `totalSteps`: a budget of steps over all epochs (nil: `epochs x stepsPerEpoch`).
    /// - `beginEpoch(epoch)`: before the epoch (0-based); false ends training early (a spent privacy budget).
    /// - `step(epoch, step)`: one optimisation step; returns its losses in ``lossNames`` order, or nil to end
    ///   training now (the epoch's steps so far are not recorded).
    /// - `endEpoch(epoch, means)`: after the epoch's means are recorded and reported (schedulers, accountants).
    /// - `score(validationRows)`: the early-stopping score of the held-out rows, lower is better.
    /// - `snapshot()` / `restore(_:)`: the state early stopping keeps and puts back.
    /// - `resuming`: continue after the epochs of this position (the model has restored its own state).
    /// - `atEpochEnd(position)`: after each epoch, to save a checkpoint.
    func run<Snapshot>(stepsPerEpoch steps: Int, totalSteps: Int? = nil, context: SynthesisContext,
                       resuming: Position? = nil, atEpochEnd: ((Position) throws -> Void)? = nil,
                       beginEpoch: (_ epoch: Int) throws -> Bool = { _ in true },
                       step: (_ epoch: Int, _ step: Int) throws -> [Double]?,
                       endEpoch: (_ epoch: Int, _ means: [String: Double]) -> Void = { _, _ in },
                       score: (_ validationRows: [Int]) -> Double,
                       snapshot: () -> Snapshot, restore: (Snapshot) -> Void) throws -> TrainingHistory {
        precondition(earlyStopping == nil || (resuming == nil && atEpochEnd == nil),
                     "checkpoints do not hold early stopping's state")
        var history = resuming?.history ?? TrainingHistory()
        history.epochsPlanned = epochs
        var stopper = earlyStopping.map { EarlyStopping(patience: $0.patience, direction: .minimize) }
        var best: Snapshot? = nil
        var epochLosses = EpochLosses(lossNames)
        var trainingSeconds = resuming?.trainingSeconds ?? 0
        let clock = ContinuousClock()
        let budget = totalSteps ?? epochs * steps
        epochs: for epoch in (resuming?.history.epochsRun ?? 0)..<epochs {
            let start = clock.now
            guard try beginEpoch(epoch) else { history.stoppedEarly = true; break }
            for s in 0..<max(0, min(steps, budget - epoch * steps)) {
                try context.checkCancellation()
                guard let losses = try step(epoch, s) else {
                    trainingSeconds += (clock.now - start).seconds
                    history.stoppedEarly = true
                    break epochs
                }
                epochLosses.add(losses)
            }
            trainingSeconds += (clock.now - start).seconds
            let means = epochLosses.finish()
            for (k, v) in means { history.losses[k, default: []].append(v) }
            history.epochsRun = epoch + 1
            context.progress(.epoch(index: epoch + 1, of: epochs, losses: means))
            endEpoch(epoch, means)
            if let rule = earlyStopping, let split, (epoch + 1) % rule.interval == 0 {
                let value = score(split.validation)
                history.checks.append((epoch + 1, value))
                let decision = stopper!.update(value, progress: epoch + 1, minimumProgress: rule.minimumEpochs)
                if decision.improved { best = snapshot(); history.restoredEpoch = epoch + 1 }
                if decision.shouldStop { history.stoppedEarly = true; break }
            }
            try atEpochEnd?(Position(history: history, trainingSeconds: trainingSeconds,
                                     finished: epoch + 1 == epochs || (epoch + 1) * steps >= budget))
        }
        if let best { restore(best) } else { history.restoredEpoch = nil }
        history.secondsPerEpoch = history.epochsRun > 0 ? trainingSeconds / Double(history.epochsRun) : 0
        return history
    }

    /// ``run(stepsPerEpoch:totalSteps:context:resuming:atEpochEnd:beginEpoch:step:endEpoch:score:snapshot:restore:)`` for a model
    /// without early stopping (nothing to score, keep or restore).
    func run(stepsPerEpoch steps: Int, totalSteps: Int? = nil, context: SynthesisContext,
             resuming: Position? = nil, atEpochEnd: ((Position) throws -> Void)? = nil,
             beginEpoch: (_ epoch: Int) throws -> Bool = { _ in true },
             step: (_ epoch: Int, _ step: Int) throws -> [Double]?,
             endEpoch: (_ epoch: Int, _ means: [String: Double]) -> Void = { _, _ in }) throws -> TrainingHistory {
        precondition(earlyStopping == nil, "early stopping needs score, snapshot and restore")
        return try run(stepsPerEpoch: steps, totalSteps: totalSteps, context: context, resuming: resuming,
                       atEpochEnd: atEpochEnd, beginEpoch: beginEpoch, step: step,
                       endEpoch: endEpoch, score: { _ in 0 }, snapshot: {}, restore: { _ in })
    }
}
