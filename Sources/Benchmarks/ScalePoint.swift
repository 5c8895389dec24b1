import SynthCore
import Evaluation
import Foundation
import Harness
import SynthMath
import SynthTable
import Synthesizers

/// One size of `bench scale`, run inside the process that measures it (the parent starts one process per
/// size, so every peak is that size's own): the dataset resized to `rows` rows (``DatasetName``: repeated,
/// plus a seeded subsample of the remainder) is written to CSV, then read back (phase `load`), a method is fitted on it (`fit`), as
/// many rows are sampled in chunks and streamed to a CSV file (`sample`), and the synthetic file is read
/// back and scored with the default suites under the evaluation cap (`evaluate`). Each phase records its
/// wall time, CPU time and peak resident memory (the high-water mark is reset between phases through
/// `/proc/self/clear_refs`; where that is not allowed the peak is the process's so far, and
/// `peak_reset` says so).
///
/// Above ``fitLimit`` rows only sampling grows: the model is fitted on ``fitLimit`` rows (not recorded as
/// a phase) and `rows` rows are sampled; load and evaluate are left out.
package struct ScalePoint: Codable, Sendable, Equatable {
    package static let fitLimit = 1_000_000

    package struct Phase: Codable, Sendable, Equatable {
        package var name: String
        package var rows: Int
        package var wallS: Double
        package var cpuS: Double
        package var peakRSSMB: Double?
        enum CodingKeys: String, CodingKey { case name, rows, wallS = "wall_s", cpuS = "cpu_s", peakRSSMB = "peak_rss_mb" }
    }

    package var rows: Int
    package var fitRows: Int
    package var phases: [Phase]
    /// Bytes of the synthetic CSV and the write rate of the sample phase (sampling included), per wall
    /// second and per CPU second (the steadier figure on a loaded machine).
    package var syntheticBytes: Int
    package var sampleMBPerS: Double
    package var sampleMBPerCPUS: Double?
    /// Whether the peak was reset between phases (else each phase's peak is the process's so far).
    package var peakReset: Bool
    /// The classifier metrics' row cap and rows used (null above ``fitLimit``).
    package var evalSubsample: EvaluationSubsample.Record?
    /// The neighbour and density metrics' (null above ``fitLimit``).
    package var evalSubsampleQuadratic: EvaluationSubsample.Record?
    /// The synthesizer's fit notes (for the copula: each column's distribution and quantile table, which
    /// decide the sampling speed).
    package var fitNotes: [String: NoteValue]?

    enum CodingKeys: String, CodingKey {
        case rows, fitRows = "fit_rows", phases, syntheticBytes = "synthetic_bytes", sampleMBPerS = "sample_mb_per_s"
        case sampleMBPerCPUS = "sample_mb_per_cpu_s"
        case peakReset = "peak_reset", evalSubsample = "eval_subsample"
        case evalSubsampleQuadratic = "eval_subsample_quadratic", fitNotes = "fit_notes"
    }

    package func phase(_ name: String) -> Phase? { phases.first { $0.name == name } }

    package struct Request: Sendable {
        package var dataset: String
        package var method: String
        package var backend: Backend
        package var parameters: [String: ParameterValue]
        package var rows: Int
        package var seed: UInt64
        /// Where the data and synthetic CSV files go.
        package var directory: URL
        package var evalCaps: EvaluationCaps
        package var datasetsDirectory: String?
        /// Keep `data.csv` (the resampled table) for a reference run on the same rows.
        package var keepData: Bool

        package init(dataset: String, method: String, backend: Backend = .sdv, parameters: [String: ParameterValue] = [:],
                    rows: Int, seed: UInt64 = 0, directory: URL, evalCaps: EvaluationCaps = .default,
                    datasetsDirectory: String? = nil, keepData: Bool = false) {
            self.dataset = dataset; self.method = method; self.backend = backend; self.parameters = parameters
            self.rows = rows; self.seed = seed; self.directory = directory; self.evalCaps = evalCaps
            self.datasetsDirectory = datasetsDirectory; self.keepData = keepData
        }

        package var dataFile: URL { directory.appendingPathComponent("data.csv") }
        package var syntheticFile: URL { directory.appendingPathComponent("synthetic.csv") }
    }

    /// Runs the phases in this process.
    package static func run(_ r: Request, context: SynthesisContext = SynthesisContext()) throws -> ScalePoint {
        try FileManager.default.createDirectory(at: r.directory, withIntermediateDirectories: true)
        let source = try PreparedData.load(.dataset(r.dataset), fetchIfMissing: true, datasetsDirectory: r.datasetsDirectory,
                                           csvPolicy: CSVReadPolicy())
        let fitRows = min(r.rows, fitLimit)
        try CSVWriter().write(source.table.resized(toRows: fitRows, seed: DatasetName.resizeSeed), to: r.dataFile.path)
        var phases: [Phase] = []
        let peakReset = resetPeak()
        func measure<T>(_ name: String, rows: Int, record: Bool = true, _ body: () throws -> T) rethrows -> T {
            _ = resetPeak()
            let wall = ContinuousClock.now, cpu = processCPUSeconds()
            let value = try body()
            if record {
                phases.append(Phase(name: name, rows: rows, wallS: seconds(since: wall), cpuS: processCPUSeconds() - cpu,
                                    peakRSSMB: ProcessMemory.peakRSSMB()))
            }
            return value
        }
        let scaled = r.rows <= fitLimit
        let real = try measure("load", rows: fitRows, record: scaled) { try CSVReader().read(path: r.dataFile.path) }
        let resolution = try MethodFactory.resolve(method: r.method, backend: r.backend, dpRequested: false)
        let synthesizer = try resolution.descriptor.make(r.parameters)
        try measure("fit", rows: fitRows, record: scaled) {
            try synthesizer.fit(real, metadata: source.metadata,
                                context: context.withSeed(RandomStream(seed: r.seed).derivedSeed("fit")))
        }
        let bytes = try measure("sample", rows: r.rows) { () throws -> Int in
            let stream = try CSVStreamWriter(path: r.syntheticFile.path)
            try synthesizer.sampleChunks(count: r.rows, seed: RandomStream(seed: r.seed).derivedSeed("sample"),
                                         context: context) { try stream.append($0) }
            try stream.finish()
            return (try FileManager.default.attributesOfItem(atPath: r.syntheticFile.path)[.size] as? Int) ?? 0
        }
        var evaluation: RunEvaluation? = nil
        if scaled {
            evaluation = try measure("evaluate", rows: r.rows) {
                let synthetic = try SyntheticFile.read(path: r.syntheticFile.path, like: real, policy: CSVReadPolicy()).table
                return try RunEvaluation.compute(real: real, synthetic: synthetic, metadata: source.metadata,
                                                 holdout: source.holdout, privacy: .none,
                                                 seed: RandomStream(seed: r.seed).derivedSeed("evaluate"),
                                                 suites: MetricSuites.privacyDefaults, caps: r.evalCaps)
            }
        }
        try? FileManager.default.removeItem(at: r.syntheticFile)
        if !r.keepData { try? FileManager.default.removeItem(at: r.dataFile) }
        let sample = phases.first { $0.name == "sample" }
        let sampleS = sample?.wallS ?? 0, sampleCPUS = sample?.cpuS ?? 0
        return ScalePoint(rows: r.rows, fitRows: fitRows, phases: phases, syntheticBytes: bytes,
                          sampleMBPerS: sampleS > 0 ? Double(bytes) / 1e6 / sampleS : 0,
                          sampleMBPerCPUS: sampleCPUS > 0 ? Double(bytes) / 1e6 / sampleCPUS : nil, peakReset: peakReset,
                          evalSubsample: evaluation?.subsample, evalSubsampleQuadratic: evaluation?.quadraticSubsample,
                          fitNotes: synthesizer.fitNotes)
    }

    /// Resets this process's resident high-water mark (Linux: `5` to `/proc/self/clear_refs`).
    static func resetPeak() -> Bool {
        let fd = open("/proc/self/clear_refs", O_WRONLY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return write(fd, "5", 1) == 1
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}
