import Evaluation
import Foundation
import SynthCore
import SynthMath
import SynthTable

/// Times the SDMetrics-compatible ``QualityReport`` (and the ``DiagnosticReport``) on a real/synthetic
/// pair; each figure is the best of `repeats` runs (other load on a shared machine only ever adds time).
///
/// The budget for the quality report on adult (32,561 rows, 15 columns, 105 pairs) and SDMetrics' figure are
/// in ``ReferenceFigure``. Pass adult and a synthesizer's output, or use
/// ``adultShaped(rows:seed:)`` for a generated pair of the same shape, or ``independentColumns(of:seed:)``
/// to make a synthetic table from any real one.
package struct QualityReportBenchmark: Sendable {
    package var real: Table
    package var synthetic: Table
    package var metadata: Metadata
    package var repeats: Int
    package var options: QualityReport.Options

    package init(real: Table, synthetic: Table, metadata: Metadata, repeats: Int = 5,
                options: QualityReport.Options = .init()) {
        self.real = real; self.synthetic = synthetic; self.metadata = metadata
        self.repeats = repeats; self.options = options
    }

    package struct Result: Codable, Sendable, Equatable {
        package var realRows: Int
        package var syntheticRows: Int
        package var columns: Int
        package var pairs: Int
        package var repeats: Int
        /// Best wall-clock and CPU seconds of one QualityReport.
        package var qualitySeconds: Double
        package var qualityCPUSeconds: Double
        /// Best wall-clock seconds of one DiagnosticReport.
        package var diagnosticSeconds: Double
        package var qualityScore: Double?
        package var columnShapes: Double?
        package var columnPairTrends: Double?
        package var diagnosticScore: Double?
    }

    package func run() throws(BenchmarkFailure) -> Result {
        guard repeats > 0 else {
            throw .invalidParameter(benchmark: "quality-report", "repeats must be positive, got \(repeats)")
        }
        let clock = ContinuousClock()
        var best = (wall: Double.infinity, cpu: 0.0)
        var report: QualityReport?
        for _ in 0..<repeats {
            let cpu = processCPUSeconds()
            let start = clock.now
            do {
                report = try QualityReport(real: real, synthetic: synthetic, metadata: metadata, options: options)
            } catch {
                throw .evaluation(error)
            }
            let wall = (clock.now - start).seconds
            if wall < best.wall { best = (wall, processCPUSeconds() - cpu) }
        }
        var bestDiagnostic = Double.infinity
        var diagnostic: DiagnosticReport?
        for _ in 0..<repeats {
            let start = clock.now
            diagnostic = DiagnosticReport(real: real, synthetic: synthetic, metadata: metadata)
            bestDiagnostic = min(bestDiagnostic, (clock.now - start).seconds)
        }
        return Result(realRows: real.rowCount, syntheticRows: synthetic.rowCount,
                      columns: report!.columnShapes.count, pairs: report!.columnPairTrends.count, repeats: repeats,
                      qualitySeconds: best.wall, qualityCPUSeconds: best.cpu, diagnosticSeconds: bestDiagnostic,
                      qualityScore: report!.score, columnShapes: report!.columnShapesScore,
                      columnPairTrends: report!.columnPairTrendsScore, diagnosticScore: diagnostic!.score)
    }

    // MARK: Inputs

    /// A synthetic table with the real table's marginals and no dependence between columns: each column
    /// is the real column with its rows permuted independently (seeded).
    package static func independentColumns(of table: Table, seed: UInt64) -> Table {
        let root = RandomStream(seed: seed)
        let columns = table.columns.enumerated().map { j, c in
            var rng = root.derived(UInt64(j))
            return c.selecting(rng.permutation(table.rowCount))
        }
        return try! Table(columns: columns)  // same names and lengths
    }

    /// A generated pair with adult's shape: `rows` rows; 6 integer columns (age, fnlwgt, education-num,
    /// capital-gain, capital-loss, hours-per-week) and 9 categorical columns with adult's cardinalities
    /// (workclass 8, education 16, marital-status 7, occupation 14, relationship 6, race 5, sex 2,
    /// native-country 41, income 2; missing values in workclass, occupation and native-country), with
    /// dependences (education ~ education-num, relationship ~ sex and marital-status, income ~ age,
    /// education-num and hours) so that some pairs pass the report's thresholds. The synthetic table is
    /// drawn from the same generator with another seed and a weakened income dependence.
    package static func adultShaped(rows: Int = 32_561, seed: UInt64 = 1) -> (real: Table, synthetic: Table, metadata: Metadata) {
        let real = adultShapedTable(rows: rows, stream: RandomStream(seed: seed).derived("real"), incomeStrength: 1)
        let synthetic = adultShapedTable(rows: rows, stream: RandomStream(seed: seed).derived("synthetic"), incomeStrength: 0.6)
        var metadata = Metadata.detect(from: real)
        for i in metadata.columns.indices {
            metadata.columns[i].sdtype = metadata.columns[i].kind == .categorical ? .categorical : .numerical
        }
        metadata.primaryKey = nil
        return (real, synthetic, metadata)
    }

    static func adultShapedTable(rows n: Int, stream: RandomStream, incomeStrength: Double) -> Table {
        var rng = stream
        func pick(_ k: Int, skew: Double) -> Int {  // Zipf-like category index
            let u = rng.nextDouble()
            return min(k - 1, Int(Double(k) * pow(u, skew)))
        }
        func labels(_ prefix: String, _ k: Int) -> [String] { (0..<k).map { "\(prefix)-\($0)" } }
        let workclass = labels("workclass", 8), education = labels("education", 16), marital = labels("marital", 7)
        let occupation = labels("occupation", 14), relationship = labels("relationship", 6), race = labels("race", 5)
        let country = labels("country", 41)
        var age: [Int?] = [], fnlwgt: [Int?] = [], eduNum: [Int?] = [], gain: [Int?] = [], loss: [Int?] = [], hours: [Int?] = []
        var wc: [String?] = [], edu: [String?] = [], ms: [String?] = [], occ: [String?] = [], rel: [String?] = []
        var rc: [String?] = [], sex: [String?] = [], nc: [String?] = [], income: [String?] = []
        for _ in 0..<n {
            let a = 17 + Int(73 * pow(rng.nextDouble(), 1.6))
            let e = 1 + pick(16, skew: 0.7)
            let h = max(1, min(99, Int(40 + 12 * rng.nextNormal())))
            let male = rng.nextDouble() < 0.67
            let m = pick(7, skew: 1.5)
            age.append(a)
            fnlwgt.append(Int(exp(12 + 0.5 * rng.nextNormal())))
            eduNum.append(e)
            gain.append(rng.nextDouble() < 0.08 ? Int(exp(8 + 1.2 * rng.nextNormal())) : 0)
            loss.append(rng.nextDouble() < 0.05 ? 1000 + Int(1500 * rng.nextDouble()) : 0)
            hours.append(h)
            wc.append(rng.nextDouble() < 0.056 ? nil : workclass[pick(8, skew: 2.5)])
            edu.append(education[rng.nextDouble() < 0.9 ? e - 1 : pick(16, skew: 1)])
            ms.append(marital[m])
            occ.append(rng.nextDouble() < 0.057 ? nil : occupation[pick(14, skew: 1.2)])
            rel.append(relationship[m == 0 ? (male ? 0 : 5) : 1 + pick(4, skew: 1.3)])
            rc.append(race[pick(5, skew: 3)])
            sex.append(male ? "Male" : "Female")
            nc.append(rng.nextDouble() < 0.018 ? nil : country[pick(41, skew: 6)])
            let logit = incomeStrength * (0.04 * Double(a - 40) + 0.35 * Double(e - 10) + 0.03 * Double(h - 40)) - 1.2
            income.append(rng.nextDouble() < 1 / (1 + exp(-logit)) ? ">50K" : "<=50K")
        }
        return try! Table(columns: [
            .integer("age", age), .categorical("workclass", wc), .integer("fnlwgt", fnlwgt),
            .categorical("education", edu), .integer("education-num", eduNum), .categorical("marital-status", ms),
            .categorical("occupation", occ), .categorical("relationship", rel), .categorical("race", rc),
            .categorical("sex", sex), .integer("capital-gain", gain), .integer("capital-loss", loss),
            .integer("hours-per-week", hours), .categorical("native-country", nc), .categorical("income", income)])
    }
}
