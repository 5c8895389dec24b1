import Foundation
import Testing
import SynthMath
import SynthTable
@testable import Synthesizers
import SynthTestSupport

@Suite struct EncoderTests {
    // MARK: UniformEncoder

    /// Categories in order of first appearance, missing as its own category, intervals by frequency with
    /// the last upper end exactly 1 (RDT `_compute_frequencies_intervals`).
    @Test func uniformEncoderIntervals() {
        let column = Column.categorical("c", ["b", "a", nil, "b", "c", "b", nil, "a"])
        let e = UniformEncoder(fitting: column)
        #expect(e.coding.count == 4)
        #expect((0..<4).map { e.coding.label($0) } == ["b", "a", nil, "c"])
        #expect(e.frequencies == [0.375, 0.25, 0.25, 0.125])
        #expect(e.bounds == [0, 0.375, 0.625, 0.875, 1])
        // pd.cut with right-closed bins and include_lowest: an upper end belongs to its own category.
        let back = e.reverse([0, 0.375, 0.3750001, 0.625, 0.9, 1, -3, 7])
        #expect((0..<back.count).map { back.text(at: $0) } == ["b", "b", "a", "a", "c", "c", "b", "c"])
        #expect(back.missing == [false, false, false, false, false, false, false, false])
        #expect(e.reverse([0.7]).missing == [true])
    }

    /// reverse(transform(x)) == x for every kind, missing values included; every draw lies inside its
    /// category's interval. Seeded random columns.
    @Test(arguments: [UInt64(1), 2, 3, 4, 5])
    func uniformEncoderRoundTrips(seed: UInt64) {
        var r = RandomStream(seed: seed)
        let n = 300
        let levels = ["x", "y", "z", "w"]
        let columns: [Column] = [
            .categorical("cat", (0..<n).map { _ in r.nextDouble() < 0.1 ? nil : levels[r.nextInt(below: 4)] }),
            .integer("int", (0..<n).map { _ in r.nextDouble() < 0.1 ? nil : r.nextInt(below: 5) * 10 - 20 }),
            .boolean("bool", (0..<n).map { _ in r.nextDouble() < 0.1 ? nil : r.nextDouble() < 0.3 }),
            .numerical("num", (0..<n).map { _ in r.nextDouble() < 0.1 ? nil : Double(r.nextInt(below: 3)) + 0.5 }),
            .datetime("when", (0..<n).map { _ in Double(r.nextInt(below: 4)) * 86400 }, format: .isoDate),
        ]
        for column in columns {
            let e = UniformEncoder(fitting: column)
            var s = RandomStream(seed: seed + 100)
            let t = e.transform(column, stream: &s)
            let categories = e.coding.categories(of: column)
            for i in 0..<n {
                let k = Int(categories[i])
                #expect(t[i] >= e.bounds[k] && t[i] <= e.bounds[k + 1])
            }
            #expect(e.reverse(t) == column, "\(column.name)")
        }
    }

    /// The category search is the first k with v ≤ c_k, as a scan finds it, on columns of 1 to 60 categories
    /// with random frequencies, at random values, every upper end exactly and the next doubles around it,
    /// and outside [0, 1]. Negative control: a scan with left-closed bins (v < c_k) disagrees on those ends.
    @Test func uniformEncoderSearchEqualsAScan() {
        var r = RandomStream(seed: 17)
        var leftClosedDiffers = false
        for categories in [1, 2, 3, 5, 8, 13, 42, 60] {
            let labels = (0..<categories).map { "c\($0)" }
            // Every label at least once, then a random number more of each.
            let cells = labels + (0..<300).map { _ in labels[r.nextInt(below: categories)] }
            let e = UniformEncoder(fitting: .categorical("c", cells))
            var values = (0..<2000).map { _ in r.nextDouble() * 1.2 - 0.1 }
            for c in e.bounds { values += [c, c.nextUp, c.nextDown] }
            values += [.nan, -.infinity, .infinity]
            let found = values.withUnsafeBufferPointer { e.categories($0) }
            func scan(_ raw: Double, leftClosed: Bool) -> Int32 {
                let v = raw.isNaN ? 0 : min(1, max(0, raw))
                for k in 0..<(categories - 1) where leftClosed ? v < e.bounds[k + 1] : v <= e.bounds[k + 1] {
                    return Int32(k)
                }
                return Int32(categories - 1)
            }
            #expect(found == values.map { scan($0, leftClosed: false) }, "\(categories) categories")
            if found != values.map({ scan($0, leftClosed: true) }) { leftClosedDiffers = true }
        }
        #expect(leftClosedDiffers)
    }

