import Foundation
import Harness
import Hummingbird
import HummingbirdTesting
import Service
import SynthCore
import SynthTestSupport
import Testing

/// What a spec sent to `POST /v1/runs` may not carry: a choice of what the worker's host executes or reads
/// (``ServerSideField``), a cell without a time limit, or more than the operator's limits (``SubmissionLimits``). Each is a 400 naming the field; the quickstart's spec and
/// inline generalisations are accepted (controls).
@Suite struct SubmittedSpecTests {
    /// `spec` with `extra` keys over ServiceHarness's small spec.
    static func spec(_ extra: [String: JSONValue]) -> JSONValue {
        guard case .object(var o) = ServiceHarness.spec else { return ServiceHarness.spec }
        for (k, v) in extra { o[k] = v }
        return .object(o)
    }

    func post(_ h: ServiceHarness, _ spec: JSONValue, cell: String? = nil) async throws -> TestResponse {
        let headers = try await h.bearer([.submit])
        var body: JSONValue = ["spec": spec]
        if let cell, case .object(var o) = body { o["cell"] = .string(cell); body = .object(o) }
        return try await h.test { [body] in try await $0.execute(uri: "/v1/runs", method: .post, headers: headers,
                                                                 body: try ServiceHarness.body(body)) }
    }

    /// The operator's limits of the tests below: a cell's default time limit (3,600 s), penguins' 344 rows, the small
    /// spec's 8 cells.
    static let limits = SubmissionLimits(timeoutS: 3_600, rows: 1_000, blasThreads: 2, cells: 8, datasetRows: ["penguins": 344])

    /// Each operator limit (`serve --max-timeout --max-blas-threads --max-rows --max-cells`) passed by one: 400, the
    /// key's path, a detail naming the limit and its option, nothing queued.
    @Test(arguments: [
        (["timeout_s": 3_600.5], "spec.timeout_s", "3600.5 s is above this service's limit of 3600 s a cell (serve --max-timeout)"),
        (["blas_threads": 3], "spec.blas_threads", "3 threads is above this service's limit of 2 (serve --max-blas-threads)"),
        (["datasets": ["wine", "penguins@1001"]], "spec.datasets[1]", "'penguins@1001' asks for 1001 rows, above this service's limit of 1000 rows a table (serve --max-rows)"),
        (["rows": 1001], "spec.rows", "1001 rows is above this service's limit of 1000 rows a table"),
        (["rows": "3.0x"], "spec.rows", "is 1032 synthetic rows for 'penguins' (344 rows), above this service's limit of 1000"),
        (["datasets": ["penguins@400"], "rows": "2.6x"], "spec.rows", "is 1040 synthetic rows for 'penguins@400' (400 rows)"),
        (["seeds": [0, 1, 2]], "spec", "the grid has 12 cells, above this service's limit of 8 runs a submission (serve --max-cells)"),
    ] as [([String: JSONValue], String, String)])
    func aSpecPassingAnOperatorLimitIs400WithItsPath(extra: [String: JSONValue], path: String, detail: String) async throws {
        try await expectRefused(extra, path: path, detail: detail, limits: Self.limits)
    }

    /// Control: a spec at every limit exactly is queued, and so is one cell of a grid larger than the cells limit
    /// (a factor on a dataset whose rows are not known is not bounded: wine is not in the limits' table).
    @Test func aSpecAtTheOperatorLimitsIsQueued() async throws {
        let h = try await ServiceHarness(limits: Self.limits)
        defer { h.removeFiles() }
        let atLimits = try await post(h, Self.spec(["timeout_s": 3_600, "blas_threads": 2, "datasets": ["penguins@1000"], "rows": "1.0x"]))
        #expect(atLimits.status == .created, "\(String(buffer: atLimits.body))")
        let factor = try await post(h, Self.spec(["datasets": ["penguins", "wine"], "rows": "2.9x", "seeds": [0]]))
        #expect(factor.status == .created, "\(String(buffer: factor.body))")
        let one = try await post(h, Self.spec(["seeds": [0, 1, 2]]), cell: "penguins__gc__sdv__s2")
        #expect(one.status == .created, "\(String(buffer: one.body))")
        #expect(try await h.queue.list(RunFilter(limit: 100)).count == 8 + 8 + 1)
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
        try await expectRefused(extra, path: path, detail: detail)
    }

    /// The small spec with `extra` is a 400 at `path` whose detail contains `detail`, and nothing is queued.
    func expectRefused(_ extra: [String: JSONValue], path: String, detail: String,
                       limits: SubmissionLimits = SubmissionLimits()) async throws {
        let h = try await ServiceHarness(limits: limits)
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
