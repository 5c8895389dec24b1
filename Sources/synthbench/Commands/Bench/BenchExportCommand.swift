import ArgumentParser
import Benchmarks
import Exports
import Foundation
import SynthCore

/// `synthbench bench export`: the streaming export writers on an adult-like table (docs/exports.md).
struct BenchExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Stream an adult-like table (15 columns) through the export writers; report MB/s, rows/s and peak memory.",
        discussion: "The issue's target: Parquet and CSV of 10M rows at >= 100 MB/s with a peak under 300 MB. --keep leaves the files for scripts/exports/pyarrow-reference.py, which times pyarrow on the same table.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Rows of the generated table.") var rows = 10_000_000
    @Option(name: .customLong("chunk-rows"), help: "Rows per generated chunk.") var chunkRows = 65_536
    @Option(name: .customLong("format"), help: "A table format to time (repeatable; default: parquet and csv).") var formats: [ExportFormat] = []
    @Option(help: "Seed of the generated values.") var seed: UInt64 = 1
    @Option(help: "Directory for the files.") var directory: String = NSTemporaryDirectory()
    @Flag(help: "Keep the files (their paths are printed).") var keep = false
    @OptionGroup var output: BenchOutputOptions

    func validate() throws {
        if rows < 1 { throw ValidationError("--rows must be at least 1, got \(rows)") }
        if chunkRows < 1 { throw ValidationError("--chunk-rows must be at least 1, got \(chunkRows)") }
        if formats.contains(.zip) { throw ValidationError("--format zip is not a table format") }
    }

    func run() throws {
        global.apply()
        let r = try ExportBenchmark(rows: rows, chunkRows: chunkRows, seed: seed,
                                    formats: formats.isEmpty ? [.parquet, .csv] : formats, directory: directory, keep: keep).run()
        if output.json { try printJSON("export", r); return }
        var lines = [("table", "\(r.rows) rows x \(r.columns) adult-like columns, chunks of \(r.chunkRows) (seed \(r.seed))"),
                     ("CPU", r.cpuModel ?? "unknown"),
                     ("BLAS", "\(r.blasCore) kernel (not used by this benchmark)")]
        for m in r.measurements {
            let peak = m.peakRSSMB.map { "peak \(fixed($0, 0)) MB" + (m.peakIsSinceStart ? " (since start)" : "") } ?? "peak unknown"
            lines.append((m.format, "\(fixed(m.mbPerSecond, 1)) MB/s  \(fixed(m.rowsPerSecond / 1e6, 2))M rows/s  \(fixed(Double(m.bytes) / 1e6, 1)) MB in \(fixed(m.seconds, 2)) s wall (\(fixed(m.cpuSeconds, 2)) s CPU), \(peak)"
                          + (m.path.map { "  kept: \($0)" } ?? "")))
        }
        lines.append(("load average", LoadAverage.text()))
        printTable(lines)
    }
}