    // MARK: FloatFormatter and rounding

    /// `formatsAlike`: ends that format to the same cell settle the interval; ends on either side of a
    /// rounding step, of a signed zero or of a clipping bound do not, nor non-finite or reversed ends.
    @Test func floatFormatterFormatsAlike() throws {
        let ints = try FloatFormatter(fitting: .integer("k", [-5, 3, 7_000]), learnRoundingScheme: true,
                                      enforceMinMaxValues: true)
        #expect(ints.formatsAlike(2.6, 3.4))
        #expect(!ints.formatsAlike(2.4, 2.6))
        #expect(!ints.formatsAlike(3.4, 3.5))  // 3.5 rounds half to even: 4
        #expect(ints.formatsAlike(7_000, 9e9))  // both clipped to the maximum
        #expect(!ints.formatsAlike(6_999.4, 7_000.2))
        #expect(!ints.formatsAlike(3.4, 2.6) && !ints.formatsAlike(.nan, 3) && !ints.formatsAlike(3, .infinity))
        let twoPlaces = try FloatFormatter(fitting: .numerical("x", [-1.25, 0.5, 2.75]), learnRoundingScheme: true,
                                           enforceMinMaxValues: false)
        #expect(twoPlaces.formatsAlike(0.124, 0.1249) && !twoPlaces.formatsAlike(0.124, 0.126))
        #expect(!twoPlaces.formatsAlike(-0.001, 0.001))  // −0.0 and 0.0 are different cells
        let unrounded = try FloatFormatter(fitting: .numerical("y", [0.1, 1.0 / 3]), learnRoundingScheme: true,
                                           enforceMinMaxValues: false)
        #expect(unrounded.formatsAlike(0.2, 0.2) && !unrounded.formatsAlike(0.2, 0.2.nextUp))
    }

    /// RDT `learn_rounding_digits` on hand-checked cases.
    @Test func learnsRoundingDigits() {
        #expect(RoundingScheme.learnDigits([1.0, 2, 300]) == 0)
        #expect(RoundingScheme.learnDigits([1.25, 2.5, 3]) == 2)
        #expect(RoundingScheme.learnDigits([0.1, 0.2, 0.30000000000000004]) == nil)  // needs 17 places
        #expect(RoundingScheme.learnDigits([1.0 / 3]) == nil)
        #expect(RoundingScheme.learnDigits([12345.678]) == 3)
        #expect(RoundingScheme.learnDigits([Double]()) == nil)
        #expect(RoundingScheme.round(2.5, digits: 0) == 2)  // numpy rounds half to even
        #expect(RoundingScheme.round(1.235, digits: 2) == 1.24)
    }

