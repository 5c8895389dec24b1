import Foundation
import Harness
import Hummingbird
import HummingbirdTesting
import Service
import SynthCore
import Testing

/// The runs routes against the in-memory queue: submit, list, show, cancel, retry, and their refusals.
@Suite struct RunRoutesTests {
    @Test func submittingAWholeSpecQueuesEveryCell() async throws {
        let h = try await ServiceHarness()
        defer { h.removeFiles() }
        let headers = try await h.bearer([.submit, .read])
        let response = try await h.test { try await $0.execute(uri: "/v1/runs", method: .post, headers: headers,
                                                                 body: try ServiceHarness.body(["spec": ServiceHarness.spec])) }
        #expect(response.status == .created)
        let runs = try ServiceHarness.json(response)["runs"]?.arrayValue ?? []
        // 1 dataset x 2 methods x 2 backends x 2 seeds, in the grid's order.
        #expect(runs.count == 8)
        #expect(runs.first?["cell"] == "penguins__gc__sdv__s0")
        #expect(runs.last?["cell"] == "penguins__uniform__synthcity__s1")
        #expect(runs.allSatisfy { $0["status"] == "queued" && $0["attempt"] == 0 && $0["max_attempts"] == 3 })
        let stored = try await h.queue.list(RunFilter(limit: 100))
        #expect(stored.count == 8)
        let group = try #require(stored.first?.submission.group)
        #expect(group.hasPrefix("svc-") && group.count == "svc-".count + 10)  // <name>-<content hash>
        // The queued spec is the normalized one: defaults written out.
        #expect(stored.first?.submission.spec["timeout_s"] == .number(ExperimentSpec.defaultTimeoutS))
    }

    @Test func submittingOneCellWithGroupAndAttempts() async throws {
        let h = try await ServiceHarness()
        defer { h.removeFiles() }
        let headers = try await h.bearer([.submit])
        let response = try await h.test { try await $0.execute(uri: "/v1/runs", method: .post, headers: headers, body: try ServiceHarness.body(
            ["spec": ServiceHarness.spec, "cell": "penguins__uniform__sdv__s1", "group": "nightly", "max_attempts": 5])) }
        #expect(response.status == .created)
        let run = try #require(try await h.queue.run(1))
        #expect(run.submission.cellID == "penguins__uniform__sdv__s1")
        #expect(run.submission.group == "nightly")
        #expect(run.submission.maxAttempts == 5)
        #expect(try await h.queue.list(RunFilter()).count == 1)
    }

    /// Each bad body: the status, and the JSON path the problem names.
    @Test(arguments: [
        ("{\"spec\": ", nil as String?),
        ("[]", nil),
        ("{}", "spec"),
        ("{\"spec\": 3}", "spec"),
        ("{\"spec\": {}, \"colour\": 1}", "colour"),
        ("{\"spec\": {\"name\": \"x\", \"datasets\": [\"penguins\"], \"methods\": [\"gc\", \"nosuch\"]}}", "spec.methods[1]"),
        ("{\"spec\": {\"name\": \"x\", \"datasets\": [\"atlantis\"], \"methods\": [\"gc\"]}}", "spec.datasets[0]"),
        ("{\"spec\": {\"name\": \"x\", \"datasets\": [\"penguins\"], \"methods\": [\"gc\"]}, \"cell\": \"nope\"}", "cell"),
        ("{\"spec\": {\"name\": \"x\", \"datasets\": [\"penguins\"], \"methods\": [\"gc\"]}, \"group\": \"../up\"}", "group"),
        ("{\"spec\": {\"name\": \"x\", \"datasets\": [\"penguins\"], \"methods\": [\"gc\"]}, \"max_attempts\": 0}", "max_attempts"),
    ])
    func badSubmissionsAre400WithTheirPath(body: String, path: String?) async throws {
        let h = try await ServiceHarness()
        defer { h.removeFiles() }
        let headers = try await h.bearer([.submit])
        let response = try await h.test { try await $0.execute(uri: "/v1/runs", method: .post, headers: headers, body: ByteBuffer(string: body)) }
        #expect(response.status == .badRequest)
        #expect(response.headers[.contentType] == "application/problem+json")
        let problem = try ServiceHarness.json(response)
        #expect(problem["path"] == path.map { .string($0) } ?? nil, "\(problem)")
        #expect(problem["status"] == 400)
        #expect(try await h.queue.list(RunFilter()).isEmpty)
    }

