#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The training thread's CPU seconds per epoch, and the ratio of late epochs to early ones.
///
/// Why: a cost that grows with training is invisible to a short bench and to a mean over the run. TabDDPM's
/// steps cost 20-40 % more from about epoch 22 of a default run than in its first epochs (AdamW's first
/// moments of dead ReLU units decaying into subnormal floats, docs/ddpm.md "Why the full run's steps were
/// slower"), while `bench ddpm` timed two epochs. The fit notes carry this record, so a run shows such a
/// drift itself.
///
/// The clock is the calling thread's (`CLOCK_THREAD_CPUTIME_ID`): other processes and other jobs of the same
/// process do not count. With more than one BLAS thread the workers' time is missing (synthbench runs one).
public struct EpochCPUTimes: Sendable, Equatable {
    /// CPU seconds of each epoch, in order (the first includes first-touch allocations).
    public private(set) var seconds: [Double] = []
    private var last: Double

    /// Starts the clock of the first epoch.
    public init() { last = Self.threadSeconds() }

    /// Continues a record a checkpoint saved: `seconds` of the epochs done, the next epoch's clock started now.
    public init(resuming seconds: [Double]) {
        self.init()
        self.seconds = seconds
    }

    /// Closes the current epoch and starts the next one's clock.
    public mutating func endEpoch() {
        let now = Self.threadSeconds()
        seconds.append(now - last)
        last = now
    }

    /// Mean CPU seconds of the early and the late epochs: epochs 2 to `k + 1` against the last `k`, with `k` a
    /// tenth of the epochs after the first (at least 1, at most 50). Nil below 3 epochs, where the two windows
    /// would overlap or contain the first epoch's warm-up.
    public static func earlyAndLate(_ seconds: [Double]) -> (early: Double, late: Double)? {
        guard seconds.count >= 3 else { return nil }
        let k = min(50, max(1, (seconds.count - 1) / 10))
        let early = seconds[1...k], late = seconds[(seconds.count - k)...]
        return (early.reduce(0, +) / Double(k), late.reduce(0, +) / Double(k))
    }

    /// `cpu_seconds_per_epoch` (every epoch) and, from 3 epochs on, `cpu_seconds_early` / `cpu_seconds_late`
    /// and their ratio `cpu_late_over_early` (``earlyAndLate(_:)``).
    public var notes: [String: NoteValue] {
        var out: [String: NoteValue] = ["cpu_seconds_per_epoch": .numbers(seconds)]
        if let (early, late) = Self.earlyAndLate(seconds) {
            out["cpu_seconds_early"] = .number(early)
            out["cpu_seconds_late"] = .number(late)
            if early > 0 { out["cpu_late_over_early"] = .number(late / early) }
        }
        return out
    }

    static func threadSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }
}