    /// Mean replacement, learned rounding, min/max clipping, integers staying integers, and the missing
    /// rate regenerated at the fitted rate (within 5 binomial standard errors).
    @Test func floatFormatterReverse() throws {
        let column = Column.numerical("x", [1.25, nil, 3.5, 2.75, nil, 10.0])
        let f = try FloatFormatter(fitting: column, learnRoundingScheme: true, enforceMinMaxValues: true)
        #expect(f.roundingDigits == 2)
        #expect(f.range == 1.25...10)
        #expect(f.missingValues.replacement == 4.375)
        #expect(isClose(f.missingValues.missingRate, 2.0 / 6, rel: 1e-15))
        #expect(try f.transform(column) == [1.25, 4.375, 3.5, 2.75, 4.375, 10])

        var s = RandomStream(seed: 3)
        let n = 20_000
        let raw = (0..<n).map { i in Double(i % 50) * 0.37 - 4.123456 }
        let back = f.reverse(raw, stream: &s)
        let values = observed(back)
        #expect(values.allSatisfy { $0 >= 1.25 && $0 <= 10 })
        #expect(values.allSatisfy { RoundingScheme.round($0, digits: 2) == $0 })
        let rate = Double(back.missingCount) / Double(n)
        #expect(Swift.abs(rate - 1.0 / 3) < 5 * (1.0 / 3 * 2.0 / 3 / Double(n)).squareRoot())

        let ints = Column.integer("k", [3, 7, nil, 5])
        let g = try FloatFormatter(fitting: ints, learnRoundingScheme: false, enforceMinMaxValues: false)
        #expect(g.isInteger && g.roundingDigits == 0 && g.range == nil)
        var s2 = RandomStream(seed: 4)
        let k = g.reverse([2.5, 3.5, -100.4, 1e300], stream: &s2)
        #expect(k.kind == .integer)
        if case .integer(let v) = k.values {
            for i in 0..<4 where !k.missing[i] { #expect(v[i] == [2, 4, -100, Int.max][i]) }
        }
        // Round trip within rounding: transform then reverse gives the column back where not missing.
        let exact = Column.numerical("y", [0.5, 1.75, 2.0, -3.25])
        let h = try FloatFormatter(fitting: exact, learnRoundingScheme: true, enforceMinMaxValues: true)
        var s3 = RandomStream(seed: 5)
        #expect(h.reverse(try h.transform(exact).map { $0 + 1e-9 }, stream: &s3) == exact)
    }

    @Test func floatFormatterRejectsWhatItCannotModel() {
        #expect(throws: SynthesisError.self) {
            try FloatFormatter(fitting: .categorical("c", ["a"]), learnRoundingScheme: true, enforceMinMaxValues: true)
        }
        #expect(throws: SynthesisError.self) {
            try FloatFormatter(fitting: .numerical("n", [1, .infinity]), learnRoundingScheme: true, enforceMinMaxValues: true)
        }
    }

    // MARK: Datetimes and identifiers

    @Test func timestampsRoundClipAndTruncate() throws {
        let day = 86400.0
        let column = Column.datetime("d", [10 * day, nil, 12 * day, 15 * day], format: .isoDate)
        let e = try UnixTimestampEncoder(fitting: column, enforceMinMaxValues: true)
        let filled: [Double] = [10 * day, 37 * day / 3, 12 * day, 15 * day]
        #expect(try e.transform(column) == filled)
        var s = RandomStream(seed: 1)
        let back = e.reverse([11.6 * day, 3 * day, 40 * day, 12 * day + 5], stream: &s)
        if case .datetime(let v, let format) = back.values {
            #expect(format == .isoDate)
            let expected = [11 * day, 10 * day, 15 * day, 12 * day]
            for i in 0..<4 where !back.missing[i] { #expect(v[i] == expected[i]) }
        } else { Issue.record("not a datetime column") }
        let withTime = Column.datetime("t", [0, 3600.4], format: .isoDateTime)
        let t = try UnixTimestampEncoder(fitting: withTime, enforceMinMaxValues: false)
        var s2 = RandomStream(seed: 2)
        #expect(t.reverse([1799.5, 1800.5], stream: &s2).doubles() == [1800, 1800])  // round half to even
    }

    @Test func identifiersAreUnique() throws {
        var s = RandomStream(seed: 1)
        let textColumn = Column.categorical("id", ["ab", "cd", "e1"])
        let text = try #require(try IdentifierGenerator(fitting: textColumn, metadata: columnMetadata(textColumn, .id),
                                                        isKey: true))
        let ids = text.generate(count: 5000, stream: &s)
        #expect(Set((0..<5000).map { ids.text(at: $0)! }).count == 5000)
        #expect(ids.text(at: 0)!.count == 5)  // SDV's default [0-1a-z]{5}: the values share no shape
        let intColumn = Column.integer("n", [7, 9])
        let numbers = try #require(try IdentifierGenerator(fitting: intColumn, metadata: columnMetadata(intColumn, .id),
                                                           isKey: true)).generate(count: 4, stream: &s)
        #expect(numbers == .integer("n", [0, 1, 2, 3]))
        let boolColumn = Column.boolean("b", [true])
        #expect(try IdentifierGenerator(fitting: boolColumn, metadata: columnMetadata(boolColumn, .id), isKey: false) == nil)
    }

    // MARK: TableTransformer

    /// Transformers by sdtype; id columns generated; every column back with its name, kind and levels.
    @Test func tableTransformerRoundTrip() throws {
        var r = RandomStream(seed: 11)
        let n = 200
        let table = try Table(columns: [
            .integer("row_id", Array(0..<n)),
            .numerical("score", (0..<n).map { _ in r.nextDouble() < 0.1 ? nil : (r.nextNormal() * 100).rounded() / 100 }),
            .integer("age", (0..<n).map { _ in 18 + r.nextInt(below: 60) }),
            .categorical("color", (0..<n).map { _ in ["red", "green", "blue"][r.nextInt(below: 3)] }),
            .boolean("ok", (0..<n).map { _ in r.nextDouble() < 0.4 }),
            .datetime("day", (0..<n).map { _ in Double(r.nextInt(below: 365)) * 86400 }, format: .isoDate),
        ])
        var metadata = Metadata.detect(from: table)
        metadata.columns[0].sdtype = .id
        metadata.columns[2].sdtype = .numerical
        metadata.columns[4].sdtype = .boolean
        metadata.columns[5].sdtype = .datetime
        let tt = try TableTransformer(fitting: table, metadata: metadata, enforceMinMaxValues: true, enforceRounding: true)
        #expect(tt.generatedNames == ["row_id"])
        #expect(tt.modelledNames == ["score", "age", "color", "ok", "day"])
        #expect(tt.entries.map(\.transformerName) == ["IdentifierGenerator", "FloatFormatter", "FloatFormatter",
                                                       "UniformEncoder", "UniformEncoder", "UnixTimestampEncoder"])
        let processed = try tt.transform(table, stream: RandomStream(seed: 1))
        #expect(processed.count == 5 && processed.allSatisfy { $0.count == n && $0.allSatisfy(\.isFinite) })
        let back = try tt.reverse(processed, rowCount: n, stream: RandomStream(seed: 2))
        #expect(back.columnNames == table.columnNames)
        #expect(back.columns.map(\.kind) == table.columns.map(\.kind))
        for name in ["age", "color", "ok", "day"] { #expect(back[name] == table[name], "\(name)") }
        // The numerical column: same values where both are present (the missing mask is redrawn).
        let original = table["score"]!.doubles(), again = back["score"]!.doubles()
        for i in 0..<n where !original[i].isNaN && !again[i].isNaN { #expect(original[i] == again[i]) }
        #expect(tt.notes["generated_columns"] == .strings(["row_id"]))
    }

    @Test func tableTransformerRejectsInconsistentMetadata() throws {
        let table = try Table(columns: [.categorical("c", ["a", "b"])])
        var metadata = Metadata.detect(from: table)
        metadata.columns[0].sdtype = .numerical
        #expect(throws: SynthesisError.self) {
            try TableTransformer(fitting: table, metadata: metadata, enforceMinMaxValues: true, enforceRounding: true)
        }
        #expect(throws: SynthesisError.self) {
            try TableTransformer(fitting: table, metadata: Metadata(columns: []), enforceMinMaxValues: true, enforceRounding: true)
        }
        let empty = try Table(columns: [.categorical("c", [])])
        #expect(throws: SynthesisError.invalidData("the table has no rows")) {
            try TableTransformer(fitting: empty, metadata: Metadata.detect(from: empty), enforceMinMaxValues: true, enforceRounding: true)
        }
    }
}
