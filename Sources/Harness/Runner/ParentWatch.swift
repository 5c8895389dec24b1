import Foundation

/// Ends a cell process at once when the runner that started it dies. Without it, a runner killed with
/// SIGKILL would leave its cells running as orphans (they are in process groups of their own), and an
/// orphan could overwrite the result of the same cell in a resumed run. The runner passes its pid in
/// `SYNTHBENCH_PARENT_PID`; a background thread compares it with `getppid()` every 200 ms and calls
/// `_exit(3)` (no result written) when they differ.
package enum ParentWatch {
    package static let environmentKey = "SYNTHBENCH_PARENT_PID"

    /// Starts the watch when the environment names a parent; returns whether it did.
    @discardableResult
    package static func start(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        guard let text = environment[environmentKey], let expected = Int32(text) else { return false }
        let thread = Thread {
            while true {
                if getppid() != expected {
                    let message = "synthbench cell: the runner (pid \(expected)) is gone; stopping without a result\n"
                    _ = message.withCString { write(2, $0, strlen($0)) }
                    _exit(3)
                }
                usleep(200_000)
            }
        }
        thread.start()
        return true
    }
}
