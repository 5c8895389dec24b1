import Foundation
import SynthMath
import SynthTable
import Testing
@testable import Synthesizers

/// Id and PII columns around the neural and diffusion generators: set aside before the model, generated on
/// sample by the Gaussian copula's machinery (``GeneratedColumns``), on both backends.
@Suite("id and PII columns around the neural generators")
struct GeneratedColumnsTests {
    /// A string key, a full name, first names, an email with 10 % missing values (all made up), and two
    /// modelled columns.
    static func table(rows n: Int) throws -> Table {
        let people = try peopleTable(rows: n, seed: 11)
        let first = PIIGenerationTests.texts(people["first_name"]!), last = PIIGenerationTests.texts(people["last_name"]!)
        let name = Column.categorical("name", zip(first, last).map { "\($0!) \($1!)" })
        let kept = try people.selectingColumns(["customer_id", "first_name", "email", "spend", "plan"])
        return try Table(columns: [kept.columns[0], name] + Array(kept.columns.dropFirst()))
    }

    /// Small models of each generator, trained for an epoch or two.
    static func synthesizer(_ method: String) -> any Synthesizer {
        switch method {
        case "ctgan-sdv": return CTGANSynthesizer(configuration: NeuralFixtures.smallCTGAN(epochs: 2), backend: .sdv)
        case "ctgan-synthcity":
            var c = NeuralFixtures.smallCTGAN(.synthcity, epochs: 2)
            c.earlyStopping = nil; c.batchSize = 50
            return CTGANSynthesizer(configuration: c, backend: .synthcity)
        case "tvae-sdv": return TVAESynthesizer(configuration: NeuralFixtures.smallTVAE(.sdv, epochs: 2), backend: .sdv)
        case "tvae-synthcity":
            var c = NeuralFixtures.smallTVAE(.synthcity, epochs: 2)
            c.earlyStopping = nil
            return TVAESynthesizer(configuration: c, backend: .synthcity)
        default: return DiffusionSynthesizer(options: DiffusionSynthesizerTests.options(epochs: 2))
        }
    }

    static let methods = ["ctgan-sdv", "ctgan-synthcity", "tvae-sdv", "tvae-synthcity", "ddpm"]

    /// Detected metadata, with `name` declared a PII `name` column (SDV detects names by column name only for
    /// some spellings) and its `pii` flag as given.
    static func metadata(_ table: Table, namePII: Bool = true) -> Metadata {
        var metadata = Metadata.detect(from: table)
        let i = metadata.columns.firstIndex { $0.name == "name" }!
        metadata.columns[i].sdtype = .name
        metadata.columns[i].pii = namePII
        return metadata
    }

    static func fitted(_ method: String, _ table: Table, metadata: Metadata) throws -> any Synthesizer {
        let s = synthesizer(method)
        try s.fit(table, metadata: metadata, context: SynthesisContext(seed: 1))
        return s
    }

    /// The check: the table fits and samples; the key is unique and matches the pattern of the
    /// training keys; names and emails are valid and none is copied from the training rows; the email's
    /// missing rate comes back; the modelled columns are modelled; same seed, same table.
    @Test(arguments: methods)
    func generatedAroundTheModel(method: String) throws {
        let table = try Self.table(rows: 150)
        let metadata = Self.metadata(table)
        #expect(metadata.primaryKey == "customer_id" && metadata[column: "first_name"]?.sdtype == .firstName
            && metadata[column: "email"]?.sdtype == .email)
        let s = try Self.fitted(method, table, metadata: metadata)
        let out = try s.sample(count: 200, seed: 5, context: SynthesisContext())
        #expect(out.columnNames == table.columnNames && out.columns.map(\.kind) == table.columns.map(\.kind))
        #expect(s.fitNotes["generated_columns"] == .strings(["customer_id", "name", "first_name", "email"]))

        let keys = PIIGenerationTests.texts(out["customer_id"]!).compactMap { $0 }
        #expect(keys.count == 200 && Set(keys).count == 200 && keys.allSatisfy { fullMatch("[A-Z]\\-[0-9]{6}", $0) })
        let names = PIIGenerationTests.texts(out["name"]!).compactMap { $0 }
        #expect(names.count == 200 && names.allSatisfy { fullMatch(PIIProviderTests.formats[.name]!, $0) })
        let firstNames = PIIGenerationTests.texts(out["first_name"]!).compactMap { $0 }
        #expect(firstNames.allSatisfy { fullMatch("[A-Z][A-Za-z'-]+", $0) })
        for (column, values) in [("name", names), ("first_name", firstNames)] {
            let training = Set(PIIGenerationTests.texts(table[column]!).compactMap { $0 })
            #expect(Set(values).isDisjoint(with: training), "\(method): \(column) copied from the training rows")
        }
        let email = out["email"]!
        #expect(email.missingCount == 20)  // ⌊0.1 · 200⌋
        #expect(PIIGenerationTests.texts(email).compactMap { $0 }.allSatisfy { fullMatch(PIIProviderTests.formats[.email]!, $0) })
        #expect(Set(PIIGenerationTests.texts(out["plan"]!).compactMap { $0 }).isSubset(of: ["basic", "pro"]))

        let again = try Self.fitted(method, table, metadata: metadata).sample(count: 200, seed: 5, context: SynthesisContext())
        #expect(again == out, "\(method): same seeds, another table")
        let other = try s.sample(count: 200, seed: 6, context: SynthesisContext())
        #expect(other["customer_id"] != out["customer_id"] && other["name"] != out["name"])
    }

    /// The control: with `pii: false` the names are modelled, so they come from the training rows (the
    /// disjointness above would fail), as SDV's fallback to categorical does.
    @Test func piiFalseNamesAreModelled() throws {
        let table = try Self.table(rows: 150)
        let s = try Self.fitted("ctgan-sdv", table, metadata: Self.metadata(table, namePII: false))
        let out = try s.sample(count: 200, seed: 5, context: SynthesisContext())
        let training = Set(PIIGenerationTests.texts(table["name"]!).compactMap { $0 })
        #expect(Set(PIIGenerationTests.texts(out["name"]!).compactMap { $0 }).isSubset(of: training))
        #expect(s.fitNotes["pii_false_modelled"] == .strings(["name"]))
    }

    /// A table of ids and PII only leaves the model nothing to learn: a clear error.
    @Test func nothingToModelIsAnError() throws {
        let table = try Self.table(rows: 50).selectingColumns(["customer_id", "email"])
        #expect {
            try Self.fitted("tvae-sdv", table, metadata: Metadata.detect(from: table))
        } throws: { "\($0)".contains("at least one modelled column") }
    }
}
