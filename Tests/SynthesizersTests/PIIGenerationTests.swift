import Foundation
import SynthMath
import SynthTable
import Testing
@testable import Synthesizers

/// A people-and-places table: a string key, made-up person names (in no bundled list), cities, states,
/// coordinates, emails with missing values, phone numbers, IBANs, and two modelled columns.
func peopleTable(rows n: Int, seed: UInt64, realNames: Bool = false) throws -> Table {
    var r = RandomStream(seed: seed)
    let syllables = ["zor", "qua", "vex", "tril", "mok", "yaz", "plu", "dree"]
    func madeUp() -> String {
        let s = (0..<3).map { _ in syllables[r.nextInt(below: syllables.count)] }.joined()
        return s.prefix(1).uppercased() + s.dropFirst()
    }
    let real = ["Mary", "John", "Linda", "James", "Zqxv"]
    return try Table(columns: [
        .categorical("customer_id", (0..<n).map { "C-" + String(100_000 + $0 * 7) }),
        .categorical("first_name", (0..<n).map { _ in realNames ? real[r.nextInt(below: real.count)] : madeUp() }),
        .categorical("last_name", (0..<n).map { _ in madeUp() }),
        .categorical("city", (0..<n).map { _ in ["Springfield", "Riverton", "Lakeside"][r.nextInt(below: 3)] }),
        .categorical("state", (0..<n).map { _ in ["Ohio", "Texas"][r.nextInt(below: 2)] }),
        .numerical("latitude", (0..<n).map { Double($0) }),
        .numerical("longitude", (0..<n).map { Double($0) }),
        .categorical("email", (0..<n).map { i in i % 10 == 0 ? nil : "person\(i)@mail.test" }),
        .categorical("phone_number", (0..<n).map { "555-01\(String(format: "%02d", $0 % 100))" }),
        .categorical("iban", (0..<n).map { _ in "XX00REAL0000" }),
        .numerical("spend", (0..<n).map { _ in (r.nextNormal() * 20 + 100).rounded() }),
        .categorical("plan", (0..<n).map { _ in ["basic", "pro"][r.nextInt(below: 2)] }),
    ])
}

@Suite("PII generation in the table transformer")
struct PIIGenerationTests {
    static func texts(_ c: Column) -> [String?] { (0..<c.count).map { c.text(at: $0) } }

    /// The done-when check: every generated column valid, keys unique and matching the inferred pattern,
    /// coordinates in range, distinct and paired on places, missing rate regenerated, nothing copied.
    @Test func peopleTableComesOutValid() throws {
        let n = 400
        let table = try peopleTable(rows: n, seed: 1)
        let metadata = Metadata.detect(from: table)
        #expect(metadata.primaryKey == "customer_id")
        #expect(metadata[column: "first_name"]?.sdtype == .firstName && metadata[column: "state"]?.sdtype == .administrativeUnit)
        let gc = GaussianCopulaSynthesizer()
        try gc.fit(table, metadata: metadata, context: SynthesisContext())
        let out = try gc.sample(count: 1000, seed: 5, context: SynthesisContext())
        #expect(out.columnNames == table.columnNames)
        #expect(out.columns.map(\.kind) == table.columns.map(\.kind))

        let keys = Self.texts(out["customer_id"]!).compactMap { $0 }
        #expect(keys.count == 1000 && Set(keys).count == 1000 && keys.allSatisfy { fullMatch("[A-Z]\\-[0-9]{6}", $0) })
        #expect(gc.fitNotes["regex_formats"] == .object(["customer_id": .string("[A-Z]\\-[0-9]{6} (inferred)")]))
        for name in ["first_name", "last_name"] {
            let values = Self.texts(out[name]!).compactMap { $0 }
            #expect(values.count == 1000 && values.allSatisfy { fullMatch("[A-Z][A-Za-z'-]+", $0) })
            #expect(Set(values).isDisjoint(with: Set(Self.texts(table[name]!).compactMap { $0 })), "\(name) copied")
        }
        #expect(Self.texts(out["state"]!).allSatisfy { PIIVocabulary.states.values.contains($0!) })
        #expect(Set(Self.texts(out["city"]!)).count > 100)
        let lat = observed(out["latitude"]!), lon = observed(out["longitude"]!)
        #expect(lat.allSatisfy { (-90...90).contains($0) } && lon.allSatisfy { (-180...180).contains($0) })
        #expect(Set(lat).count == 1000 && Set(lon).count == 1000)
        #expect(zip(lat, lon).prefix(50).allSatisfy { PIIProviderTests.nearestPlaceDistance($0, $1) <= CoordinateSampler.jitter + 1e-6 })
        #expect(gc.fitNotes["coordinate_pairs"] == .strings(["latitude+longitude"]))
        let email = out["email"]!
        #expect(email.missingCount == 100)  // ⌊0.1 · 1000⌋, as RDT regenerates missing values
        #expect(Self.texts(email).compactMap { $0 }.allSatisfy { fullMatch(PIIProviderTests.formats[.email]!, $0) })
        #expect(Self.texts(out["phone_number"]!).allSatisfy { fullMatch(PIIProviderTests.formats[.phoneNumber]!, $0!) })
        #expect(Self.texts(out["iban"]!).allSatisfy { CheckDigits.isIBANValid($0!) })
        #expect(Set(Self.texts(out["plan"]!)) == ["basic", "pro"])  // modelled columns still modelled

        let again = try gc.sample(count: 1000, seed: 5, context: SynthesisContext())
        #expect(again == out)
        let other = try gc.sample(count: 1000, seed: 6, context: SynthesisContext())
        #expect(other["first_name"] != out["first_name"] && other["latitude"] != out["latitude"])
    }

