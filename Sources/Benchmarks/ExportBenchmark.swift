import Exports
import Foundation
import SynthCore
import SynthMath
import SynthTable

/// Times the streaming export writers (``ExportFormat/writer(path:dialect:tableName:sheets:keyValues:)``)
/// on an adult-like table: `rows` x 15 columns with adult's names and kinds (6 integers, 9 categories with
/// adult's levels, skewed towards the first ones, 5% missing in workclass, occupation and native-country),
/// drawn chunk by chunk (`chunkRows`) from a `RandomStream` seeded with `seed`, so the table is never
/// whole in memory. Only the writer's calls are timed (drawing the chunks is not); MB/s is the file's size
/// in 10^6 bytes over that time. The peak resident set is the process's high-water mark, reset before each
/// format through /proc/self/clear_refs (Linux 4.0+; when the reset is refused the figure is the peak
/// since the process started, and `peakIsSinceStart` says so).
package struct ExportBenchmark: Sendable {
    package var rows: Int
    package var chunkRows: Int
    package var seed: UInt64
    package var formats: [ExportFormat]
    /// Where the file goes (removed afterwards; it is kept when `keep` is set, e.g. for the pyarrow reference).
    package var directory: String
    package var keep: Bool

    package init(rows: Int = 10_000_000, chunkRows: Int = 65_536, seed: UInt64 = 1, formats: [ExportFormat] = [.parquet, .csv],
                 directory: String = NSTemporaryDirectory(), keep: Bool = false) {
        self.rows = rows; self.chunkRows = chunkRows; self.seed = seed; self.formats = formats
        self.directory = directory; self.keep = keep
    }

    package struct Measurement: Codable, Sendable, Equatable {
        package var format: String
        package var path: String?
        package var bytes: Int
        package var seconds: Double
        package var cpuSeconds: Double
        package var mbPerSecond: Double
        package var rowsPerSecond: Double
        package var peakRSSMB: Double?
        package var peakIsSinceStart: Bool
    }

    package struct Result: Codable, Sendable, Equatable {
        package var rows: Int
        package var columns: Int
        package var chunkRows: Int
        package var seed: UInt64
        package var cpuModel: String?
        package var blasCore: String
        package var measurements: [Measurement]
    }

    /// adult's categorical columns and their levels (adult.csv of the SDV demo data).
    static let categories: [(name: String, levels: [String], missing: Bool)] = [
        ("workclass", ["Private", "Self-emp-not-inc", "Local-gov", "State-gov", "Self-emp-inc", "Federal-gov", "Without-pay", "Never-worked"], true),
        ("education", ["HS-grad", "Some-college", "Bachelors", "Masters", "Assoc-voc", "11th", "Assoc-acdm", "10th", "7th-8th",
                       "Prof-school", "9th", "12th", "Doctorate", "5th-6th", "1st-4th", "Preschool"], false),
        ("marital-status", ["Married-civ-spouse", "Never-married", "Divorced", "Separated", "Widowed", "Married-spouse-absent",
                            "Married-AF-spouse"], false),
        ("occupation", ["Prof-specialty", "Craft-repair", "Exec-managerial", "Adm-clerical", "Sales", "Other-service",
                        "Machine-op-inspct", "Transport-moving", "Handlers-cleaners", "Farming-fishing", "Tech-support",
                        "Protective-serv", "Priv-house-serv", "Armed-Forces"], true),
        ("relationship", ["Husband", "Not-in-family", "Own-child", "Unmarried", "Wife", "Other-relative"], false),
        ("race", ["White", "Black", "Asian-Pac-Islander", "Amer-Indian-Eskimo", "Other"], false),
        ("sex", ["Male", "Female"], false),
        ("native-country", ["United-States", "Mexico", "Philippines", "Germany", "Canada", "Puerto-Rico", "El-Salvador", "India",
                            "Cuba", "England", "Jamaica", "South", "China", "Italy", "Dominican-Republic", "Vietnam", "Guatemala",
                            "Japan", "Poland", "Columbia", "Taiwan", "Haiti", "Iran", "Portugal", "Nicaragua", "Peru", "France",
                            "Greece", "Ecuador", "Ireland", "Hong", "Trinadad&Tobago", "Cambodia", "Laos", "Thailand",
                            "Yugoslavia", "Outlying-US(Guam-USVI-etc)", "Hungary", "Honduras", "Scotland", "Holand-Netherlands"], true),
        ("income", ["<=50K", ">50K"], false),
    ]

    /// One chunk of the adult-like table, in adult's column order.
    package static func chunk(rows n: Int, rng: inout RandomStream) -> Table {
        func integers(_ draw: (inout RandomStream) -> Int) -> [Int] { (0..<n).map { _ in draw(&rng) } }
        func category(_ k: Int) -> Column {
            let (name, levels, hasMissing) = categories[k]
            var missing = [Bool](repeating: false, count: n)
            let codes: [Int32] = (0..<n).map { i in
                if hasMissing && rng.nextDouble() < 0.05 { missing[i] = true; return -1 }
                let u = rng.nextDouble()
                return Int32(min(levels.count - 1, Int(Double(levels.count) * u * u * u)))
            }
            return Column(name: name, values: .categorical(codes: codes, levels: levels), missing: missing)
        }
        let columns: [Column] = [
            Column(name: "age", values: .integer(integers { 17 + Int($0.nextDouble() * $0.nextDouble() * 74) })),
            category(0),
            Column(name: "fnlwgt", values: .integer(integers { 12_285 + Int($0.nextDouble() * 1_472_420) })),
            category(1),
            Column(name: "education-num", values: .integer(integers { 1 + Int($0.nextDouble() * 16) })),
            category(2), category(3), category(4), category(5), category(6),
            Column(name: "capital-gain", values: .integer(integers { $0.nextDouble() < 0.92 ? 0 : Int($0.nextDouble() * 99_999) })),
            Column(name: "capital-loss", values: .integer(integers { $0.nextDouble() < 0.95 ? 0 : Int($0.nextDouble() * 4_356) })),
            Column(name: "hours-per-week", values: .integer(integers { $0.nextDouble() < 0.5 ? 40 : 1 + Int($0.nextDouble() * 99) })),
            category(7), category(8),
        ]
        return try! Table(columns: columns)   // distinct names, equal lengths
    }

    package func run() throws(BenchmarkFailure) -> Result {
        guard rows > 0 else { throw .invalidParameter(benchmark: "export", "rows must be positive, got \(rows)") }
        guard chunkRows > 0 else { throw .invalidParameter(benchmark: "export", "chunk rows must be positive, got \(chunkRows)") }
        if let bad = formats.first(where: { !$0.isTable }) {
            throw .invalidParameter(benchmark: "export", "\(bad.rawValue) is not a table format")
        }
        var measurements: [Measurement] = []
        for format in formats {
            let path = (directory as NSString).appendingPathComponent("synthbench-export-bench-\(getpid()).\(format.fileExtension)")
            let sinceStart = !Self.resetPeak()
            let clock = ContinuousClock()
            var elapsed = Duration.zero, cpu = 0.0
            do {
                var rng = RandomStream(seed: seed)
                func timed(_ body: () throws -> Void) throws {
                    let c0 = processCPUSeconds()
                    elapsed += try clock.measure(body)
                    cpu += processCPUSeconds() - c0
                }
                var writer: (any TableChunkWriter)? = nil
                try timed { writer = try format.writer(path: path) }
                var done = 0
                while done < rows {
                    let chunk = Self.chunk(rows: min(chunkRows, rows - done), rng: &rng)
                    try timed { try writer!.append(chunk) }
                    done += chunk.rowCount
                }
                try timed { try writer!.finish() }
            } catch {
                unlink(path)
                throw .invalidParameter(benchmark: "export", "writing \(format.rawValue) failed: \(error)")
            }
            var info = stat()
            let bytes = stat(path, &info) == 0 ? Int(info.st_size) : 0
            if !keep { unlink(path) }
            let seconds = elapsed.seconds
            measurements.append(Measurement(format: format.rawValue, path: keep ? path : nil, bytes: bytes, seconds: seconds,
                                            cpuSeconds: cpu, mbPerSecond: Double(bytes) / 1e6 / seconds,
                                            rowsPerSecond: Double(rows) / seconds, peakRSSMB: ProcessMemory.peakRSSMB(),
                                            peakIsSinceStart: sinceStart))
        }
        return Result(rows: rows, columns: Self.categories.count + 6, chunkRows: chunkRows, seed: seed,
                      cpuModel: CPUFeatures.modelName(), blasCore: BLAS.coreName, measurements: measurements)
    }

    /// Resets this process's peak resident set (`echo 5 > /proc/self/clear_refs`); false when refused.
    static func resetPeak() -> Bool {
        let fd = open("/proc/self/clear_refs", O_WRONLY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return write(fd, "5", 1) == 1
    }
}
