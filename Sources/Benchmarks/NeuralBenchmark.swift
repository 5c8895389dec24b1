import Foundation
import SynthCore
import Harness
import SynthMath
import SynthTable
import SynthNN
import Synthesizers

/// `synthbench bench ctgan|tvae`: fits a neural synthesizer through its registry entry for a few epochs
/// and reports what the full default run would cost: preprocessing (transformer fit + transform), mean
/// seconds per training epoch, the projection to the default epoch count, peak resident memory (VmHWM),
/// and throughput (training rows per second, sampled rows per second).
package struct NeuralBenchmark: Sendable {
    package var method: String
    package var backend: Backend
    package var epochs: Int
    package var table: Table
    package var metadata: Metadata
    package var seed: UInt64
    /// The method's `precision` parameter.
    package var precision: MatrixPrecision

    package init(method: String, backend: Backend, epochs: Int, table: Table, metadata: Metadata, seed: UInt64 = 1,
                 precision: MatrixPrecision = .fp32) {
        self.method = method; self.backend = backend; self.epochs = epochs
        self.table = table; self.metadata = metadata; self.seed = seed; self.precision = precision
    }

    package struct Result: Codable, Sendable, Equatable {
        package var method: String
        package var backend: String
        package var rows: Int
        package var columns: Int
        package var encodedWidth: Int
        package var epochs: Int
        package var defaultEpochs: Int
        package var preprocessingSeconds: Double
        package var secondsPerEpoch: Double
        /// Preprocessing plus the default epochs at the measured rate (early stopping may end sooner).
        package var projectedDefaultSeconds: Double
        package var fitSeconds: Double
        package var sampleSeconds: Double
        package var trainingRowsPerSecond: Double
        package var sampleRowsPerSecond: Double
        package var peakRSSMB: Double?
        package var parameters: [String: Double]
        package var blasCore: String
        package var blasThreads: Int
    }

    package func run() throws -> Result {
        let descriptor = try MethodFactory.resolve(method: method, backend: backend).descriptor
        guard descriptor.backend == backend, ["ctgan", "tvae"].contains(descriptor.name) else {
            throw SynthesisError.unknownMethod(method, available: ["ctgan", "tvae"])
        }
        let epochKey = backend == .sdv ? "epochs" : "n_iter"
        guard case .int(let defaultEpochs) = descriptor.parameters.first(where: { $0.name == epochKey })?.defaultValue else {
            preconditionFailure("\(method) has no \(epochKey)")
        }
        let synthesizer = try descriptor.make([epochKey: .int(epochs), "precision": .string(precision.rawValue)])
        let clock = ContinuousClock()
        let t0 = clock.now
        try synthesizer.fit(table, metadata: metadata, context: SynthesisContext(seed: seed))
        let t1 = clock.now
        _ = try synthesizer.sample(count: table.rowCount, seed: seed &+ 1, context: SynthesisContext())
        let t2 = clock.now
        let notes = synthesizer.fitNotes
        func number(_ key: String) -> Double {
            if case .number(let v) = notes[key] { return v }
            return .nan
        }
        let preprocessing = number("preprocessing_seconds"), perEpoch = number("seconds_per_epoch")
        var parameters: [String: Double] = [:]
        for key in ["parameters", "parameters_generator", "parameters_discriminator"] where notes[key] != nil {
            parameters[key] = number(key)
        }
        let trainingRows = backend == .synthcity ? Double(table.rowCount) * 0.8 : Double(table.rowCount)
        let sampleSeconds = (t2 - t1).seconds
        return Result(
            method: descriptor.name, backend: backend.rawValue, rows: table.rowCount, columns: table.columnCount,
            encodedWidth: Int(number("encoded_width")), epochs: Int(number("epochs_run")), defaultEpochs: defaultEpochs,
            preprocessingSeconds: preprocessing, secondsPerEpoch: perEpoch,
            projectedDefaultSeconds: preprocessing + Double(defaultEpochs) * perEpoch, fitSeconds: (t1 - t0).seconds,
            sampleSeconds: sampleSeconds, trainingRowsPerSecond: trainingRows / perEpoch,
            sampleRowsPerSecond: Double(table.rowCount) / sampleSeconds,
            peakRSSMB: ProcessMemory.peakRSSMB(), parameters: parameters,
            blasCore: BLAS.coreName, blasThreads: BLAS.threads)
    }
}
