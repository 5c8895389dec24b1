import Logging
import Synchronization

/// What a synthesizer gets besides the data: the seed of its fit, a way to notice cancellation, somewhere
/// to report progress, and a logger.
public struct SynthesisContext: Sendable {
    public let cancellation: CancellationFlag
    public let progress: @Sendable (ProgressEvent) -> Void
    public let logger: Logger
    /// The seed of everything random in `fit` (weight initialisation, batches, noise): the same table,
    /// parameters, seed and BLAS thread count give the same fitted model. The pipeline derives it from the
    /// run's seed (`"fit"`); `sample` takes its own seed.
    public var seed: UInt64
    /// Save the training state now and then and resume from it (TabDDPM only); nil: no checkpoints.
    public var checkpoint: TrainingCheckpointRequest?

    public init(cancellation: CancellationFlag = CancellationFlag(),
                progress: @escaping @Sendable (ProgressEvent) -> Void = { _ in },
                logger: Logger = Logger(label: "synthbench"), seed: UInt64 = 0,
                checkpoint: TrainingCheckpointRequest? = nil) {
        self.cancellation = cancellation
        self.progress = progress
        self.logger = logger
        self.seed = seed
        self.checkpoint = checkpoint
    }

    /// This context with another fit seed.
    public func withSeed(_ seed: UInt64) -> SynthesisContext {
        var c = self
        c.seed = seed
        return c
    }

    /// Throws ``SynthesisError/cancelled`` once cancellation was requested.
    public func checkCancellation() throws(SynthesisError) {
        if cancellation.isCancelled { throw .cancelled }
    }
}

/// A thread-safe, one-way cancellation switch (set by a signal handler or another task).
public final class CancellationFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    public init() {}
    public var isCancelled: Bool { flag.load(ordering: .relaxed) }
    public func cancel() { flag.store(true, ordering: .relaxed) }
}

/// Progress reported by long-running fits.
public enum ProgressEvent: Sendable, Equatable {
    /// A training epoch finished, with named losses (e.g. "generator", "discriminator").
    case epoch(index: Int, of: Int, losses: [String: Double])
    /// A named stage started (e.g. "encode", "fit-columns").
    case stage(String)
}
