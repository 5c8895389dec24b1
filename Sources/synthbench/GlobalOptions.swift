import ArgumentParser
import Harness
import SynthMath

/// Options every command accepts: logging format and the OpenBLAS thread count.
struct GlobalOptions: ParsableArguments {
    @Flag(name: .customLong("log-json"), help: "Write log lines as JSON objects instead of human-readable text.")
    var logJSON = false

    @Option(name: .customLong("blas-threads"), parsing: .unconditional,
            help: "OpenBLAS threads for this process (default: $SYNTHBENCH_BLAS_THREADS, else 1).")
    var blasThreads: Int?

    func validate() throws {
        if let n = blasThreads, n < 1 { throw ValidationError("--blas-threads must be at least 1, got \(n)") }
    }

    /// Applies the options to the process; call first in every command's `run`. Also registers the
    /// runner's test-only methods when `SYNTHBENCH_TEST_METHODS=1` (docs/runner.md).
    func apply() {
        LogSetup.bootstrap(format: logJSON ? .json : .human)
        BLAS.setThreads(blasThreads ?? BLAS.defaultThreads)
        TestMethods.registerIfEnabled()
    }
}