    @Test func oversizeBodiesAre413AndNothingIsQueued() async throws {
        let h = try await ServiceHarness(bodyLimit: 4096)
        defer { h.removeFiles() }
        let headers = try await h.bearer([.submit])
        // A valid submission padded past the limit with a long group-free spec name.
        var spec = ServiceHarness.spec
        if case .object(var o) = spec { o["name"] = .string(String(repeating: "n", count: 5000)); spec = .object(o) }
        let big = try ServiceHarness.body(["spec": spec])
        #expect(big.readableBytes > 4096)
        let response = try await h.test { try await $0.execute(uri: "/v1/runs", method: .post, headers: headers, body: big) }
        #expect(response.status == .contentTooLarge)
        #expect(try ServiceHarness.json(response)["detail"] == "the request body is larger than the limit of 4096 bytes")
        #expect(try await h.queue.list(RunFilter()).isEmpty)
        // Control: the same submission under the limit is accepted.
        let small = try await h.test { try await $0.execute(uri: "/v1/runs", method: .post, headers: headers,
                                                              body: try ServiceHarness.body(["spec": ServiceHarness.spec])) }
        #expect(small.status == .created)
    }

    @Test func listFiltersByStatusAndGroupNewestFirst() async throws {
        let h = try await ServiceHarness()
        defer { h.removeFiles() }
        let spec = ServiceHarness.spec, now = Date(timeIntervalSince1970: 1_000_000)
        _ = try await h.queue.submit((0..<3).map { RunSubmission(spec: spec, cellID: "c\($0)", group: "a") }
                                     + (0..<2).map { RunSubmission(spec: spec, cellID: "d\($0)", group: "b") }, now: now)
        _ = try await h.queue.cancel(run: 2, now: now)
        let headers = try await h.bearer([.read])
        func ids(_ query: String) async throws -> [Double] {
            let r = try await h.test { try await $0.execute(uri: "/v1/runs\(query)", method: .get, headers: headers) }
            #expect(r.status == .ok)
            return (try ServiceHarness.json(r)["runs"]?.arrayValue ?? []).compactMap { $0["id"]?.doubleValue }
        }
        #expect(try await ids("") == [5, 4, 3, 2, 1])
        #expect(try await ids("?group=a") == [3, 2, 1])
        #expect(try await ids("?status=queued&group=a") == [3, 1])
        #expect(try await ids("?status=cancelled") == [2])
        #expect(try await ids("?limit=2") == [5, 4])
        for bad in ["?status=done", "?limit=0", "?limit=1001", "?limit=x"] {
            let r = try await h.test { try await $0.execute(uri: "/v1/runs\(bad)", method: .get, headers: headers) }
            #expect(r.status == .badRequest, "\(bad)")
        }
    }

