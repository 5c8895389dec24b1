import Testing
@testable import SynthTable

/// SDV's detection rules (sdv/metadata/single_table.py, SDV 1.38), case by case.
@Suite struct SDVDetectorTests {
    func detect(_ columns: [Column]) throws -> Metadata { Metadata.detect(from: try Table(columns: columns)) }

    // MARK: Tokenising

    @Test(arguments: [
        ("user_id", ["user", "id"]),
        ("home-state name", ["home", "state", "name"]),
        ("HomeState", ["home", "state"]),
        ("userId", ["id"]),                    // `[A-Z][^A-Z]*` drops the lowercase prefix, as in SDV
        ("CustomerID", ["customer", "i", "d"]),
        ("CITY", ["city"]),                    // all capitals: not split
        ("city", ["city"]),
        ("_id", ["", "id"]),
        ("", [""]),
    ])
    func tokenize(name: String, tokens: [String]) {
        #expect(SDVDetector.tokenize(name) == tokens)
    }

    // MARK: Name-based PII

    @Test(arguments: [
        ("email", SDVSdtype.email), ("user_email_address", .email), ("EmailAddress", .email),
        ("phone_number", .phoneNumber), ("Phone-Number", .phoneNumber), ("first_name", .firstName),
        ("LastName", .lastName), ("country_code", .countryCode), ("zip_code", .postcode), ("postal code", .postcode),
        ("street_address", .streetAddress), ("address_line1", .streetAddress), ("line2", .secondaryAddress),
        ("latitude", .latitude), ("Longitude", .longitude), ("ipv4", .ipv4Address), ("ipv4_address", .ipv4Address),
        ("ip_address", .ipv6Address), ("mac address", .macAddress), ("user_agent", .userAgentString),
        ("iban", .iban), ("swift", .swift11),
        ("swift8_code", .swift11),  // "swift" comes first in SDV's list, so swift8 is never reached ("credit_card_number", .creditCardNumber),
        ("license", .licensePlate), ("licensee", .licensePlate),   // substring rule: "licensee" contains "license"
        ("state_abbr", .stateAbbr),
        // Ambiguous references need a whole token.
        ("state", .administrativeUnit), ("home_state", .administrativeUnit), ("HomeState", .administrativeUnit),
        ("province", .administrativeUnit), ("city", .city), ("CITY", .city), ("ssn", .ssn), ("car vin", .vin),
    ])
    func piiNames(name: String, sdtype: SDVSdtype) {
        #expect(SDVDetector.piiSdtype(forColumnName: name) == sdtype)
    }

    @Test(arguments: ["statement", "homestate", "velocity", "vintage", "lessons", "age", "income", "native-country",
                      "Culmen Length (mm)", "studyName", "relationship", "Delta 15 N (o/oo)"])
    func notPII(name: String) {
        #expect(SDVDetector.piiSdtype(forColumnName: name) == nil)
    }

    @Test(arguments: [("id", true), ("user_id", true), ("userId", true), ("Individual ID", true), ("ID", true),
                      ("CustomerID", false), ("identity", false), ("idea", false), ("paid", false)])
    func idNames(name: String, isID: Bool) {
        #expect(SDVDetector.isIDName(name) == isID)
    }

    @Test func piiColumnsGetPIIFlagAndIDColumnsDoNot() throws {
        let n = 8
        let m = try detect([
            .categorical("email", (0..<n).map { _ in "same@x.org" }),
            .integer("user_id", (0..<n).map { $0 % 2 }),  // not unique: stays id, not a key
        ])
        #expect(m[column: "email"]?.sdtype == .email)
        #expect(m[column: "email"]?.pii == true)
        #expect(m[column: "user_id"]?.sdtype == .id)
        #expect(m[column: "user_id"]?.pii == false)
        #expect(m.primaryKey == nil)
    }

    // MARK: Numbers: the whole-number / cardinality rule

    /// Python's `round` rounds half to even: len 25 -> round(2.5) = 2, len 35 -> round(3.5) = 4.
    @Test(arguments: [(5, 0), (6, 1), (14, 1), (15, 2), (24, 2), (25, 2), (26, 3), (35, 4), (45, 4), (55, 6),
                      (95, 10), (100, 10), (1000, 10)])
    func threshold(rows: Int, expected: Int) {
        #expect(SDVDetector.categoricalThreshold(rowCount: rows) == expected)
    }

    /// A whole, non-negative integer column of `rows` rows cycling through `distinct` values.
    func cycling(_ rows: Int, _ distinct: Int, offset: Int = 0) -> Column {
        .integer("x", (0..<rows).map { $0 % distinct + offset })
    }

    @Test(arguments: [
        (25, 2, SDVSdtype.categorical), (25, 3, .numerical),    // threshold 2 at 25 rows (half to even)
        (35, 4, .categorical), (35, 5, .numerical),             // threshold 4 at 35 rows
        (200, 10, .categorical), (200, 11, .numerical),         // the cap of 10
        (6, 1, .categorical), (6, 2, .numerical),
        (5, 1, .numerical),                                     // 5 rows or fewer: always numerical
    ])
    func cardinalityBoundaries(rows: Int, distinct: Int, sdtype: SDVSdtype) throws {
        #expect(try detect([cycling(rows, distinct)])[column: "x"]?.sdtype == sdtype)
    }

