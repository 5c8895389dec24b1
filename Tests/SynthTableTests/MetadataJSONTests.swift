import Foundation
import SynthCore
import Testing
@testable import SynthTable
import SynthTestSupport

/// The metadata JSON format: complete round trip, hand-written overrides, and the errors they can raise.
@Suite struct MetadataJSONTests {
    let table: Table = try! Table(columns: [
        .integer("row", Array(0..<20)),
        .numerical("age", (0..<20).map { 20 + Double($0) * 1.5 }),
        .categorical("email", (0..<20).map { "p\($0 % 4)@x.org" }),
        .categorical("colour", (0..<20).map { $0 == 3 ? nil : ["red", "green", "blue"][$0 % 3] }),
        .boolean("member", (0..<20).map { $0 % 2 == 0 }),
        .datetime("joined", (0..<20).map { Double($0) * 86400 }),
        .integer("label", (0..<20).map { $0 % 2 }),
    ])

    func overrides(_ json: String) throws -> MetadataDocument { try MetadataDocument.decode(Data(json.utf8)) }

    func expectError(_ expected: MetadataError, _ json: String) {
        #expect(throws: expected) { try Metadata.detect(from: table, overrides: try overrides(json)) }
    }

    /// Reading `json` fails at JSON path `path` of `<input>` with a message starting with `prefix`.
    func expectLocated(_ path: String, _ prefix: String, _ json: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try overrides(json)
            Issue.record("no error for \(json)", sourceLocation: sourceLocation)
        } catch let MetadataError.file(e) {
            #expect(e.source == "<input>" && e.path == path && e.message.hasPrefix(prefix), "\(e)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func detectedMetadataRoundTripsThroughJSON() throws {
        var m = Metadata.detect(from: table)
        m = try m.applying(try overrides(#"{"synthbench": {"target": "label", "task": "classification"}}"#))
        let data = m.jsonData()
        #expect(try Metadata.decode(data) == m)
        #expect(try JSONDecoder().decode(Metadata.self, from: try JSONEncoder().encode(m)) == m)
        // Deterministic bytes.
        #expect(m.jsonData() == (try Metadata.decode(data)).jsonData())
        // The SDV part is SDV's single-table layout.
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["METADATA_SPEC_VERSION"] as? String == "SINGLE_TABLE_V1")
        #expect(object["primary_key"] as? String == "row")
        let columns = try #require(object["columns"] as? [String: [String: Any]])
        #expect(columns["row"]?["sdtype"] as? String == "id")
        #expect(columns["email"]?["sdtype"] as? String == "email")
        #expect(columns["email"]?["pii"] as? Bool == true)
        #expect(columns["joined"]?["datetime_format"] as? String == "%Y-%m-%d")
        #expect(columns["age"]?["pii"] == nil)
    }

    @Test func overridesChangeOnlyWhatTheyName() throws {
        let detected = Metadata.detect(from: table)
        let m = try Metadata.detect(from: table, overrides: try overrides("""
        {
          "columns": {
            "age": {"sdtype": "numerical", "computer_representation": "Float"},
            "email": {"sdtype": "categorical"},
            "label": {"sdtype": "categorical"}
          },
          "primary_key": null,
          "synthbench": {
            "target": "label", "task": "classification",
            "columns": [{"name": "age", "synthcity_domain": "integer"}, {"name": "member", "synthcity_discrete": false}]
          }
        }
        """))
        #expect(m[column: "email"]?.sdtype == .categorical)
        #expect(m[column: "email"]?.pii == false)
        #expect(m[column: "age"]?.computerRepresentation == "Float")
        #expect(m[column: "age"]?.synthcityDomain == .integer)
        #expect(m[column: "member"]?.synthcityDiscrete == false)
        #expect(m.primaryKey == nil)
        #expect(m.target == "label")
        #expect(m.task == .classification)
        #expect(m[column: "colour"] == detected[column: "colour"])
        #expect(m[column: "joined"] == detected[column: "joined"])
    }

    @Test func overridingToAPIISdtypeSetsPIIUnlessGiven() throws {
        let m = try Metadata.detect(from: table, overrides: try overrides(#"{"columns": {"colour": {"sdtype": "first_name"}, "age": {"sdtype": "latitude", "pii": false}}}"#))
        #expect(m[column: "colour"]?.sdtype == .firstName)
        #expect(m[column: "colour"]?.pii == true)
        #expect(m[column: "age"]?.pii == false)
    }

    @Test func primaryKeyOverride() throws {
        let m = try Metadata.detect(from: table, overrides: try overrides(#"{"columns": {"email": {"sdtype": "id"}, "row": {"sdtype": "numerical"}}, "primary_key": "email"}"#))
        #expect(m.primaryKey == "email")
        // A key must be id or PII (SDV's rule).
        expectError(.invalidKey(key: "primary_key", column: "age", sdtype: .numerical), #"{"primary_key": "age"}"#)
        // Demoting the detected key's sdtype without clearing the key is an error too.
        expectError(.invalidKey(key: "primary_key", column: "row", sdtype: .numerical), #"{"columns": {"row": {"sdtype": "numerical"}}}"#)
    }

    @Test func errorsNameTheKey() {
        let names = table.columnNames
        expectError(.unknownColumn(key: "columns", column: "agee", available: names), #"{"columns": {"agee": {"sdtype": "numerical"}}}"#)
        expectError(.unknownColumn(key: "primary_key", column: "nope", available: names), #"{"primary_key": "nope"}"#)
        expectError(.unknownColumn(key: "synthbench.target", column: "lbl", available: names), #"{"synthbench": {"target": "lbl", "task": "classification"}}"#)
        expectError(.unknownColumn(key: "synthbench.columns", column: "x", available: names), #"{"synthbench": {"columns": [{"name": "x"}]}}"#)
        expectError(.unknownSdtype(column: "age", value: "numeric"), #"{"columns": {"age": {"sdtype": "numeric"}}}"#)
        expectLocated("columns.age.colour", "unknown key; allowed keys: sdtype, pii,", #"{"columns": {"age": {"sdtype": "numerical", "colour": 1}}}"#)
        expectLocated("primry_key", "unknown key", #"{"primry_key": "row"}"#)
        expectLocated("synthbench.tagret", "unknown key; allowed keys: target, task, columns", #"{"synthbench": {"tagret": "label"}}"#)
        expectLocated("synthbench.columns[0].domain", "unknown key", #"{"synthbench": {"columns": [{"name": "age", "domain": "float"}]}}"#)
        expectError(.attributeNotAllowed(column: "age", attribute: "datetime_format", sdtype: .numerical),
                    #"{"columns": {"age": {"datetime_format": "%Y"}}}"#)
        expectError(.attributeNotAllowed(column: "colour", attribute: "pii", sdtype: .categorical),
                    #"{"columns": {"colour": {"pii": true}}}"#)
        expectError(.invalidValue(path: "synthbench.columns.age.synthcity_domain", value: "real",
                                  allowed: SynthCityDomain.allCases.map(\.rawValue)),
                    #"{"synthbench": {"columns": [{"name": "age", "synthcity_domain": "real"}]}}"#)
        expectError(.invalidValue(path: "synthbench.task", value: "clustering", allowed: LearningTask.allCases.map(\.rawValue)),
                    #"{"synthbench": {"target": "label", "task": "clustering"}}"#)
        expectError(.kindMismatch(column: "age", declared: .integer, actual: .numerical),
                    #"{"synthbench": {"columns": [{"name": "age", "kind": "integer"}]}}"#)
        expectError(.inconsistentTarget("target 'label' needs a task (synthbench.task: classification, regression or survival)"),
                    #"{"synthbench": {"target": "label"}}"#)
        expectError(.inconsistentTarget("task 'regression' needs a target column (synthbench.target)"),
                    #"{"synthbench": {"task": "regression"}}"#)
        expectError(.duplicateColumn(key: "synthbench.columns", column: "age"),
                    #"{"synthbench": {"columns": [{"name": "age"}, {"name": "age"}]}}"#)
        expectError(.invalidValue(path: "columns.joined.datetime_format", value: "%a %d %Y",
                                  allowed: ["a strftime layout of %Y %m %d %H %M %S %f %b %B and literal text"]),
                    #"{"columns": {"joined": {"datetime_format": "%a %d %Y"}}}"#)
    }

    @Test func unsupportedSDVFeaturesAndBadJSON() throws {
        expectLocated("primary_key", "not supported: composite primary keys (a list)", #"{"primary_key": ["a", "b"]}"#)
        expectLocated("sequence_key", "not supported: SynthBench handles single, non-sequential tables", #"{"sequence_key": "row"}"#)
        _ = try overrides(#"{"sequence_key": null, "column_relationships": []}"#)
        // Wrong JSON types, at every level, and malformed JSON (located by line and column).
        expectLocated("columns.age.sdtype", "expected a string, got a number", #"{"columns": {"age": {"sdtype": 3}}}"#)
        expectLocated("columns.age.pii", "expected true or false, got a string", #"{"columns": {"age": {"pii": "yes"}}}"#)
        expectLocated("columns.age.order[1]", "expected a string, got a number", #"{"columns": {"age": {"order": ["a", 2]}}}"#)
        expectLocated("columns", "expected an object, got a list", #"{"columns": []}"#)
        expectLocated("primary_key", "expected a column name or null, got a number", #"{"primary_key": 3}"#)
        expectLocated("alternate_keys", "expected a list of strings, got a string", #"{"alternate_keys": "row"}"#)
        expectLocated("synthbench.columns", "expected a list of column objects, got an object", #"{"synthbench": {"columns": {}}}"#)
        expectLocated("synthbench.columns[1].name", "missing", #"{"synthbench": {"columns": [{"name": "age"}, {"kind": "integer"}]}}"#)
        expectLocated("synthbench.columns[0].synthcity_discrete", "expected true or false", #"{"synthbench": {"columns": [{"name": "age", "synthcity_discrete": 1}]}}"#)
        expectLocated("", "expected an object, got a list", "[]")
        expectLocated("", "not valid JSON: line 1, column", "{\"columns\": ")
        // Passing counterparts: nulls are "not given", empty lists are allowed.
        let doc = try overrides(#"{"columns": {"age": {"sdtype": "numerical", "pii": null, "order": []}}, "alternate_keys": [], "synthbench": null}"#)
        #expect(doc.columns?["age"] == .init(sdtype: "numerical", order: []) && doc.alternateKeys == [] && doc.synthbench == nil)
        #expect(throws: MetadataError.invalidValue(path: "METADATA_SPEC_VERSION", value: "SINGLE_TABLE_V2", allowed: ["SINGLE_TABLE_V1", "V1"])) {
            try Metadata.detect(from: table, overrides: try overrides(#"{"METADATA_SPEC_VERSION": "SINGLE_TABLE_V2"}"#))
        }
    }

    /// SDV's current `Metadata.save_to_json` writes a multi-table layout; one table is read as that table.
    @Test func sdvMultiTableFileWithOneTable() throws {
        let doc = try overrides("""
        {"METADATA_SPEC_VERSION": "V1", "relationships": [],
         "tables": {"people": {"columns": {"email": {"sdtype": "email", "pii": true}, "age": {"sdtype": "numerical"}},
                               "primary_key": "email"}}}
        """)
        let m = try Metadata.detect(from: table, overrides: doc)
        #expect(m.primaryKey == "email")
        #expect(m[column: "email"]?.sdtype == .email)
        expectLocated("tables", "not supported: expected exactly one table, found 2", #"{"tables": {"a": {}, "b": {}}}"#)
        expectLocated("relationships", "not supported: SynthBench handles single tables",
                      #"{"tables": {"a": {}}, "relationships": [{"parent_table_name": "a"}]}"#)
        expectLocated("tables.people.columns.age.sdtyp", "unknown key", #"{"tables": {"people": {"columns": {"age": {"sdtyp": "x"}}}}}"#)
        expectLocated("tablez", "unknown key; allowed keys: tables, relationships, METADATA_SPEC_VERSION", #"{"tables": {"a": {}}, "tablez": 1}"#)
    }

    @Test func completeDocumentIsRequiredWithoutATable() throws {
        var doc = Metadata.detect(from: table).document
        doc.synthbench?.columns?[1].synthcityEncoding = nil
        #expect(throws: MetadataError.incomplete(column: "age", missing: "synthcity_encoding")) { try Metadata(document: doc) }
        doc = Metadata.detect(from: table).document
        doc.columns?["extra"] = .init(sdtype: "numerical")
        #expect(throws: MetadataError.incomplete(column: "extra", missing: "synthbench.columns entry")) { try Metadata(document: doc) }
    }
}

extension MetadataJSONTests {
    /// A `--metadata` file's errors name the file; an unreadable file says so.
    @Test func fileErrorsNameTheFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("metadata-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(#"{"columns": {"age": {"sdtype": "numerical"}}, "synthbench": {"target": 7}}"#.utf8).write(to: url)
        #expect(throws: MetadataError.file(JSONPathError(source: url.path, path: "synthbench.target",
                                                         message: "expected a string, got a number"))) {
            try MetadataDocument.read(contentsOf: url)
        }
        #expect(MetadataError.file(JSONPathError(source: url.path, path: "synthbench.target", message: "m")).description
                == "metadata file \(url.path): synthbench.target: m")
        try Data(#"{"columns": {"age": {"sdtype": "numerical"}}}"#.utf8).write(to: url)
        #expect(try MetadataDocument.read(contentsOf: url).columns?["age"]?.sdtype == "numerical")
        let missing = url.appendingPathExtension("absent")
        do { _ = try MetadataDocument.read(contentsOf: missing); Issue.record("read a missing file") } catch {
            guard case .file(let e) = error else { Issue.record("unexpected \(error)"); return }
            #expect(e.source == missing.path && e.path == "" && e.message.hasPrefix("cannot read the file"))
        }
    }

    /// The example in docs/metadata.md is a valid document.
    @Test func documentedExampleApplies() throws {
        let doc = try String(contentsOf: RepositoryPaths.root.appendingPathComponent("docs/metadata.md"), encoding: .utf8)
        let start = try #require(doc.range(of: "```json\n"))
        let end = try #require(doc.range(of: "\n```", range: start.upperBound..<doc.endIndex))
        let example = try MetadataDocument.decode(Data(doc[start.upperBound..<end.lowerBound].utf8))
        let n = 12
        let customers = try Table(columns: [
            .categorical("customer_id", (0..<n).map { "C\(100000 + $0)" }),
            .integer("age", (0..<n).map { 20 + $0 }),
            .categorical("email", (0..<n).map { "c\($0)@x.org" }),
            .datetime("signup", (0..<n).map { Double($0) * 86400 }),
            .categorical("plan", (0..<n).map { ["basic", "pro"][$0 % 2] }),
            .categorical("zip", (0..<n).map { "0213\($0 % 10)" }),
            .boolean("churned", (0..<n).map { $0 % 3 == 0 }),
        ])
        let m = try Metadata.detect(from: customers, overrides: example)
        #expect(m.primaryKey == "customer_id")
        #expect(m[column: "customer_id"]?.regexFormat == "C[0-9]{6}")
        #expect(m[column: "age"]?.synthcityDomain == .integer)
        #expect(m[column: "plan"]?.orderBy == "alphabetical")
        #expect(m.target == "churned")
    }
}