    @Test func showGivesTimingsErrorAndMetrics() async throws {
        let h = try await ServiceHarness()
        defer { h.removeFiles() }
        let t0 = Date(timeIntervalSince1970: 1_700_000_000)
        _ = try await h.queue.submit([RunSubmission(spec: ServiceHarness.spec, cellID: "penguins__gc__sdv__s0", group: "g")], now: t0)
        _ = try await h.queue.claim(worker: "w1", lease: 30, now: t0.addingTimeInterval(4))
        try await h.queue.finish(run: 1, worker: "w1", outcome: RunCompletion(status: .succeeded, metrics: [
            RunMetric(name: "sdmetrics.quality_score", value: 0.75), RunMetric(name: "payload.mia_auc", value: 0.5),
        ]), now: t0.addingTimeInterval(14.5))
        let headers = try await h.bearer([.read])
        let r = try await h.test { try await $0.execute(uri: "/v1/runs/1", method: .get, headers: headers) }
        #expect(r.status == .ok)
        let run = try ServiceHarness.json(r)
        #expect(run["status"] == "succeeded")
        #expect(run["attempt"] == 1)
        #expect(run["created_at"] == "2023-11-14T22:13:20Z")
        #expect(run["started_at"] == "2023-11-14T22:13:24Z")
        #expect(run["queue_wait_s"] == 4)
        #expect(run["duration_s"] == 10.5)
        #expect(run["metrics"] == ["sdmetrics.quality_score": 0.75, "payload.mia_auc": 0.5])
        #expect(run["error"] == nil || run["error"] == .null)
        for (uri, status) in [("/v1/runs/2", HTTPResponse.Status.notFound), ("/v1/runs/abc", .badRequest), ("/v1/runs/-1", .badRequest)] {
            let r = try await h.test { try await $0.execute(uri: uri, method: .get, headers: headers) }
            #expect(r.status == status, "\(uri)")
        }
    }

