import Foundation
import Harness
import Hummingbird
import HummingbirdTesting
import Service
import SynthCore
import SynthTestSupport
import Testing

/// What a spec sent to `POST /v1/runs` may not carry: a choice of what the worker's host executes or reads
/// (``ServerSideField``) or a cell without a time limit. Each is a 400 naming the field; the quickstart's spec and
/// inline generalisations are accepted (controls).
@Suite struct SubmittedSpecTests {
    /// `spec` with `extra` keys over ServiceHarness's small spec.
    static func spec(_ extra: [String: JSONValue]) -> JSONValue {
        guard case .object(var o) = ServiceHarness.spec else { return ServiceHarness.spec }
        for (k, v) in extra { o[k] = v }
        return .object(o)
    }

    func post(_ h: ServiceHarness, _ spec: JSONValue) async throws -> TestResponse {
        let headers = try await h.bearer([.submit])
        return try await h.test { try await $0.execute(uri: "/v1/runs", method: .post, headers: headers,
                                                       body: try ServiceHarness.body(["spec": spec])) }
    }

    /// Each refused field: 400, its path, a detail that says why and what to do instead, nothing queued.
    @Test(arguments: [
        (["python": "/usr/bin/python3"], "spec.python", "each worker's SYNTHBENCH_PYTHON"),
        (["python": ["synthcity-python": "/tmp/x"]], "spec.python", "a worker would run that path on its host"),
        (["quasi_identifiers": ["sex", "island:prefix=1", "species:hierarchy=/etc/passwd@1"]], "spec.quasi_identifiers[2]",
         "Use an inline rule (interval=W[@O], cuts=a|b|c, prefix=N, truncate=year|month|day)"),
        (["quasi_identifiers": ["island:hierarchy=../../secrets.csv@0"]], "spec.quasi_identifiers[0]", "a worker would read that path"),
        (["timeout_s": nil], "spec.timeout_s", "may not lift the per-cell time limit"),
    ] as [([String: JSONValue], String, String)])
    func refusedFieldsAre400WithTheirPath(extra: [String: JSONValue], path: String, detail: String) async throws {
        let h = try await ServiceHarness()
        defer { h.removeFiles() }
        let response = try await post(h, Self.spec(extra))
        #expect(response.status == .badRequest)
        let problem = try ServiceHarness.json(response)
        #expect(problem["path"] == .string(path), "\(problem)")
        #expect(problem["detail"]?.stringValue?.contains(detail) == true, "\(problem)")
        #expect(try await h.queue.list(RunFilter()).isEmpty)
    }

    /// Control: inline generalisations (they read no file), an explicit `python: null` and a numeric time limit are
    /// accepted and travel to the workers as written.
    @Test func inlineGeneralisationsAreAccepted() async throws {
        let h = try await ServiceHarness()
        defer { h.removeFiles() }
        let qis: JSONValue = ["sex", "island:prefix=2", "body_mass_g:interval=500@100", "bill_length_mm:cuts=40|50"]
        let response = try await post(h, Self.spec(["quasi_identifiers": qis, "python": nil, "timeout_s": 86_400]))
        #expect(response.status == .created, "\(String(buffer: response.body))")
        let stored = try #require(try await h.queue.list(RunFilter(limit: 1)).first)
        #expect(stored.submission.spec["quasi_identifiers"] == qis)
        #expect(stored.submission.spec["timeout_s"] == 86_400)
    }

    /// Control: the quickstart's spec (written for `synthbench run`) is accepted, in the group `run` would use. Its
    /// `thresholds` (a file only `synthbench check` reads) is dropped: a submitter's path would be one on the server.
    @Test func theQuickstartSpecIsAcceptedWithoutItsThresholdFile() async throws {
        let h = try await ServiceHarness(availableDatasets: nil)
        defer { h.removeFiles() }
        let file = RepositoryPaths.path("experiments/quickstart.json")
        let text = try Data(contentsOf: file)
        let quickstart = try SynthJSON.decoder().decode(JSONValue.self, from: text)
        #expect(quickstart["thresholds"] == "thresholds.json")
        let response = try await post(h, quickstart)
        #expect(response.status == .created, "\(String(buffer: response.body))")
        let local = try ExperimentSpec.load(contentsOf: file, availableDatasets: nil)
        let stored = try await h.queue.list(RunFilter(limit: 1000))
        #expect(stored.count == local.cells.count)
        #expect(stored.allSatisfy { $0.submission.group == local.defaultRunID && $0.submission.spec["thresholds"] == .null })
    }
}
