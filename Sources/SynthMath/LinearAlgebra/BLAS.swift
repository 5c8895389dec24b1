import CBLAS
import Foundation

/// Process-wide OpenBLAS settings.
///
/// SynthBench runs OpenBLAS on one thread per process by default: grids run cells in parallel instead, and
/// sgemm output bits depend on the thread count, so a pinned count is part of reproducibility.
/// Override with `SYNTHBENCH_BLAS_THREADS` (or `OPENBLAS_NUM_THREADS`) or the CLI's `--blas-threads`.
public enum BLAS {
    /// The environment variable that overrides the default thread count.
    public static let threadsEnvironmentKey = "SYNTHBENCH_BLAS_THREADS"

    /// The thread count requested by the environment, or 1.
    public static var defaultThreads: Int {
        let env = ProcessInfo.processInfo.environment
        for key in [threadsEnvironmentKey, "OPENBLAS_NUM_THREADS"] {
            if let v = env[key], let n = Int(v), n > 0 { return n }
        }
        return 1
    }

    /// Sets the number of OpenBLAS threads for this process (applies to later calls at once).
    public static func setThreads(_ n: Int) {
        precondition(n > 0, "thread count must be positive")
        openblas_set_num_threads(Int32(n))
    }

    /// Applies ``defaultThreads``; call once at start-up.
    public static func configureFromEnvironment() { setThreads(defaultThreads) }

    /// The current OpenBLAS thread count.
    public static var threads: Int { Int(openblas_get_num_threads()) }

    /// The kernel OpenBLAS selected for this CPU (e.g. `SkylakeX`, `Haswell`).
    public static var coreName: String { String(cString: openblas_get_corename()) }

    /// OpenBLAS's build configuration string.
    public static var config: String { String(cString: openblas_get_config()) }
}
