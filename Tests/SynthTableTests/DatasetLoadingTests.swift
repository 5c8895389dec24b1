import Foundation
import Testing
@testable import SynthTable
import SynthTestSupport

/// Loading the real datasets through their manifests and the CSV reader.
@Suite struct DatasetLoadingTests {
    let registry = try! DatasetRegistry(directory: RepositoryPaths.datasets)

    static let adultCached = FileManager.default.fileExists(atPath: RepositoryPaths.datasets.appendingPathComponent(".cache/adult.data").path)
    static let adultTestCached = FileManager.default.fileExists(atPath: RepositoryPaths.datasets.appendingPathComponent(".cache/adult.test").path)

    @Test(arguments: [("penguins", 344, 8), ("penguins-raw", 344, 17), ("wine", 178, 14), ("breast_cancer", 569, 31)])
    func committedDatasetsHaveTheirShapes(name: String, rows: Int, columns: Int) throws {
        let d = try registry.load(name)
        #expect(d.table.rowCount == rows)
        #expect(d.table.columnCount == columns)
        #expect(d.manifest.shape?.rows == rows)
        #expect(d.table.columnNames == d.manifest.columns.map(\.name))
        #expect(d.table.columns.map(\.kind) == d.manifest.columns.map(\.kind))
        #expect(d.metadata.target == d.manifest.target)
        #expect(d.metadata.task == .classification)
        #expect(d.metadata.primaryKey == nil)
    }

    @Test func penguins() throws {
        let d = try registry.load("penguins")
        let m = d.metadata
        #expect(d.table.columns.reduce(0) { $0 + $1.missingCount } == 19)
        #expect(m[column: "species"]?.sdtype == .categorical)
        #expect(m[column: "bill_length_mm"]?.sdtype == .numerical)
        #expect(m[column: "body_mass_g"]?.sdtype == .numerical)
        // 3 whole values in 344 rows: SDV reads `year` as categorical.
        #expect(m[column: "year"]?.sdtype == .categorical)
        // An integer column with NA values is float64 in pandas, hence SynthCity's float domain.
        #expect(m[column: "flipper_length_mm"]?.synthcityDomain == .float)
        #expect(m[column: "year"]?.synthcityDomain == .integer)
        #expect(m[column: "year"]?.synthcityEncoding == .label)
        #expect(m[column: "sex"]?.synthcityDiscrete == true)
        #expect(try d.table.column(named: "sex").missingCount == 11)
    }

    @Test func penguinsRawHasDatetimeIDAndText() throws {
        let d = try registry.load("penguins-raw")
        let m = d.metadata
        #expect(d.table.columns.reduce(0) { $0 + $1.missingCount } == 336)
        #expect(m[column: "Date Egg"]?.sdtype == .datetime)
        #expect(m[column: "Date Egg"]?.datetimeFormat == "%Y-%m-%d")
        #expect(m[column: "Individual ID"]?.sdtype == .id)   // name token "id"; 190 distinct, so no key
        #expect(ColumnProfile(try d.table.column(named: "Individual ID")).distinctCount == 190)
        #expect(m[column: "Comments"]?.sdtype == .categorical)
        #expect(m[column: "Comments"]?.synthcityDiscrete == false)  // 10 texts + missing = 11 codes
        #expect(m[column: "Sample Number"]?.sdtype == .numerical)
        #expect(m[column: "Delta 15 N (o/oo)"]?.sdtype == .numerical)
    }

    @Test func wineAndBreastCancer() throws {
        let wine = try registry.load("wine")
        #expect(wine.table.columnNames.first == "alcohol")
        #expect(wine.table.columnNames.contains("od280/od315_of_diluted_wines"))
        #expect(wine.metadata[column: "class"]?.sdtype == .categorical)
        #expect(wine.metadata[column: "class"]?.synthcityEncoding == .passthrough)  // already 0..2
        #expect(wine.metadata[column: "magnesium"]?.sdtype == .numerical)
        #expect(ColumnProfile(try wine.table.column(named: "class")).distinctCount == 3)

        let cancer = try registry.load("breast_cancer")
        #expect(cancer.table.columnNames.first == "mean radius")
        #expect(cancer.table.columnNames.last == "target")
        #expect(cancer.metadata.columns.dropLast().allSatisfy { $0.sdtype == .numerical && $0.synthcityDomain == .float })
        #expect(cancer.metadata[column: "target"]?.sdtype == .categorical)
        let target = try cancer.table.column(named: "target").doubles()
        #expect(target.filter { $0 == 1 }.count == 357)  // benign
    }

