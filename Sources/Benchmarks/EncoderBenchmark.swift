import Foundation
import SynthCore
import SynthMath
import SynthTable
import Synthesizers

/// Times the neural generators' data transformer (``ModeSpecificTransformer``) on a table, in both
/// flavours: fit (one Bayesian Gaussian mixture per continuous column), transform (the Float32 matrix
/// and the category frequencies), and their sum, plus the inverse of the encoded matrix. Each figure is
/// the best of `repeats` runs (other load on a shared machine only ever adds time); the transformer runs
/// on the calling thread.
///
/// The budget is fit + transform on adult (32,561 rows) well under 5 s in release on one thread;
/// SDV's CTGAN spends about a minute here.
package struct EncoderBenchmark: Sendable {
    package var table: Table
    package var metadata: Metadata
    package var backends: [Backend]
    package var repeats: Int
    package var seed: UInt64

    package init(table: Table, metadata: Metadata, backends: [Backend] = Backend.allCases, repeats: Int = 3,
                seed: UInt64 = 1) {
        self.table = table; self.metadata = metadata
        self.backends = backends; self.repeats = repeats; self.seed = seed
    }

    package struct Measurement: Codable, Sendable, Equatable {
        package var backend: String
        /// Best wall seconds of fit, transform, fit + transform (of the same run) and inverse.
        package var fitSeconds: Double
        package var transformSeconds: Double
        package var fitTransformSeconds: Double
        package var fitTransformCPUSeconds: Double
        package var inverseSeconds: Double
        /// Encoded width, continuous and discrete columns, and the modes kept per continuous column.
        package var width: Int
        package var continuousColumns: Int
        package var discreteColumns: Int
        package var modes: [String: Int]
        /// Continuous columns whose mixture stopped at the iteration cap.
        package var unconvergedColumns: [String]
    }

    package struct Result: Codable, Sendable, Equatable {
        package var rows: Int
        package var columns: Int
        package var repeats: Int
        package var seed: UInt64
        package var measurements: [Measurement]
    }

    package func run() throws(BenchmarkFailure) -> Result {
        guard repeats > 0 else {
            throw .invalidParameter(benchmark: "encoder", "repeats must be positive, got \(repeats)")
        }
        guard !backends.isEmpty else { throw .invalidParameter(benchmark: "encoder", "no backend to measure") }
        var measurements: [Measurement] = []
        for backend in backends {
            do { measurements.append(try measure(backend)) } catch { throw .synthesis(error) }
        }
        return Result(rows: table.rowCount, columns: table.columnCount, repeats: repeats, seed: seed,
                      measurements: measurements)
    }

    func measure(_ backend: Backend) throws(SynthesisError) -> Measurement {
        let clock = ContinuousClock()
        var best = (fit: Double.infinity, transform: Double.infinity, total: Double.infinity, cpu: 0.0)
        var bestInverse = Double.infinity
        var fitted: ModeSpecificTransformer?
        for _ in 0..<repeats {
            var stream = RandomStream(seed: seed)
            let cpu = processCPUSeconds()
            let t0 = clock.now
            let transformer = try ModeSpecificTransformer(fitting: table, metadata: metadata, backend: backend, stream: &stream)
            let t1 = clock.now
            let encoded = try transformer.transform(table, stream: &stream)
            let t2 = clock.now
            let cpuUsed = processCPUSeconds() - cpu
            _ = try transformer.inverse(encoded.values, rowCount: encoded.rowCount, stream: &stream)
            let t3 = clock.now
            let fit = (t1 - t0).seconds, transform = (t2 - t1).seconds
            best.fit = min(best.fit, fit)
            best.transform = min(best.transform, transform)
            if fit + transform < best.total { best.total = fit + transform; best.cpu = cpuUsed }
            bestInverse = min(bestInverse, (t3 - t2).seconds)
            fitted = transformer
        }
        let transformer = fitted!
        var modes: [String: Int] = [:]
        var unconverged: [String] = []
        for name in transformer.layout.columnNames {
            guard let n = transformer.normalizer(forColumn: name) else { continue }
            modes[name] = n.modeCount
            if !n.mixture.converged { unconverged.append(name) }
        }
        let discrete = transformer.layout.discreteSpans.count
        return Measurement(backend: backend.rawValue, fitSeconds: best.fit, transformSeconds: best.transform,
                           fitTransformSeconds: best.total, fitTransformCPUSeconds: best.cpu, inverseSeconds: bestInverse,
                           width: transformer.layout.width, continuousColumns: modes.count, discreteColumns: discrete,
                           modes: modes, unconvergedColumns: unconverged)
    }
}
