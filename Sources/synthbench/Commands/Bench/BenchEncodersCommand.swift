import ArgumentParser
import Benchmarks
import SynthCore

/// `synthbench bench encoders`: the CTGAN/TVAE data transformer in both flavours.
struct BenchEncodersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encoders",
        abstract: "Fit and transform a dataset with the CTGAN/TVAE data transformer in both flavours (best of --repeats).",
        discussion: "Loads a registered dataset (fetch it first: synthbench datasets fetch adult) and times ModeSpecificTransformer fit, transform and inverse on one thread.")

    @OptionGroup var global: GlobalOptions

    @OptionGroup var dataset: BenchDatasetOptions
    @Option(help: "Timed runs per flavour (the best is reported).") var repeats = 3
    @Option(help: "Seed of the k-means initialisations and the sampled modes.") var seed: UInt64 = 1
    @OptionGroup var output: BenchOutputOptions

    func validate() throws {
        if repeats < 1 { throw ValidationError("--repeats must be at least 1, got \(repeats)") }
    }

    func run() throws {
        global.apply()
        let loaded = try dataset.load()
        let r = try EncoderBenchmark(table: loaded.table, metadata: loaded.metadata, repeats: repeats, seed: seed).run()
        if output.json { try printJSON("encoders", r); return }
        var rows = [("table", "\(dataset.name): \(r.rows) rows x \(r.columns) columns (seed \(r.seed), best of \(r.repeats))")]
        for m in r.measurements {
            rows.append(("\(m.backend) fit + transform", "\(fixed(m.fitTransformSeconds, 3)) s wall, \(fixed(m.fitTransformCPUSeconds, 3)) s CPU (fit \(fixed(m.fitSeconds, 3)) s, transform \(fixed(m.transformSeconds, 3)) s)"))
            rows.append(("\(m.backend) inverse", "\(fixed(m.inverseSeconds, 3)) s"))
            let modes = m.modes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            rows.append(("\(m.backend) layout", "width \(m.width): \(m.continuousColumns) continuous (modes \(modes)), \(m.discreteColumns) discrete"))
            if !m.unconvergedColumns.isEmpty {
                rows.append(("\(m.backend) at max_iter", m.unconvergedColumns.joined(separator: ", ")))
            }
        }
        rows.append(("load average", LoadAverage.text()))
        printTable(rows)
    }
}
