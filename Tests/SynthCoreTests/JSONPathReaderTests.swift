import Foundation
import SynthCore
import Testing

/// The located errors every hand-written file format relies on: each names the file and the JSON path.
struct JSONPathReaderTests {
    let r = JSONPathReader(source: "spec.json")

    /// The error `body` throws (nil when it throws none, or another type).
    func error(_ body: () throws -> Void) -> JSONPathError? {
        do { try body(); return nil } catch { return error as? JSONPathError }
    }

    @Test func paths() {
        #expect(JSONPathReader.member("", "rows") == "rows")
        #expect(JSONPathReader.member("params.gc", "epochs") == "params.gc.epochs")
        #expect(JSONPathReader.element("methods", 2) == "methods[2]")
    }

    @Test func descriptionsNameFileAndPath() {
        #expect(r.fail("methods[2]", "unknown").description == "spec.json: methods[2]: unknown")
        #expect(r.fail("", "empty").description == "spec.json: empty")
    }

    @Test func syntaxErrorsAreLocatedByLineAndColumn() throws {
        let e = error { _ = try r.parse(Data("{\n  \"a\": [1 2]\n}".utf8)) }
        #expect(e?.path == "")
        #expect(e?.message == "not valid JSON: line 2, column 11: unexpected '2'; expected ',' or ']'", "\(String(describing: e))")
        // Negative control: valid text parses to the value.
        #expect(try r.parse(Data(#"{"a": [1, 2]}"#.utf8)) == ["a": [1, 2]])
    }

    @Test func wrongKindsNameThePathAndWhatCame() throws {
        #expect(error { _ = try r.object(.array([]), "params") }?.description == "spec.json: params: expected an object, got a list")
        #expect(error { _ = try r.bool(.number(1), "x.y") }?.message == "expected true or false, got a number")
        #expect(error { _ = try r.strings(["a", 3], "suites") }?.path == "suites[1]")
        #expect(error { _ = try r.strings([], "suites") }?.message == "must not be empty")
        #expect(try r.strings([], "suites", allowEmpty: true).isEmpty)
        #expect(error { _ = try r.int(2.5, "jobs", 1...4) }?.message == "expected an integer in 1...4, got a number")
        #expect(error { _ = try r.int(9, "jobs", 1...4) }?.message == "9 is out of range; allowed: 1...4")
        #expect(try r.int(3, "jobs", 1...4) == 3)
        #expect(error { _ = try r.number(-1, "holdout", expected: "a share", where: { $0 >= 0 }) }?.message == "expected a share")
        #expect(try r.number(0.5, "holdout", expected: "a share", where: { $0 >= 0 }) == 0.5)
    }

    @Test func unknownAndRepeatedEntries() throws {
        let o: [String: JSONValue] = ["window": 3, "_note": "x", "size": 1]
        #expect(error { try r.checkKeys(o, allowed: ["window"], at: "monitor", ignoringPrefix: "_") }?.description
                == "spec.json: monitor.size: unknown key; allowed keys: window")
        #expect(error { try r.checkKeys(o, allowed: ["window"], at: "monitor") }?.path == "monitor._note")
        try r.checkKeys(["window": 3], allowed: ["window"], at: "monitor")
        #expect(error { try r.unique(["a", "b", "a"], "seeds") }?.description == "spec.json: seeds[2]: 'a' repeats seeds[0]")
        try r.unique(["a", "b"], "seeds")
    }

    /// Required and optional keys, and strings from a fixed set of values.
    @Test func requiredOptionalAndChoice() throws {
        enum Storage: String, CaseIterable { case committed, cache }
        let o: [String: JSONValue] = ["path": "a.csv", "licence": .null]
        #expect(try r.required(o, "path", at: "file") == "a.csv")
        #expect(error { _ = try r.required(o, "sha256", at: "file") }?.description == "spec.json: file.sha256: missing; this key is required")
        #expect(try r.optional(o["licence"]) { v throws(JSONPathError) in try r.string(v, "licence") } == nil)
        #expect(try r.optional(o["absent"]) { v throws(JSONPathError) in try r.string(v, "absent") } == nil)
        #expect(try r.optional(o["path"]) { v throws(JSONPathError) in try r.string(v, "path") } == "a.csv")
        #expect(error { _ = try r.optional(JSONValue.number(1)) { v throws(JSONPathError) in try r.string(v, "x") } }?.path == "x")
        #expect(try r.choice("cache", "file.storage", Storage.self) == .cache)
        #expect(error { _ = try r.choice("disk", "file.storage", Storage.self) }?.message == "'disk' is not allowed; allowed: committed, cache")
        #expect(error { _ = try r.choice(3, "file.storage", Storage.self) }?.message == "expected a string, got a number")
        // One object's keys and optional fields.
        #expect(try r.object(["path": "a"], "file", allowedKeys: ["path"]) == ["path": "a"])
        #expect(error { _ = try r.object(["paht": "a"], "file", allowedKeys: ["path"]) }?.path == "file.paht")
        #expect(try r.optionalString(o, "path", at: "file") == "a.csv" && r.optionalString(o, "licence", at: "file") == nil)
        #expect(error { _ = try r.optionalString(["n": 1], "n", at: "file") }?.path == "file.n")
        #expect(try r.optionalBool(["b": true], "b", at: "x") == true && r.optionalBool([:], "b", at: "x") == nil)
        #expect(error { _ = try r.optionalBool(["b": "yes"], "b", at: "x") }?.message == "expected true or false, got a string")
    }

    @Test func unreadableFilesNameTheFile() {
        let url = URL(fileURLWithPath: "/nonexistent/dir/spec.json")
        let e = error { _ = try JSONPathReader.load(contentsOf: url, describeReadFailure: { _ in "No such file" }) }
        #expect(e?.description == "/nonexistent/dir/spec.json: cannot read the file: No such file")
    }
}
