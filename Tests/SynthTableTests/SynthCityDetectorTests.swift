import Testing
@testable import SynthTable

/// SynthCity's readings: Schema domain, DataLoader.encode label-encoding, TabularEncoder categorical_limit.
@Suite struct SynthCityDetectorTests {
    func column(_ c: Column) throws -> ColumnMetadata {
        try #require(Metadata.detect(from: try Table(columns: [c]))[column: c.name])
    }

    @Test func integersAlreadyCodedZeroToKMinusOneAreKept() throws {
        let c = try column(.integer("k", (0..<100).map { $0 % 12 }))
        #expect(c.synthcityDomain == .integer)
        #expect(c.synthcityEncoding == .passthrough)
        #expect(c.synthcityDiscrete == false)  // 12 > 10
        let small = try column(.integer("k", (0..<100).map { $0 % 3 }))
        #expect(small.synthcityEncoding == .passthrough)
        #expect(small.synthcityDiscrete)
    }

    @Test(arguments: [(14, SynthCityEncoding.label), (15, .passthrough)])
    func fewerThan15DistinctNumbersAreLabelEncoded(distinct: Int, encoding: SynthCityEncoding) throws {
        // Starting at 1, so the 0..K-1 exemption does not apply.
        #expect(try column(.integer("k", (0..<100).map { $0 % distinct + 1 })).synthcityEncoding == encoding)
        #expect(try column(.numerical("x", (0..<100).map { Double($0 % distinct) / 4 })).synthcityEncoding == encoding)
    }

    @Test func missingValuesCountAsOneMoreUniqueValue() throws {
        // 14 distinct + NaN = 15 unique: not label-encoded; nunique 14 > 10: continuous.
        let c = try column(.numerical("x", (0..<100).map { $0 == 0 ? nil : Double($0 % 14) / 4 }))
        #expect(c.synthcityEncoding == .passthrough)
        #expect(c.synthcityDiscrete == false)
        // 13 distinct + NaN = 14: label-encoded.
        #expect(try column(.numerical("x", (0..<100).map { $0 == 0 ? nil : Double($0 % 13) / 4 })).synthcityEncoding == .label)
    }

    @Test func integerWithMissingValuesIsFloatInPandas() throws {
        let c = try column(.integer("k", (0..<100).map { $0 == 5 ? nil : $0 }))
        #expect(c.synthcityDomain == .float)
        #expect(c.synthcityEncoding == .passthrough)
        // 0..K-1 with a missing value is float, so the exemption does not apply; 3 + NaN < 15: label.
        #expect(try column(.integer("k", (0..<100).map { $0 == 5 ? nil : $0 % 3 })).synthcityEncoding == .label)
    }

    @Test(arguments: [(10, false, true), (10, true, false), (11, false, false), (9, true, true)])
    func categoricalLimitOnLabelEncodedStrings(levels: Int, withMissing: Bool, discrete: Bool) throws {
        let values: [String?] = (0..<200).map { withMissing && $0 == 0 ? nil : "v\($0 % levels)" }
        let c = try column(.categorical("s", values))
        #expect(c.synthcityDomain == .categorical)
        #expect(c.synthcityEncoding == .label)
        #expect(c.synthcityDiscrete == discrete)
    }

    @Test func booleans() throws {
        let c = try column(.boolean("b", (0..<30).map { $0 % 2 == 0 }))
        #expect(c.synthcityDomain == .categorical)
        #expect(c.synthcityEncoding == .label)
        #expect(c.synthcityDiscrete)
    }

    @Test func datetimes() throws {
        let many = try column(.datetime("t", (0..<40).map { Double($0) * 86400 }))
        #expect(many.synthcityDomain == .datetime)
        #expect(many.synthcityEncoding == .datetime)
        #expect(many.synthcityDiscrete == false)
        let few = try column(.datetime("t", (0..<40).map { Double($0 % 5) * 86400 }))
        #expect(few.synthcityEncoding == .label)
        #expect(few.synthcityDiscrete)
    }

    @Test func continuousFloats() throws {
        let c = try column(.numerical("x", (0..<100).map { Double($0) * 0.37 }))
        #expect(c.synthcityDomain == .float)
        #expect(c.synthcityEncoding == .passthrough)
        #expect(c.synthcityDiscrete == false)
    }
}
