import Foundation
import Testing
import SynthMath
import SynthTable
@testable import Synthesizers
import SynthTestSupport

/// Seeded random tables with mixture-shaped numbers, integers, categories, booleans and datetimes, with
/// and without missing values.
enum EncoderFixtures {
    /// A value from a random 1-3 component mixture whose parameters come from `shape`.
    struct Mixture {
        var means: [Double], sds: [Double]
        init(_ r: inout RandomStream, scale: Double) {
            let k = 1 + r.nextInt(below: 3)
            means = (0..<k).map { _ in r.uniform(-scale, scale) }
            sds = (0..<k).map { _ in scale * r.uniform(0.02, 0.2) }
        }
        func draw(_ r: inout RandomStream) -> Double {
            let j = r.nextInt(below: means.count)
            return r.nextNormal(mean: means[j], std: sds[j])
        }
    }

    /// The SDV fixture: every kind, missing values everywhere.
    static func sdvTable(seed: UInt64, rows n: Int) -> Table {
        var r = RandomStream(seed: seed)
        let money = Mixture(&r, scale: 500), age = Mixture(&r, scale: 40), stamp = Mixture(&r, scale: 3e7)
        let levels = ["red", "green", "blue", "amber", "violet"]
        func maybe<T>(_ rate: Double, _ v: T, _ r: inout RandomStream) -> T? { r.nextDouble() < rate ? nil : v }
        var x: [Double?] = [], k: [Int?] = [], c: [String?] = [], b: [Bool?] = [], t: [Double?] = []
        for _ in 0..<n {
            x.append(maybe(0.05, (money.draw(&r) * 100).rounded() / 100, &r))
            k.append(maybe(0.03, Int(age.draw(&r).rounded()), &r))
            c.append(maybe(0.04, levels[min(4, Int(-log(r.nextOpenDouble()) * 1.5))], &r))
            b.append(maybe(0.02, r.nextDouble() < 0.3, &r))
            t.append(maybe(0.01, 1.5e9 + stamp.draw(&r).rounded(), &r))
        }
        return try! Table(columns: [
            .numerical("amount", x), .integer("age", k), .categorical("colour", c), .boolean("flag", b),
            .datetime("seen", t, format: .isoDateTime),
        ])
    }

    static func sdvMetadata(_ table: Table) -> Metadata {
        var m = Metadata.detect(from: table)
        let sdtypes: [String: SDVSdtype] = ["amount": .numerical, "age": .numerical, "colour": .categorical,
                                            "flag": .boolean, "seen": .datetime]
        for i in m.columns.indices { if let s = sdtypes[m.columns[i].name] { m.columns[i].sdtype = s } }
        return m
    }

    /// The SynthCity fixture: numbers without missing values (SynthCity cannot fit them), a label-encoded
    /// integer column with 12 values plus missing (13 codes: continuous), a 16-level categorical (label,
    /// continuous, like adult's education), a 4-level categorical with missing and a boolean (discrete).
    static func synthcityTable(seed: UInt64, rows n: Int) -> Table {
        var r = RandomStream(seed: seed)
        let money = Mixture(&r, scale: 500), count = Mixture(&r, scale: 200)
        let many = (0..<16).map { "level-\($0)" }, few = ["north", "south", "east", "west"]
        var x: [Double?] = [], k: [Int?] = [], g: [Int?] = [], e: [String?] = [], c: [String?] = [], b: [Bool?] = []
        for _ in 0..<n {
            x.append(money.draw(&r))
            k.append(Int(count.draw(&r).rounded()))
            g.append(r.nextDouble() < 0.05 ? nil : 3 * r.nextInt(below: 12) - 10)
            e.append(many[min(15, Int(-log(r.nextOpenDouble()) * 4))])
            c.append(r.nextDouble() < 0.05 ? nil : few[r.nextInt(below: 4)])
            b.append(r.nextDouble() < 0.4)
        }
        return try! Table(columns: [
            .numerical("amount", x), .integer("count", k), .integer("grade", g), .categorical("education", e),
            .categorical("region", c), .boolean("flag", b),
        ])
    }
}