    @Test func negativeOrFractionalValuesAreNumerical() throws {
        #expect(try detect([cycling(100, 3, offset: -1)])[column: "x"]?.sdtype == .numerical)
        let fractional = Column.numerical("x", (0..<100).map { Double($0 % 3) + ($0 == 7 ? 0.5 : 0) })
        #expect(try detect([fractional])[column: "x"]?.sdtype == .numerical)
        let wholeDoubles = Column.numerical("x", (0..<100).map { Double($0 % 3) })
        #expect(try detect([wholeDoubles])[column: "x"]?.sdtype == .categorical)
    }

    /// `len(data)` counts missing rows; nunique does not.
    @Test func missingRowsCountTowardsLength() throws {
        // 25 rows (threshold 2), 2 distinct values + missing: categorical.
        let values: [Int?] = (0..<25).map { $0 < 5 ? nil : $0 % 2 }
        #expect(try detect([.integer("x", values)])[column: "x"]?.sdtype == .categorical)
        // All missing: pandas sees float NaN -> numerical.
        #expect(try detect([.categorical("s", Array(repeating: nil, count: 20))])[column: "s"]?.sdtype == .numerical)
    }

    // MARK: Other dtypes

    @Test func booleansAreCategorical() throws {
        #expect(try detect([.boolean("flag", (0..<50).map { $0 % 3 == 0 })])[column: "flag"]?.sdtype == .categorical)
        #expect(try detect([.boolean("few", [true, false])])[column: "few"]?.sdtype == .categorical)
    }

    @Test func datetimes() throws {
        let m = try detect([
            .datetime("when", (0..<4).map { Double($0) * 86400 }, format: .isoDate),
            .categorical("date_text", ["2021-03-01", "2021-03-02", "2021-03-03", "2021-03-04"]),
            .categorical("stamp", ["2021-03-01 10:00:00", "2021-03-02 11:30:00", nil, "2021-03-04 00:00:00"]),
            .categorical("mixed", ["2021-03-01", "2021-03-02", "soon", "2021-03-04"]),
        ])
        #expect(m[column: "when"]?.sdtype == .datetime)
        #expect(m[column: "when"]?.datetimeFormat == "%Y-%m-%d")
        #expect(m[column: "date_text"]?.sdtype == .datetime)
        #expect(m[column: "date_text"]?.datetimeFormat == "%Y-%m-%d")
        #expect(m[column: "stamp"]?.datetimeFormat == "%Y-%m-%d %H:%M:%S")
        #expect(m[column: "mixed"]?.sdtype == .categorical)
        #expect(m[column: "mixed"]?.datetimeFormat == nil)
    }

    @Test func stringsAreCategoricalWhateverTheirCardinality() throws {
        let m = try detect([.categorical("free_text", (0..<50).map { "note \($0 % 40)" })])
        #expect(m[column: "free_text"]?.sdtype == .categorical)
    }

    // MARK: Primary key

    @Test func firstValueCandidateBecomesKeyWithSdtypeID() throws {
        let n = 10
        let m = try detect([
            .numerical("score", (0..<n).map { Double($0) + 0.5 }),       // unique but not whole: no candidate
            .integer("row", Array(0..<n)),                               // unique whole non-negative: candidate
            .categorical("code", (0..<n).map { "c\($0)" }),              // unique strings: candidate, but second
        ])
        #expect(m.primaryKey == "row")
        #expect(m[column: "row"]?.sdtype == .id)
        #expect(m[column: "code"]?.sdtype == .categorical)
    }

    @Test func uniqueStringsAreACandidate() throws {
        let m = try detect([.categorical("code", (0..<10).map { "c\($0)" }), .integer("v", (0..<10).map { $0 % 2 })])
        #expect(m.primaryKey == "code")
        #expect(m[column: "code"]?.sdtype == .id)
    }

    @Test func candidatesNeedMoreThanFiveRowsAndNoMissingValues() throws {
        #expect(try detect([.integer("row", Array(0..<5))]).primaryKey == nil)
        #expect(try detect([.integer("row", (0..<10).map { $0 == 3 ? nil : $0 })]).primaryKey == nil)
        #expect(try detect([.integer("row", (0..<10).map { $0 - 1 })]).primaryKey == nil)  // has a negative value
        // Unique dates are not a candidate.
        #expect(try detect([.datetime("day", (0..<10).map { Double($0) * 86400 })]).primaryKey == nil)
    }

    @Test func uniqueIDNameIsACandidateEvenWhenShort() throws {
        let m = try detect([.categorical("customer_id", ["a", "b", "c"])])
        #expect(m.primaryKey == "customer_id")
        #expect(m[column: "customer_id"]?.sdtype == .id)
    }

    @Test func uniquePIIColumnIsTheFallbackKeyAndKeepsItsSdtype() throws {
        let n = 8
        let m = try detect([
            .categorical("email", (0..<n).map { "p\($0)@x.org" }),
            .numerical("v", (0..<n).map { Double($0) / 3 }),
        ])
        #expect(m.primaryKey == "email")
        #expect(m[column: "email"]?.sdtype == .email)
        #expect(m[column: "email"]?.pii == true)

        // A value-based candidate later in the table wins over the PII one.
        let m2 = try detect([.categorical("email", (0..<n).map { "p\($0)@x.org" }), .integer("row", Array(0..<n))])
        #expect(m2.primaryKey == "row")
        #expect(m2[column: "email"]?.sdtype == .email)
    }
}
