import ArgumentParser
import Benchmarks
import SynthCore

/// `synthbench bench csv`: the CSV reader and writer on a generated all-numeric table.
struct BenchCSVCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "csv",
        abstract: "Write and read a generated all-numeric CSV file; report MB/s and rows/s (best of --repeats).")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Rows of the generated table.") var rows = 200_000
    @Option(help: "Numerical columns of the generated table.") var columns = 12
    @Option(help: "Timed writes and reads (the best of each is reported).") var repeats = 5
    @Option(help: "Seed of the generated values.") var seed: UInt64 = 1
    @OptionGroup var output: BenchOutputOptions

    func validate() throws {
        if rows < 1 { throw ValidationError("--rows must be at least 1, got \(rows)") }
        if columns < 1 { throw ValidationError("--columns must be at least 1, got \(columns)") }
        if repeats < 1 { throw ValidationError("--repeats must be at least 1, got \(repeats)") }
    }

    func run() throws {
        global.apply()
        let r = try CSVBenchmark(rows: rows, columns: columns, repeats: repeats, seed: seed).run()
        if output.json { try printJSON("csv", r); return }
        printTable([
            ("table", "\(r.rows) rows x \(r.columns) numerical columns, \(fixed(Double(r.bytes) / 1e6, 1)) MB (seed \(r.seed))"),
            ("read", "\(fixed(r.readMBPerSecond, 1)) MB/s  \(fixed(r.readRowsPerSecond / 1e3, 0))k rows/s  (best of \(r.repeats): \(fixed(r.readSeconds, 3)) s wall, \(fixed(r.readCPUSeconds, 3)) s CPU)"),
            ("write", "\(fixed(r.writeMBPerSecond, 1)) MB/s  \(fixed(r.writeRowsPerSecond / 1e3, 0))k rows/s  (best of \(r.repeats): \(fixed(r.writeSeconds, 3)) s wall, \(fixed(r.writeCPUSeconds, 3)) s CPU)"),
            ("load average", LoadAverage.text()),
        ])
    }
}
