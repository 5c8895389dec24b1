import Foundation
import SynthCore
import SynthMath
import SynthNN
import SynthTable
import Synthesizers

/// Times the generation of PII and id columns (``IdentifierGenerator``, the path a synthesizer's sample
/// takes): per case, `count` values as a finished column (dictionary-encoded text, or numbers), best of
/// `repeats` runs on the calling thread, by CPU time. The budget is 1,000,000 values per second per column.
package struct PIIBenchmark: Sendable {
    package var count: Int
    package var repeats: Int
    package var seed: UInt64
    /// Every text provider also as a unique key (by default only email is).
    package var everyUnique: Bool
    /// Only the cases whose name contains this text (all when nil).
    package var only: String?

    package init(count: Int = 1_000_000, repeats: Int = 3, seed: UInt64 = 1, everyUnique: Bool = false,
                 only: String? = nil) {
        self.count = count; self.repeats = repeats; self.seed = seed; self.everyUnique = everyUnique; self.only = only
    }

    package struct Measurement: Codable, Sendable, Equatable {
        /// The sdtype (or `id` with its pattern) and whether values were unique.
        package var name: String
        /// Best wall seconds, best CPU seconds, and values per CPU second (the machine is shared: CPU time
        /// is what the generation costs; wall time adds whatever else ran).
        package var seconds: Double
        package var cpuSeconds: Double
        package var valuesPerSecond: Double
    }

    package struct Result: Codable, Sendable, Equatable {
        package var count: Int
        package var repeats: Int
        package var seed: UInt64
        /// The CPU model and the OpenBLAS kernel of the process (BLAS is not used here; named as every
        /// benchmark names it).
        package var cpuModel: String?
        package var blasCore: String
        package var measurements: [Measurement]
    }

    /// One benchmarked column: its label and a generator fitted on a one-row column.
    struct Case {
        let label: String
        let generator: IdentifierGenerator
    }

    static func cases(everyUnique: Bool = false) throws(SynthesisError) -> [Case] {
        func make(_ label: String, _ column: Column, _ sdtype: SDVSdtype, regex: String? = nil,
                  key: Bool = false) throws(SynthesisError) -> Case {
            let table: Table
            do { table = try Table(columns: [column]) } catch { preconditionFailure("one-column table: \(error)") }
            var meta = Metadata.detect(from: table).columns[0]
            meta.sdtype = sdtype
            meta.regexFormat = regex
            meta.pii = sdtype.carriesPII
            guard let g = try IdentifierGenerator(fitting: column, metadata: meta, isKey: key) else {
                preconditionFailure("no generator for \(label)")
            }
            return Case(label: label, generator: g)
        }
        let text = Column.categorical("c", ["x"]), number = Column.numerical("c", [1])
        var out: [Case] = []
        out.append(try make("id [0-1a-z]{5} (SDV default), unique", text, .id))
        out.append(try make("id C[0-9]{9}, unique", text, .id, regex: "C[0-9]{9}"))
        out.append(try make("id [A-Z]{2,4}-[0-9]{3} (variable), unique", text, .id, regex: "[A-Z]{2,4}-[0-9]{3}"))
        out.append(try make("latitude (places)", number, .latitude))
        for sdtype in SDVSdtype.allCases {
            guard let p = PIIProvider(sdtype: sdtype), p != .latitude, p != .longitude else { continue }
            out.append(try make(sdtype.rawValue, text, sdtype))
        }
        out.append(try make("email, unique (key)", text, .email, key: true))
        if everyUnique {
            for sdtype in SDVSdtype.allCases {
                guard let p = PIIProvider(sdtype: sdtype), p != .latitude, p != .longitude, p != .email else { continue }
                out.append(try make("\(sdtype.rawValue), unique (key)", text, sdtype, key: true))
            }
        }
        return out
    }

    package func run() throws(BenchmarkFailure) -> Result {
        guard repeats > 0 else { throw .invalidParameter(benchmark: "PII", "repeats must be positive, got \(repeats)") }
        guard count > 0 else { throw .invalidParameter(benchmark: "PII", "count must be positive, got \(count)") }
        var cases: [Case]
        do { cases = try Self.cases(everyUnique: everyUnique) } catch { throw .synthesis(error) }
        if let only {
            cases = cases.filter { $0.label.contains(only) }
            guard !cases.isEmpty else { throw .invalidParameter(benchmark: "PII", "no case name contains '\(only)'") }
        }
        let clock = ContinuousClock()
        var measurements: [Measurement] = []
        for c in cases {
            var best = Double.infinity, bestCPU = Double.infinity
            for _ in 0..<repeats {
                var stream = RandomStream(seed: seed)
                let start = clock.now
                let cpuStart = processCPUSeconds()
                let column = c.generator.generate(count: count, stream: &stream)
                bestCPU = min(bestCPU, processCPUSeconds() - cpuStart)
                best = min(best, (clock.now - start).seconds)
                precondition(column.count == count)
            }
            measurements.append(Measurement(name: c.label, seconds: best, cpuSeconds: bestCPU,
                                            valuesPerSecond: Double(count) / bestCPU))
        }
        return Result(count: count, repeats: repeats, seed: seed, cpuModel: CPUFeatures.modelName(),
                      blasCore: BLAS.coreName, measurements: measurements)
    }
}
