import Foundation
import Hummingbird
import Service
import Testing

/// docs/openapi.yaml describes exactly the routes the router registers.
@Suite struct OpenAPITests {
    /// `METHOD /path` for every operation under `paths:` (path keys at two spaces, methods at four).
    static func documented(_ yaml: String) -> Set<String> {
        var out: Set<String> = [], path: String? = nil, inPaths = false
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if !line.hasPrefix(" ") && !line.isEmpty { inPaths = line == "paths:"; continue }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") {
                path = String(line.dropFirst(2).dropLast())
            } else if let p = path, line.hasPrefix("    "), !line.hasPrefix("     "), let colon = line.firstIndex(of: ":") {
                let key = line[line.index(line.startIndex, offsetBy: 4)..<colon]
                if ["get", "put", "post", "delete", "patch", "head", "options"].contains(String(key)) {
                    out.insert("\(key.uppercased()) \(p)")
                }
            }
        }
        return out
    }

    @Test func documentMatchesTheRouter() async throws {
        let yaml = try String(contentsOf: ServiceHarness.fixtures.deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/openapi.yaml"), encoding: .utf8)
        let h = try await ServiceHarness()
        defer { h.removeFiles() }
        let registered = Set(h.service.router().routes.map { "\($0.method.rawValue) \($0.path.description)" })
        #expect(registered.count == 10)
        #expect(registered == Self.documented(yaml), "only in the router: \(registered.subtracting(Self.documented(yaml))); only in the document: \(Self.documented(yaml).subtracting(registered))")
    }

    @Test func readerFindsAMissingOrExtraOperation() {
        // Negative control for the reader: an operation added or a path removed changes the set.
        let doc = "openapi: 3.1.0\npaths:\n  /a:\n    get:\n      summary: x\n    post:\n      x: 1\n  /b/{id}:\n    get:\n      x: 1\ncomponents:\n  x:\n    get: 1\n"
        #expect(Self.documented(doc) == ["GET /a", "POST /a", "GET /b/{id}"])
        #expect(Self.documented(doc.replacingOccurrences(of: "    post:\n      x: 1\n", with: "")) == ["GET /a", "GET /b/{id}"])
    }
}