@Suite struct ModeSpecificTransformerTests {
    /// The encoded scalar and mode of continuous column `column`, row `i`.
    static func scalarAndMode(_ e: EncodedTable, _ layout: TabularLayout, column: Int, row i: Int) -> (Float, Int) {
        let spans = layout.spans(ofColumn: column)
        let v = e.values[i * e.width + spans[0].start]
        let mode = (0..<spans[1].width).first { e.values[i * e.width + spans[1].start + $0] == 1 }!
        return (v, mode)
    }

    /// Audit 15b: SynthCity's refusal of a missing number says how many the column has and names the first
    /// by its row in the fitted table (the pipeline turns that into the file's line: `InputErrorTests`).
    @Test func aMissingNumberUnderSynthCityIsCountedAmongTheTrainingRows() throws {
        let values: [Double?] = (0..<40).map { i in [2, 6, 30].contains(i) ? nil : 10 + 1.37 * Double(i) }
        let table = try Table(columns: [.numerical("bill_length_mm", values)])
        var stream = RandomStream(seed: 1)
        do {
            _ = try ModeSpecificTransformer(fitting: table, metadata: Metadata.detect(from: table), backend: .synthcity, stream: &stream)
            Issue.record("a missing number was fitted under SynthCity")
        } catch {
            #expect(error as? SynthesisError == .invalidValue(column: "bill_length_mm", row: 2, problem: "is missing (3 missing values among the 40 training rows); SynthCity's BayesianGMMEncoder cannot fit or encode missing values in a continuous column (sklearn rejects NaN); impute or drop them first"),
                    "\(error)")
            #expect(error.description.hasPrefix("invalid data: column 'bill_length_mm' row 3 is missing (3 missing values among the 40 training rows); SynthCity's BayesianGMMEncoder cannot fit"))
        }
        // Negative control: the same column without its missing values fits.
        let complete = try Table(columns: [.numerical("bill_length_mm", values.map { $0 ?? 50 })])
        _ = try ModeSpecificTransformer(fitting: complete, metadata: Metadata.detect(from: complete), backend: .synthcity, stream: &stream)
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func sdvDecodeOfEncodeRecoversTheTable(seed: UInt64) throws {
        let table = EncoderFixtures.sdvTable(seed: seed, rows: 600)
        var stream = RandomStream(seed: seed)
        let t = try ModeSpecificTransformer(fitting: table, metadata: EncoderFixtures.sdvMetadata(table), backend: .sdv,
                                            stream: &stream)
        let encoded = try t.transform(table, stream: &stream)
        let back = try t.inverse(encoded.values, rowCount: encoded.rowCount, stream: &stream)
        #expect(back.columnNames == table.columnNames)
        for (index, original) in table.columns.enumerated() {
            let decoded = back.columns[index]
            #expect(decoded.kind == original.kind)
            switch original.kind {
            case .categorical, .boolean:
                // Missing is a category of its own: everything comes back.
                #expect(decoded == original, "\(original.name)")
            default:
                let n = t.normalizer(forColumn: original.name)!
                let x = original.doubles(), y = decoded.doubles()
                let lo = x.filter { !$0.isNaN }.min()!, hi = x.filter { !$0.isNaN }.max()!
                // Missing rows are redrawn at the fitted rate (FloatFormatter 'random').
                let rate = Double(original.missingCount) / Double(x.count)
                let drawn = Double(decoded.missingCount) / Double(x.count)
                #expect(abs(drawn - rate) <= 6 * (rate * (1 - rate) / Double(x.count)).squareRoot() + 1e-12)
                for i in x.indices where !x[i].isNaN && !y[i].isNaN {
                    let (v, mode) = Self.scalarAndMode(encoded, t.layout, column: index, row: i)
                    #expect(y[i] >= lo && y[i] <= hi)
                    if abs(v) < Float(0.99) {
                        // Numbers keep their learned decimals; datetimes their seconds.
                        let slack = original.kind == .datetime ? 1 + 4 * n.modeStandardDeviations[mode] * 1e-7 : 0
                        #expect(abs(y[i] - x[i]) <= slack, "\(original.name) row \(i): \(y[i]) vs \(x[i])")
                    } else {
                        let mu = n.modeMeans[mode]
                        #expect(abs(y[i] - mu) <= abs(x[i] - mu) + 1, "\(original.name) row \(i): clipped toward the mode")
                    }
                }
            }
        }
    }

