import Foundation
import Synchronization

/// Counts SIGINT and SIGTERM for the grid runner instead of dying of them: the first asks for a clean
/// stop (running cells get SIGTERM, then SIGKILL after the grace period, and are recorded as cancelled);
/// the second asks for an immediate SIGKILL of every running cell.
package final class InterruptWatch: Sendable {
    private let count = Atomic<Int>(0)
    nonisolated(unsafe) private var sources: [DispatchSourceSignal] = []

    package init() {}

    /// How many interrupts arrived so far.
    package var interrupts: Int { count.load(ordering: .relaxed) }

    /// Records one interrupt (what the signal handler does; also usable by tests and embedding code).
    package func interrupt() { count.add(1, ordering: .relaxed) }

    /// Starts counting SIGINT and SIGTERM; call once.
    package func install() {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [weak self] in self?.interrupt() }
            source.resume()
            sources.append(source)
        }
    }
}
