import ArgumentParser
import Benchmarks
import Harness
import SynthCore

/// `synthbench bench blas`: `cblas_sgemm` throughput with the kernel OpenBLAS runs.
struct BenchBLASCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blas",
        abstract: "cblas_sgemm GFLOP/s for 512x512x512 and 256x500x256 (m x k x n), best of timed batches.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Timed batches per shape (the best is reported).") var batches = 5
    @Option(help: "Minimum seconds per batch (calls per batch double until a batch takes this long).")
    var minimumBatchSeconds = 0.2
    @OptionGroup var output: BenchOutputOptions

    func validate() throws {
        if batches < 1 { throw ValidationError("--batches must be at least 1, got \(batches)") }
        if !(minimumBatchSeconds > 0) {
            throw ValidationError("--minimum-batch-seconds must be positive, got \(minimumBatchSeconds)")
        }
    }

    func run() throws {
        global.apply()
        let r = try BLASBenchmark(batches: batches, minimumBatchSeconds: minimumBatchSeconds).run()
        if output.json { try printJSON("blas", r); return }
        var rows = [("OpenBLAS core", BLASKernelRecord.current.summary), ("threads", "\(r.threads)")]
        for m in r.measurements {
            rows.append(("sgemm \(m.shape)", "\(fixed(m.gflops, 1)) GFLOP/s  (\(m.callsPerBatch) calls/batch, best of \(m.batches): \(fixed(m.bestBatchSeconds, 3)) s)"))
        }
        rows.append(("load average", LoadAverage.text()))
        printTable(rows)
    }
}