    @Test(arguments: [UInt64(4), 5, 6])
    func synthcityDecodeOfEncodeRecoversTheTable(seed: UInt64) throws {
        let table = EncoderFixtures.synthcityTable(seed: seed, rows: 600)
        let metadata = Metadata.detect(from: table)
        var stream = RandomStream(seed: seed)
        let t = try ModeSpecificTransformer(fitting: table, metadata: metadata, backend: .synthcity, stream: &stream)
        let encoded = try t.transform(table, stream: &stream)
        let back = try t.inverse(encoded.values, rowCount: encoded.rowCount, stream: &stream)
        for (index, original) in table.columns.enumerated() {
            let decoded = back.columns[index]
            #expect(decoded.kind == original.kind)
            guard let n = t.normalizer(forColumn: original.name) else {
                #expect(decoded == original, "\(original.name): a discrete column comes back exactly")
                continue
            }
            // Label codes (and integers) come back through `astype(int)`, which truncates: a value decoded
            // a hair below a whole number drops by one. Compare sorted-category ranks for labels.
            let x: [Double], y: [Double]
            if case .label = metadata[column: original.name]!.synthcityEncoding {
                let categories = ColumnCategories(original, order: .sorted)
                x = categories.indices(of: original).map(Double.init)
                y = categories.indices(of: decoded).map(Double.init)
            } else {
                x = original.doubles(); y = decoded.doubles()
            }
            let integerValued = original.kind != .numerical || x != original.doubles()
            for i in x.indices {
                let (v, mode) = Self.scalarAndMode(encoded, t.layout, column: index, row: i)
                #expect(y[i] >= n.range.lowerBound && y[i] <= n.range.upperBound)
                guard abs(v) < Float(0.99) else { continue }
                let slack = (integerValued ? 1 : 0) + 4 * n.modeStandardDeviations[mode] * 1e-7
                #expect(abs(y[i] - x[i]) <= slack, "\(original.name) row \(i): \(y[i]) vs \(x[i])")
            }
        }
    }

    @Test func sdvLayoutIsOnePlusModesPerContinuousAndCategoriesPerDiscrete() throws {
        let table = EncoderFixtures.sdvTable(seed: 7, rows: 400)
        var stream = RandomStream(seed: 7)
        let t = try ModeSpecificTransformer(fitting: table, metadata: EncoderFixtures.sdvMetadata(table), backend: .sdv,
                                            stream: &stream)
        var expected: [(TabularLayout.SpanKind, Int)] = []
        for c in table.columns {
            if let n = t.normalizer(forColumn: c.name) {
                #expect(n.modes == n.mixture.weights.indices.filter { n.mixture.weights[$0] > 0.005 })
                expected += [(.continuousValue, 1), (.mode, n.modeCount)]
            } else {
                // Categories in order of appearance plus one for missing.
                let distinct = Set((0..<c.count).compactMap { c.text(at: $0) }).count
                expected.append((.discrete, distinct + (c.hasMissing ? 1 : 0)))
            }
        }
        #expect(t.layout.spans.map(\.kind) == expected.map(\.0))
        #expect(t.layout.spans.map(\.width) == expected.map(\.1))
        #expect(t.layout.width == expected.reduce(0) { $0 + $1.1 })
        #expect(t.layout.conditionWidth == 5 + 1 + 2 + 1)
        // Appearance order, missing last: the first row's colour is category 0 unless missing.
        let colour = table["colour"]!
        let first = (0..<colour.count).first { !colour.missing[$0] }!
        let encoded = try t.transform(table, stream: &stream)
        let span = t.layout.spans(ofColumn: 2)[0]
        #expect(encoded.values[first * encoded.width + span.start] == 1)
    }

