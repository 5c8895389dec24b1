import Foundation
import SynthCore
import SynthMath
import SynthTable

/// Times ``CSVReader`` and ``CSVWriter`` on a generated all-numeric table.
///
/// The table has `rows` x `columns` numerical columns of normal draws (scaled by 10^(c mod 4), so the
/// text mixes magnitudes) from a `RandomStream` seeded with `seed`. It is written to a temporary file
/// `repeats` times and read back `repeats` times; each figure is the best (shortest) time, the usual
/// choice on a shared machine where other load only ever adds time. MB means 10^6 bytes. The read table
/// is compared with the written one, so a fast but wrong reader fails the benchmark.
///
/// Wall time (`ContinuousClock`) is the headline figure. The process CPU time of the same best run is
/// reported too: on a machine shared with other jobs it moves much less than wall time, because time
/// spent waiting for a core is not counted.
package struct CSVBenchmark: Sendable {
    package var rows: Int
    package var columns: Int
    package var repeats: Int
    package var seed: UInt64
    /// Where the temporary file goes (removed afterwards).
    package var directory: String

    package init(rows: Int = 200_000, columns: Int = 12, repeats: Int = 5, seed: UInt64 = 1,
                directory: String = NSTemporaryDirectory()) {
        self.rows = rows; self.columns = columns; self.repeats = repeats; self.seed = seed; self.directory = directory
    }

    package struct Result: Codable, Sendable, Equatable {
        package var rows: Int
        package var columns: Int
        package var bytes: Int
        package var repeats: Int
        package var seed: UInt64
        /// Best wall time of a read, and its throughput.
        package var readSeconds: Double
        package var readMBPerSecond: Double
        package var readRowsPerSecond: Double
        /// Process CPU time of the fastest read (user + system).
        package var readCPUSeconds: Double
        package var writeSeconds: Double
        package var writeMBPerSecond: Double
        package var writeRowsPerSecond: Double
        package var writeCPUSeconds: Double
    }

    /// The generated table.
    package func table() -> Table {
        var rng = RandomStream(seed: seed)
        let cols = (0..<columns).map { c -> Column in
            let scale = [1.0, 10, 100, 1000][c % 4]
            var v = [Double](repeating: 0, count: rows)
            for i in 0..<rows { v[i] = rng.nextNormal() * scale }
            return Column(name: "x\(c + 1)", values: .numerical(v))
        }
        return try! Table(columns: cols)  // distinct names, equal lengths
    }

    package func run() throws(BenchmarkFailure) -> Result {
        guard rows > 0 else { throw .invalidParameter(benchmark: "CSV", "rows must be positive, got \(rows)") }
        guard columns > 0 else { throw .invalidParameter(benchmark: "CSV", "columns must be positive, got \(columns)") }
        guard repeats > 0 else { throw .invalidParameter(benchmark: "CSV", "repeats must be positive, got \(repeats)") }
        let table = self.table()
        let path = (directory as NSString).appendingPathComponent("synthbench-csv-bench-\(getpid()).csv")
        defer { unlink(path) }
        let clock = ContinuousClock()
        let writer = CSVWriter()
        let reader = CSVReader()
        var bestWrite = (wall: Duration.seconds(Int64.max), cpu: 0.0)
        var bestRead = bestWrite
        do {
            for _ in 0..<repeats {
                let cpu = processCPUSeconds()
                let t = try clock.measure { () throws(CSVError) in try writer.write(table, to: path) }
                if t < bestWrite.wall { bestWrite = (t, processCPUSeconds() - cpu) }
            }
            for _ in 0..<repeats {
                var read: Table?
                let cpu = processCPUSeconds()
                let t = try clock.measure { () throws(CSVError) in read = try reader.read(path: path) }
                if t < bestRead.wall { bestRead = (t, processCPUSeconds() - cpu) }
                guard read == table else { throw BenchmarkFailure.roundTripMismatch }
            }
        } catch let e as CSVError {
            throw .csv(e)
        } catch let e as BenchmarkFailure {
            throw e
        } catch {
            preconditionFailure("unexpected error \(error)")
        }
        var info = stat()
        let bytes = stat(path, &info) == 0 ? Int(info.st_size) : 0
        let read = bestRead.wall.seconds, write = bestWrite.wall.seconds
        return Result(rows: rows, columns: columns, bytes: bytes, repeats: repeats, seed: seed,
                      readSeconds: read, readMBPerSecond: Double(bytes) / 1e6 / read,
                      readRowsPerSecond: Double(rows) / read, readCPUSeconds: bestRead.cpu,
                      writeSeconds: write, writeMBPerSecond: Double(bytes) / 1e6 / write,
                      writeRowsPerSecond: Double(rows) / write, writeCPUSeconds: bestWrite.cpu)
    }
}

extension Duration {
    /// The duration in seconds as a double.
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) * 1e-18
    }
}