    @Test func cancelAndRetryFollowTheQueueRules() async throws {
        let h = try await ServiceHarness()
        defer { h.removeFiles() }
        let t0 = Date(timeIntervalSince1970: 1_700_000_000)
        _ = try await h.queue.submit((0..<3).map { RunSubmission(spec: ServiceHarness.spec, cellID: "c\($0)", group: "g") }, now: t0)
        let admin = try await h.bearer([.admin])
        func post(_ uri: String) async throws -> (HTTPResponse.Status, JSONValue) {
            let r = try await h.test { try await $0.execute(uri: uri, method: .post, headers: admin) }
            return (r.status, try ServiceHarness.json(r))
        }
        // queued -> cancelled, twice is a no-op
        #expect(try await post("/v1/runs/1/cancel").1["status"] == "cancelled")
        #expect(try await post("/v1/runs/1/cancel").0 == .ok)
        // cancelled -> queued by retry
        #expect(try await post("/v1/runs/1/retry").1["status"] == "queued")
        // retrying a queued run is a conflict that says which runs retry takes (it said 'cannot go from queued to queued')
        let (retryStatus, retryProblem) = try await post("/v1/runs/1/retry")
        #expect(retryStatus == .conflict)
        #expect(retryProblem["detail"]?.stringValue == "run 1 is queued; only a failed or cancelled run can be retried")
        // a succeeded run cannot be cancelled
        let claimed = try #require(try await h.queue.claim(worker: "w", lease: 60, now: t0))
        try await h.queue.finish(run: claimed.id, worker: "w", outcome: RunCompletion(status: .succeeded), now: t0)
        let (status, problem) = try await post("/v1/runs/\(claimed.id)/cancel")
        #expect(status == .conflict)
        #expect(problem["detail"]?.stringValue == "run \(claimed.id) already succeeded; only queued or running runs can be cancelled")
        #expect(try await h.queue.run(claimed.id)?.status == .succeeded)
        #expect(try await post("/v1/runs/\(claimed.id)/retry").1["detail"]?.stringValue
                == "run \(claimed.id) already succeeded; only a failed or cancelled run can be retried")
        // unknown runs
        #expect(try await post("/v1/runs/99/cancel").0 == .notFound)
        #expect(try await post("/v1/runs/99/retry").0 == .notFound)
    }

    @Test func healthAndReadiness() async throws {
        let h = try await ServiceHarness()
        defer { h.removeFiles() }
        let (health, ready) = try await h.test { client in
            (try await client.execute(uri: "/healthz", method: .get), try await client.execute(uri: "/readyz", method: .get))
        }
        #expect(health.status == .ok && ready.status == .ok)
        #expect(try ServiceHarness.json(ready)["status"] == "ready")
        // Liveness names the version and the build the settings carry (loose16b, 1: it said only "ok").
        #expect(try ServiceHarness.json(health) == ["status": "ok", "version": .string(SynthBenchVersion.string),
            "build": ["commit": "0123456789abcdef0123456789abcdef01234567", "dirty": true, "configuration": "debug"]])
        // A store that fails: readiness says 503, liveness still 200. Its settings name another build (no git): the
        // build comes from the settings, an unknown commit is null.
        var settings = h.service.settings
        settings.build = BuildStamp(commit: nil, dirty: nil, configuration: "release")
        let broken = SynthBenchService(queue: FailingQueue(), verifier: h.service.verifier, settings: settings,
                                       availableDatasets: nil)
        let app = Application(router: broken.router())
        let (h2, r2) = try await app.test(.router) { client in
            (try await client.execute(uri: "/healthz", method: .get), try await client.execute(uri: "/readyz", method: .get).status)
        }
        #expect(h2.status == .ok && r2 == .serviceUnavailable)
        #expect(try ServiceHarness.json(h2)["build"] == ["commit": .null, "dirty": .null, "configuration": "release"])
    }

    @Test func everyResponseCarriesARequestIDAndOneLogLine() async throws {
        let h = try await ServiceHarness()
        defer { h.removeFiles() }
        let (a, b, c) = try await h.test { client in
            (try await client.execute(uri: "/healthz", method: .get, headers: [.init("X-Request-Id")!: "client-id-1"]),
             try await client.execute(uri: "/v1/runs", method: .get),
             try await client.execute(uri: "/healthz", method: .get, headers: [.init("X-Request-Id")!: "bad id with spaces"]))
        }
        #expect(a.headers[.init("X-Request-Id")!] == "client-id-1")
        let generated = try #require(b.headers[.init("X-Request-Id")!])
        #expect(generated.count == 36)
        #expect(try ServiceHarness.json(b)["request_id"] == .string(generated))
        #expect(c.headers[.init("X-Request-Id")!] != "bad id with spaces")
        let lines = h.logs.lines.filter { $0.message == "request" }
        #expect(lines.count == 3)
        let refused = try #require(lines.first { $0.metadata["request_id"] == generated })
        #expect(refused.metadata["method"] == "GET")
        #expect(refused.metadata["path"] == "/v1/runs")
        #expect(refused.metadata["status"] == "401")
        #expect(Double(refused.metadata["duration_ms"] ?? "") != nil)
    }
}

/// A store that never answers, for readiness.
struct FailingQueue: RunQueue {
    struct Down: Error {}
    func migrate() async throws { throw Down() }
    func submit(_ submissions: [RunSubmission], now: Date) async throws -> [Int64] { throw Down() }
    func claim(worker: String, lease: TimeInterval, now: Date) async throws -> QueuedRun? { throw Down() }
    func heartbeat(run: Int64, worker: String, lease: TimeInterval, now: Date) async throws -> RunStatus { throw Down() }
    func finish(run: Int64, worker: String, outcome: RunCompletion, now: Date) async throws { throw Down() }
    func cancel(run: Int64, now: Date) async throws -> RunStatus { throw Down() }
    func release(run: Int64, worker: String, countAttempt: Bool, now: Date) async throws { throw Down() }
    func retry(run: Int64, now: Date) async throws { throw Down() }
    func run(_ id: Int64) async throws -> QueuedRun? { throw Down() }
    func list(_ filter: RunFilter) async throws -> [QueuedRun] { throw Down() }
    func metrics(run: Int64) async throws -> [RunMetric] { throw Down() }
    func artifacts(run: Int64) async throws -> [RunArtifact] { throw Down() }
    func counts() async throws -> [RunStatus: Int] { throw Down() }
}