    @Test func synthcityLayoutFollowsTheTenValueRule() throws {
        let table = EncoderFixtures.synthcityTable(seed: 8, rows: 500)
        let metadata = Metadata.detect(from: table)
        var stream = RandomStream(seed: 8)
        let t = try ModeSpecificTransformer(fitting: table, metadata: metadata, backend: .synthcity, stream: &stream)
        let kinds = table.columnNames.map { t.normalizer(forColumn: $0) == nil ? "discrete" : "continuous" }
        // amount, count: passthrough numbers; grade: 12 codes + missing = 13 > 10; education: 16 labels;
        // region: 4 + missing; flag: 2.
        #expect(kinds == ["continuous", "continuous", "continuous", "continuous", "discrete", "discrete"])
        #expect(t.layout.spans.map(\.width) == [1, 10, 1, 10, 1, 10, 1, 10, 5, 2])
        #expect(t.layout.width == 4 * 11 + 5 + 2)
        // Sorted categories, missing last: "east" is region category 0, a missing region the last one.
        let encoded = try t.transform(table, stream: &stream)
        let region = table["region"]!, span = t.layout.spans(ofColumn: 4)[0]
        for i in 0..<table.rowCount {
            let hot = (0..<span.width).first { encoded.values[i * encoded.width + span.start + $0] == 1 }!
            let expected = region.text(at: i).map { ["east", "north", "south", "west"].firstIndex(of: $0)! } ?? 4
            #expect(hot == expected)
        }
    }

    @Test func synthcityModesAreTheArgmaxAndSdvModesAreSampled() throws {
        let table = EncoderFixtures.synthcityTable(seed: 9, rows: 500)
        let metadata = Metadata.detect(from: table)
        var s1 = RandomStream(seed: 9)
        let t = try ModeSpecificTransformer(fitting: table, metadata: metadata, backend: .synthcity, stream: &s1)
        let a = try t.transform(table, stream: &s1), b = try t.transform(table, stream: &s1)
        #expect(a == b, "argmax modes do not depend on the stream")
        let x = table["amount"]!.doubles()
        let n = t.normalizer(forColumn: "amount")!
        let p = n.mixture.predictProba(x), k = n.mixture.componentCount
        for i in x.indices {
            let (_, mode) = Self.scalarAndMode(a, t.layout, column: 0, row: i)
            #expect(p[i * k + mode] == p[(i * k)..<((i + 1) * k)].max()!)
        }

        let sdvTable = EncoderFixtures.sdvTable(seed: 9, rows: 500)
        var s2 = RandomStream(seed: 10)
        let u = try ModeSpecificTransformer(fitting: sdvTable, metadata: EncoderFixtures.sdvMetadata(sdvTable),
                                            backend: .sdv, stream: &s2)
        var draws = RandomStream(seed: 11)
        let c = try u.transform(sdvTable, stream: &draws), d = try u.transform(sdvTable, stream: &draws)
        #expect(c != d, "sampled modes differ between draws")
        #expect(c.frequencies == d.frequencies)
    }

    @Test func sameSeedSameBytes() throws {
        let table = EncoderFixtures.sdvTable(seed: 12, rows: 400)
        let metadata = EncoderFixtures.sdvMetadata(table)
        func run() throws -> (EncodedTable, Table) {
            var s = RandomStream(seed: 12)
            let t = try ModeSpecificTransformer(fitting: table, metadata: metadata, backend: .sdv, stream: &s)
            let e = try t.transform(table, stream: &s)
            let sigmas = [Float](repeating: 0.1, count: e.width)
            return (e, try t.inverse(e.values, rowCount: e.rowCount, sigmas: sigmas, stream: &s))
        }
        let (e1, t1) = try run(), (e2, t2) = try run()
        #expect(e1 == e2)
        #expect(t1 == t2)
        #expect(e1.values.withUnsafeBytes { Array($0) } == e2.values.withUnsafeBytes { Array($0) })
    }