    @Test func manifestReadOptionsBecomeReaderOptions() throws {
        let o = registry.csvOptions(for: try registry.manifest(named: "adult-test"))
        #expect(o.hasHeader == false)
        #expect(o.skipLines == 1)
        #expect(o.trimLeadingSpaces)
        #expect(o.missingTokens == ["?"])
        #expect(o.columnNames?.count == 15)
        #expect(o.forcedKinds["fnlwgt"] == .integer)
        let p = registry.csvOptions(for: try registry.manifest(named: "penguins"))
        #expect(p.hasHeader && p.columnNames == nil && p.missingTokens == ["NA"])
    }

    @Test func strippingASuffixMergesLevels() throws {
        let c = Column.categorical("income", ["<=50K.", ">50K.", nil, "<=50K", ">50K"])
        let s = try #require(c.strippingSuffix("."))
        #expect(s == Column.categorical("income", ["<=50K", ">50K", nil, "<=50K", ">50K"]))
        #expect(Column.integer("n", [1]).strippingSuffix(".") == nil)
    }

    @Test func aFileThatDoesNotMatchTheManifestIsRejected() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("synthbench-load-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // The penguins manifest with a renamed column and the real file: the columns differ.
        var text = try String(contentsOf: RepositoryPaths.datasets.appendingPathComponent("penguins.json"), encoding: .utf8)
        text = text.replacingOccurrences(of: "\"bill_length_mm\"", with: "\"bill_len\"")
        try Data(text.utf8).write(to: dir.appendingPathComponent("penguins.json"))
        try FileManager.default.copyItem(at: RepositoryPaths.datasets.appendingPathComponent("penguins.csv"),
                                         to: dir.appendingPathComponent("penguins.csv"))
        let r = try DatasetRegistry(directory: dir)
        #expect(throws: DatasetError.self) { try r.load("penguins") }
        // A forced kind the values do not fit is a located read error.
        text = try String(contentsOf: RepositoryPaths.datasets.appendingPathComponent("penguins.json"), encoding: .utf8)
        text = text.replacingOccurrences(of: "\"name\": \"island\",\n      \"kind\": \"categorical\"",
                                         with: "\"name\": \"island\",\n      \"kind\": \"integer\"")
        try Data(text.utf8).write(to: dir.appendingPathComponent("penguins.json"))
        #expect {
            try DatasetRegistry(directory: dir).load("penguins")
        } throws: { error in
            guard case DatasetError.readFailed(let name, let message) = error else { return false }
            return name == "penguins" && message.contains("penguins.csv:2:") && message.contains("island")
        }
    }

    @Test(.enabled(if: adultCached, "needs datasets/.cache/adult.data: run scripts/fetch-datasets.sh adult"))
    func adult() throws {
        let d = try registry.load("adult")
        #expect(d.table.rowCount == 32_561)
        #expect(d.table.columnCount == 15)
        let m = d.metadata
        #expect(m.target == "income")
        #expect(try d.table.column(named: "workclass").missingCount == 1_836)
        #expect(try d.table.column(named: "occupation").missingCount == 1_843)
        #expect(try d.table.column(named: "native-country").missingCount == 583)
        let income = try #require(try d.table.column(named: "income").categoricalCodes)
        #expect(income.levels.sorted() == ["<=50K", ">50K"])
        let high = Int32(try #require(income.levels.firstIndex(of: ">50K")))
        #expect(income.codes.filter { $0 == high }.count == 7_841)
        for name in ["age", "fnlwgt", "education-num", "capital-gain", "capital-loss", "hours-per-week"] {
            #expect(m[column: name]?.sdtype == .numerical)
            #expect(m[column: name]?.synthcityDomain == .integer)
        }
        for name in ["workclass", "education", "marital-status", "occupation", "relationship", "race", "sex",
                     "native-country", "income"] {
            #expect(m[column: name]?.sdtype == .categorical)
            #expect(m[column: name]?.synthcityEncoding == .label)
        }
        // SynthCity's categorical_limit on the label-encoded frame ('?' is a code): as in its reference note.
        #expect(m[column: "workclass"]?.synthcityDiscrete == true)     // 8 + ?
        #expect(m[column: "education"]?.synthcityDiscrete == false)    // 16
        #expect(m[column: "occupation"]?.synthcityDiscrete == false)   // 14 + ? = 15
        #expect(m[column: "native-country"]?.synthcityDiscrete == false)
        #expect(m[column: "relationship"]?.synthcityDiscrete == true)
        #expect(m.primaryKey == nil)
    }

    @Test(.enabled(if: adultTestCached, "needs datasets/.cache/adult.test: run scripts/fetch-datasets.sh adult-test"))
    func adultTestLabelsLoseTheirTrailingDot() throws {
        let d = try registry.load("adult-test")
        #expect(d.table.rowCount == 16_281)
        #expect(d.table.columnCount == 15)
        #expect(try #require(try d.table.column(named: "income").categoricalCodes).levels.sorted() == ["<=50K", ">50K"])
    }
}
