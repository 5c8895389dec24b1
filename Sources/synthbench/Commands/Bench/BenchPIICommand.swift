import ArgumentParser
import Benchmarks
import SynthCore

/// `synthbench bench pii`: generation speed of PII and id columns, per sdtype.
struct BenchPIICommand: AsyncParsableCommand {
    /// Values per second per column, and how the output names it ("1M").
    static let budget = ReferenceFigure.piiValuesPerSecondBudget.value
    static let budgetText = "\(Int(budget / 1e6))M"

    static let configuration = CommandConfiguration(
        commandName: "pii",
        abstract: "Time the generation of PII and id columns per sdtype (best of --repeats); budget \(budgetText) values/s per column.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Values per column.") var count = 1_000_000
    @Option(help: "Timed runs per column (the best is reported).") var repeats = 3
    @Option(help: "Seed of the generated values.") var seed: UInt64 = 1
    @Flag(name: .customLong("every-unique"), help: "Also time every text provider as a unique key (by default only email).")
    var everyUnique = false
    @Option(help: "Time only the cases whose name contains this text (e.g. \"email, unique\").") var only: String?
    @OptionGroup var output: BenchOutputOptions

    func validate() throws {
        if repeats < 1 { throw ValidationError("--repeats must be at least 1, got \(repeats)") }
        if count < 1 { throw ValidationError("--count must be at least 1, got \(count)") }
    }

    func run() throws {
        global.apply()
        let r = try PIIBenchmark(count: count, repeats: repeats, seed: seed, everyUnique: everyUnique, only: only).run()
        if output.json { try printJSON("pii", r); return }
        var rows = [("run", "\(r.count) values per column, one thread, best of \(r.repeats), seed \(r.seed)"),
                    ("CPU", r.cpuModel ?? "unknown"),
                    ("BLAS", "\(r.blasCore) kernel (not used by this benchmark)")]
        for m in r.measurements {
            rows.append((m.name, "\(fixed(m.valuesPerSecond / 1e6, 2)) M values/CPU-s (\(fixed(m.cpuSeconds, 3)) s CPU, \(fixed(m.seconds, 3)) s wall)"
                         + (m.valuesPerSecond < Self.budget ? "  below \(Self.budgetText)/s" : "")))
        }
        rows.append(("load average", LoadAverage.text()))
        printTable(rows)
    }
}
