import Foundation
import Synthesizers

/// Turns SIGINT and SIGTERM into a cancellation request, so long fits stop at their next check and the
/// process exits cleanly; a second signal exits at once.
package enum SignalCancellation {
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    package static func install(_ flag: CancellationFlag) {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
                if flag.isCancelled { exit(128 + sig) }
                flag.cancel()
            }
            source.resume()
            sources.append(source)
        }
    }
}