    /// SDV's independent coordinates behind the option: in range, not paired on places.
    @Test func independentCoordinates() throws {
        let table = try peopleTable(rows: 100, seed: 2)
        let gc = GaussianCopulaSynthesizer(configuration: .init(coordinates: .independent))
        try gc.fit(table, metadata: Metadata.detect(from: table), context: SynthesisContext())
        let out = try gc.sample(count: 400, seed: 1, context: SynthesisContext())
        let lat = observed(out["latitude"]!), lon = observed(out["longitude"]!)
        #expect(lat.allSatisfy { (-90...90).contains($0) } && lon.allSatisfy { (-180...180).contains($0) })
        #expect(lat.contains { $0 < -60 } && lon.contains { $0 > 150 })
        #expect(gc.fitNotes["coordinate_pairs"] == nil)
    }

    /// Real first names: generated values can equal training values only through the bundled list, and the
    /// fit reports how many training values the list holds.
    @Test func sharedByChanceIsReported() throws {
        let table = try peopleTable(rows: 200, seed: 3, realNames: true)
        let tt = try TableTransformer(fitting: table, metadata: Metadata.detect(from: table), enforceMinMaxValues: true,
                                      enforceRounding: true)
        #expect(tt.notes["pii_training_values_in_bundled_lists"] == .object(["first_name": .number(4), "state": .number(2)]))
        let out = try tt.reverse(try tt.transform(table, stream: RandomStream(seed: 1)), rowCount: 200,
                                 stream: RandomStream(seed: 2))
        let shared = Set(Self.texts(out["first_name"]!).compactMap { $0 }).intersection(["Mary", "John", "Linda", "James", "Zqxv"])
        #expect(!shared.contains("Zqxv") && shared.isSubset(of: Set(PIIVocabulary.firstNames.values)))
    }

    /// `pii: false` models the column (SDV: categorical): its values come from the training column.
    @Test func piiFalseIsModelled() throws {
        let table = try peopleTable(rows: 200, seed: 4)
        var metadata = Metadata.detect(from: table)
        let i = metadata.columns.firstIndex { $0.name == "city" }!
        metadata.columns[i].pii = false
        let tt = try TableTransformer(fitting: table, metadata: metadata, enforceMinMaxValues: true, enforceRounding: true)
        #expect(tt.modelledNames.contains("city") && !tt.generatedNames.contains("city"))
        #expect(tt.notes["pii_false_modelled"] == .strings(["city"]))
        let out = try tt.reverse(try tt.transform(table, stream: RandomStream(seed: 1)), rowCount: 200, stream: RandomStream(seed: 2))
        #expect(Set(Self.texts(out["city"]!)).isSubset(of: ["Springfield", "Riverton", "Lakeside"]))
    }