    @Test func categoryFrequenciesMatchTheOneHots() throws {
        let table = EncoderFixtures.sdvTable(seed: 13, rows: 500)
        var s = RandomStream(seed: 13)
        let t = try ModeSpecificTransformer(fitting: table, metadata: EncoderFixtures.sdvMetadata(table), backend: .sdv, stream: &s)
        let e = try t.transform(table, stream: &s)
        #expect(e.frequencies.map(\.span) == t.layout.discreteSpans)
        var offset = 0
        for f in e.frequencies {
            #expect(f.conditionOffset == offset)
            offset += f.span.width
            #expect(f.counts.reduce(0, +) == table.rowCount)
            for c in 0..<f.span.width {
                let rows = Array(f.rows(ofCategory: c))
                #expect(rows.count == f.counts[c])
                #expect(rows == (0..<table.rowCount).filter { e.values[$0 * e.width + f.span.start + c] == 1 })
            }
            let total = Double(f.counts.reduce(0, +))
            let logTotal = f.counts.reduce(0.0) { $0 + log(Double($1) + 1) }
            for c in 0..<f.span.width {
                #expect(f.rawProbabilities[c] == Double(f.counts[c]) / total)
                #expect(abs(f.logProbabilities[c] - log(Double(f.counts[c]) + 1) / logTotal) < 1e-15)
            }
        }
    }

    @Test func unseenCategoriesEncodeAsZeros() throws {
        let fitTable = try Table(columns: [.categorical("c", ["a", "b", "a", "b"]), .numerical("x", [1, 2, 3, 4])])
        var m = Metadata.detect(from: fitTable)
        m.columns[0].sdtype = .categorical; m.columns[1].sdtype = .numerical
        var s = RandomStream(seed: 1)
        let t = try ModeSpecificTransformer(fitting: fitTable, metadata: m, backend: .sdv, stream: &s)
        let other = try Table(columns: [.categorical("c", ["b", "z"]), .numerical("x", [2, 3])])
        let e = try t.transform(other, stream: &s)
        #expect(Array(e.values[0..<2]) == [0, 1])
        #expect(Array(e.values[e.width..<(e.width + 2)]) == [0, 0])
        #expect(e.frequencies[0].counts == [0, 1])
    }

    @Test func penguinsEncodeInTheSdvFlavourAndFailClearlyInSynthCity() throws {
        let loaded = try DatasetRegistry(directory: RepositoryPaths.datasets).load("penguins")
        var s = RandomStream(seed: 1)
        let t = try ModeSpecificTransformer(fitting: loaded.table, metadata: loaded.metadata, backend: .sdv, stream: &s)
        let e = try t.transform(loaded.table, stream: &s)
        let back = try t.inverse(e.values, rowCount: e.rowCount, stream: &s)
        #expect(back.columnNames == loaded.table.columnNames)
        #expect(zip(back.columns, loaded.table.columns).allSatisfy { $0.kind == $1.kind })
        #expect {
            try ModeSpecificTransformer(fitting: loaded.table, metadata: loaded.metadata, backend: .synthcity, stream: &s)
        } throws: { error in
            "\(error)".contains("bill_length_mm") && "\(error)".contains("missing")
        }
    }

    @Test func rejectsWhatItCannotEncode() throws {
        let table = try Table(columns: [.integer("user_id", Array(0..<20)), .numerical("x", (0..<20).map { Double($0) })])
        let m = Metadata.detect(from: table)
        #expect(m[column: "user_id"]!.sdtype == .id)
        var s = RandomStream(seed: 1)
        #expect {
            try ModeSpecificTransformer(fitting: table, metadata: m, backend: .sdv, stream: &s)
        } throws: { "\($0)".contains("user_id") && "\($0)".contains("'id'") }
        let ok = try ModeSpecificTransformer(fitting: try table.selectingColumns(["x"]), metadata: m, backend: .sdv, stream: &s)
        #expect(throws: SynthesisError.self) { try ok.inverse([Float](repeating: 0, count: 7), rowCount: 2, stream: &s) }
        #expect(throws: SynthesisError.self) { try ok.transform(try table.selectingColumns(["user_id"]), stream: &s) }
        #expect(throws: SynthesisError.self) {
            try ModeSpecificTransformer(fitting: table, metadata: m, backend: .sdv,
                                        options: .init(maxClusters: 0), stream: &s)
        }
    }
}