    /// A metadata document opts a column out with `pii: false` and names Faker sdtypes SDV accepts
    /// (`job`, `date_of_birth`), which get their providers; a datetime `date_of_birth` stays a datetime.
    @Test func metadataDocumentSdtypes() throws {
        var r = RandomStream(seed: 8)
        let table = try Table(columns: [
            .categorical("city", (0..<120).map { _ in ["Springfield", "Riverton"][r.nextInt(below: 2)] }),
            .categorical("role", (0..<120).map { _ in ["clerk", "chef"][r.nextInt(below: 2)] }),
            .datetime("born", (0..<120).map { Double($0) * 86_400 * 97 }, format: .isoDate),
            .numerical("x", (0..<120).map { _ in r.nextNormal() }),
        ])
        let doc = try MetadataDocument.decode(Data("""
            {"columns": {"city": {"sdtype": "city", "pii": false}, "role": {"sdtype": "job"},
                         "born": {"sdtype": "date_of_birth"}}}
            """.utf8))
        let metadata = try Metadata.detect(from: table, overrides: doc)
        #expect(metadata[column: "city"]?.pii == false && metadata[column: "role"]?.sdtype == .job)
        let gc = GaussianCopulaSynthesizer()
        try gc.fit(table, metadata: metadata, context: SynthesisContext())
        let out = try gc.sample(count: 300, seed: 2, context: SynthesisContext())
        #expect(Set(Self.texts(out["city"]!)).isSubset(of: ["Springfield", "Riverton"]))
        #expect(Self.texts(out["role"]!).allSatisfy { PIIVocabulary.jobs.values.contains($0!) })
        guard case .datetime(let born, let format) = out["born"]!.values else { Issue.record("not a datetime"); return }
        #expect(format == .isoDate)
        #expect(born.allSatisfy { $0 <= PIIProvider.dateOfBirthReference && $0 >= PIIProvider.dateOfBirthReference - 116 * 365.25 * 86_400 })
        #expect(Set(born).count > 200)
    }

    /// `regex_format` from metadata is honoured; a numeric id's format must be digits; a bad format is an
    /// error naming the column.
    @Test func regexFormatFromMetadata() throws {
        let ids = Column.categorical("code", ["a", "b", "c"])
        let g = try #require(try IdentifierGenerator(fitting: ids, metadata: columnMetadata(ids, .id, regex: "[A-Z]{2}[0-9]{3}"), isKey: true))
        var s = RandomStream(seed: 1)
        let out = g.generate(count: 3000, stream: &s)
        #expect(Set(Self.texts(out)).count == 3000 && Self.texts(out).allSatisfy { fullMatch("[A-Z]{2}[0-9]{3}", $0!) })
        let numbers = Column.integer("n", [1, 2])
        let digits = try #require(try IdentifierGenerator(fitting: numbers, metadata: columnMetadata(numbers, .id, regex: "9[0-9]{5}"), isKey: true))
        guard case .integer(let v) = digits.generate(count: 500, stream: &s).values else { Issue.record("not integers"); return }
        #expect(Set(v).count == 500 && v.allSatisfy { (900_000...999_999).contains($0) })
        #expect(throws: SynthesisError.self) {
            _ = try IdentifierGenerator(fitting: numbers, metadata: columnMetadata(numbers, .id, regex: "[a-z]{3}"), isKey: true)
        }
        #expect {
            _ = try IdentifierGenerator(fitting: ids, metadata: columnMetadata(ids, .id, regex: "a|b"), isKey: true)
        } throws: { error in "\(error)".contains("code") && "\(error)".contains("alternation") }
    }

    /// A PII sdtype on a key column gives distinct values, falling back to six letters past the list.
    @Test func piiKeysAreUnique() throws {
        let states = Column.categorical("state", ["Ohio", "Texas"])
        let g = try #require(try IdentifierGenerator(fitting: states, metadata: columnMetadata(states, .stateAbbr), isKey: true))
        var s = RandomStream(seed: 1)
        let values = Self.texts(g.generate(count: 200, stream: &s)).compactMap { $0 }
        #expect(Set(values).count == 200)
        #expect(values.filter { PIIVocabulary.stateAbbreviations.values.contains($0) }.count == 51)
        #expect(values.filter { fullMatch("[A-Za-z]{6}", $0) }.count == 149)
    }
}
