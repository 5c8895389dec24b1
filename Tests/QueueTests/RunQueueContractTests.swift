import Foundation
import Harness
import SynthCore
import Testing

/// One contract, every store: the rules of docs/queue.md, with time passed in (no clocks, no sleeps).
@Suite struct RunQueueContractTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    func submission(_ cell: String, group: String = "g", attempts: Int = 3) -> RunSubmission {
        RunSubmission(spec: .object(["name": .string("contract"), "cell": .string(cell)]), cellID: cell, group: group,
                      maxAttempts: attempts)
    }

    @Test(arguments: StoreKind.allCases)
    func submitClaimsOldestFirstAndCounts(_ kind: StoreKind) async throws {
        guard let s = try await TestStore.make(kind, label: "claim") else { return }
        defer { s.removeFiles() }
        let q = s.queue
        let ids = try await q.submit([submission("a"), submission("b"), submission("c")], now: t0)
        #expect(ids.count == 3 && Set(ids).count == 3 && ids == ids.sorted())
        let run = try #require(try await q.claim(worker: "w1", lease: 30, now: t0.addingTimeInterval(1)))
        #expect(run.id == ids[0])
        #expect(run.submission == submission("a"))
        #expect(run.status == .running && run.attempt == 1 && run.leaseOwner == "w1")
        #expect(run.leaseExpiresAt == t0.addingTimeInterval(31))
        #expect(run.startedAt == t0.addingTimeInterval(1) && run.createdAt == t0)
        let second = try #require(try await q.claim(worker: "w2", lease: 30, now: t0.addingTimeInterval(2)))
        #expect(second.id == ids[1])
        let counts = try await q.counts()
        #expect(counts == [.queued: 1, .running: 2, .succeeded: 0, .failed: 0, .cancelled: 0])
        #expect(try await q.run(ids[2])?.status == .queued)
        #expect(try await q.run(999_999) == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func invalidSubmissionIsRefusedWhole(_ kind: StoreKind) async throws {
        guard let s = try await TestStore.make(kind, label: "invalid") else { return }
        defer { s.removeFiles() }
        await #expect(throws: RunQueueError.self) {
            try await s.queue.submit([submission("a"), submission("b", attempts: 0)], now: t0)
        }
        #expect(try await s.queue.list(RunFilter()).isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func heartbeatExtendsTheLeaseOnlyForItsHolder(_ kind: StoreKind) async throws {
        guard let s = try await TestStore.make(kind, label: "heartbeat") else { return }
        defer { s.removeFiles() }
        let q = s.queue
        let id = try await q.submit([submission("a")], now: t0)[0]
        _ = try await q.claim(worker: "w1", lease: 10, now: t0)
        #expect(try await q.heartbeat(run: id, worker: "w1", lease: 10, now: t0.addingTimeInterval(8)) == .running)
        let run = try #require(try await q.run(id))
        #expect(run.leaseExpiresAt == t0.addingTimeInterval(18) && run.heartbeatAt == t0.addingTimeInterval(8))
        // Still held at t0+15 thanks to the heartbeat: nothing to claim.
        #expect(try await q.claim(worker: "w2", lease: 10, now: t0.addingTimeInterval(15)) == nil)
        await #expect(throws: RunQueueError.leaseLost(run: id, worker: "w2")) {
            try await q.heartbeat(run: id, worker: "w2", lease: 10, now: t0)
        }
        await #expect(throws: RunQueueError.unknownRun(424_242)) {
            try await q.heartbeat(run: 424_242, worker: "w1", lease: 10, now: t0)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func finishStoresMetricsAndArtifactsOnce(_ kind: StoreKind) async throws {
        guard let s = try await TestStore.make(kind, label: "finish") else { return }
        defer { s.removeFiles() }
        let q = s.queue
        let id = try await q.submit([submission("a")], now: t0)[0]
        _ = try await q.claim(worker: "w1", lease: 10, now: t0)
        await #expect(throws: RunQueueError.invalidTransition(run: id, from: .running, to: .queued)) {
            try await q.finish(run: id, worker: "w1", outcome: RunCompletion(status: .queued), now: t0)
        }
        let metrics = [RunMetric(name: "quality.overall", value: 0.875), RunMetric(name: "privacy.mia_auc", value: 0.5)]
        let artifacts = [RunArtifact(kind: "result_json", path: "g/cells/a.json", sha256: String(repeating: "ab", count: 32), bytes: 1234)]
        try await q.finish(run: id, worker: "w1", outcome: RunCompletion(status: .succeeded, metrics: metrics, artifacts: artifacts),
                           now: t0.addingTimeInterval(5))
        let run = try #require(try await q.run(id))
        #expect(run.status == .succeeded && run.leaseOwner == nil && run.finishedAt == t0.addingTimeInterval(5) && run.error == nil)
        #expect(try await q.metrics(run: id).sorted { $0.name < $1.name } == metrics.sorted { $0.name < $1.name })
        #expect(try await q.artifacts(run: id) == artifacts)
        // A second finish (a duplicate report) is refused and changes nothing.
        await #expect(throws: RunQueueError.leaseLost(run: id, worker: "w1")) {
            try await q.finish(run: id, worker: "w1", outcome: RunCompletion(status: .failed, error: "late"), now: t0)
        }
        #expect(try await q.run(id)?.status == .succeeded)
        await #expect(throws: RunQueueError.unknownRun(777_777)) { try await q.metrics(run: 777_777) }
        await #expect(throws: RunQueueError.unknownRun(777_777)) { try await q.artifacts(run: 777_777) }
    }

    @Test(arguments: StoreKind.allCases)
    func expiredLeaseIsReclaimedAndTheOldHolderIsRefused(_ kind: StoreKind) async throws {
        guard let s = try await TestStore.make(kind, label: "expiry") else { return }
        defer { s.removeFiles() }
        let q = s.queue
        let id = try await q.submit([submission("a")], now: t0)[0]
        _ = try await q.claim(worker: "w1", lease: 10, now: t0)
        #expect(try await q.claim(worker: "w2", lease: 10, now: t0.addingTimeInterval(9.5)) == nil)
        let again = try #require(try await q.claim(worker: "w2", lease: 10, now: t0.addingTimeInterval(10)))
        #expect(again.id == id && again.attempt == 2 && again.leaseOwner == "w2")
        await #expect(throws: RunQueueError.leaseLost(run: id, worker: "w1")) {
            try await q.heartbeat(run: id, worker: "w1", lease: 10, now: t0.addingTimeInterval(11))
        }
        await #expect(throws: RunQueueError.leaseLost(run: id, worker: "w1")) {
            try await q.finish(run: id, worker: "w1", outcome: RunCompletion(status: .succeeded), now: t0.addingTimeInterval(11))
        }
        try await q.finish(run: id, worker: "w2", outcome: RunCompletion(status: .succeeded), now: t0.addingTimeInterval(12))
        #expect(try await q.run(id)?.status == .succeeded)
    }

    @Test(arguments: StoreKind.allCases)
    func exhaustedAttemptsFailTheRun(_ kind: StoreKind) async throws {
        guard let s = try await TestStore.make(kind, label: "attempts") else { return }
        defer { s.removeFiles() }
        let q = s.queue
        let id = try await q.submit([submission("a", attempts: 2)], now: t0)[0]
        #expect(try await q.claim(worker: "w1", lease: 10, now: t0)?.attempt == 1)
        #expect(try await q.claim(worker: "w2", lease: 10, now: t0.addingTimeInterval(10))?.attempt == 2)
        #expect(try await q.claim(worker: "w3", lease: 10, now: t0.addingTimeInterval(20)) == nil)
        let run = try #require(try await q.run(id))
        #expect(run.status == .failed && run.attempt == 2 && run.leaseOwner == nil)
        #expect(run.error == "lease expired on attempt 2 of 2 (worker w2 stopped answering)")
        #expect(run.finishedAt == t0.addingTimeInterval(20))
    }

    @Test(arguments: StoreKind.allCases)
    func cancelledWhileRunningStaysCancelled(_ kind: StoreKind) async throws {
        guard let s = try await TestStore.make(kind, label: "cancel") else { return }
        defer { s.removeFiles() }
        let q = s.queue
        let ids = try await q.submit([submission("a"), submission("b")], now: t0)
        _ = try await q.claim(worker: "w1", lease: 10, now: t0)
        #expect(try await q.cancel(run: ids[1], now: t0.addingTimeInterval(1)) == .cancelled)   // queued
        #expect(try await q.cancel(run: ids[0], now: t0.addingTimeInterval(2)) == .cancelled)   // running
        // The holder learns it on its next heartbeat, and its report is accepted but the run stays cancelled.
        #expect(try await q.heartbeat(run: ids[0], worker: "w1", lease: 10, now: t0.addingTimeInterval(3)) == .cancelled)
        // A cancelled run is never claimed, even once its lease is long gone.
        #expect(try await q.claim(worker: "w2", lease: 10, now: t0.addingTimeInterval(100)) == nil)
        let metrics = [RunMetric(name: "timings.fit", value: 1.5)]
        try await q.finish(run: ids[0], worker: "w1", outcome: RunCompletion(status: .succeeded, metrics: metrics), now: t0.addingTimeInterval(4))
        let run = try #require(try await q.run(ids[0]))
        #expect(run.status == .cancelled && run.leaseOwner == nil && run.finishedAt == t0.addingTimeInterval(4))
        #expect(try await q.metrics(run: ids[0]) == metrics)
        #expect(try await q.run(ids[1])?.finishedAt == t0.addingTimeInterval(1))
        #expect(try await q.cancel(run: ids[0], now: t0) == .cancelled)
        await #expect(throws: RunQueueError.unknownRun(31_337)) { try await q.cancel(run: 31_337, now: t0) }
    }

    @Test(arguments: StoreKind.allCases)
    func finishedRunsKeepTheirStatusAndRetryRequeues(_ kind: StoreKind) async throws {
        guard let s = try await TestStore.make(kind, label: "retry") else { return }
        defer { s.removeFiles() }
        let q = s.queue
        let ids = try await q.submit([submission("a"), submission("b")], now: t0)
        _ = try await q.claim(worker: "w1", lease: 10, now: t0)
        await #expect(throws: RunQueueError.invalidTransition(run: ids[0], from: .running, to: .queued)) {
            try await q.retry(run: ids[0], now: t0)
        }
        await #expect(throws: RunQueueError.invalidTransition(run: ids[1], from: .queued, to: .queued)) {
            try await q.retry(run: ids[1], now: t0)
        }
        try await q.finish(run: ids[0], worker: "w1",
                           outcome: RunCompletion(status: .failed, error: "boom", metrics: [RunMetric(name: "x", value: 1)]), now: t0)
        #expect(try await q.cancel(run: ids[0], now: t0) == .failed)
        try await q.retry(run: ids[0], now: t0.addingTimeInterval(1))
        let run = try #require(try await q.run(ids[0]))
        #expect(run.status == .queued && run.attempt == 0 && run.error == nil && run.startedAt == nil && run.finishedAt == nil)
        #expect(try await q.metrics(run: ids[0]).isEmpty)
        #expect(try await q.claim(worker: "w2", lease: 10, now: t0.addingTimeInterval(2))?.id == ids[0])
        // Cancelled while running: not retryable until its worker reports or its lease runs out.
        #expect(try await q.cancel(run: ids[0], now: t0.addingTimeInterval(3)) == .cancelled)
        await #expect(throws: RunQueueError.invalidTransition(run: ids[0], from: .running, to: .queued)) {
            try await q.retry(run: ids[0], now: t0.addingTimeInterval(4))
        }
        try await q.retry(run: ids[0], now: t0.addingTimeInterval(12))   // w2 died: its lease ended at t0+12
        #expect(try await q.run(ids[0])?.status == .queued)
        await #expect(throws: RunQueueError.unknownRun(55_555)) { try await q.retry(run: 55_555, now: t0) }
    }

    @Test(arguments: StoreKind.allCases)
    func listFiltersNewestFirst(_ kind: StoreKind) async throws {
        guard let s = try await TestStore.make(kind, label: "list") else { return }
        defer { s.removeFiles() }
        let q = s.queue
        let ids = try await q.submit([submission("a", group: "g1"), submission("b", group: "g2"), submission("c", group: "g1")], now: t0)
        _ = try await q.claim(worker: "w", lease: 10, now: t0)
        #expect(try await q.list(RunFilter()).map(\.id) == ids.reversed())
        #expect(try await q.list(RunFilter(group: "g1")).map(\.id) == [ids[2], ids[0]])
        #expect(try await q.list(RunFilter(status: .queued)).map(\.id) == [ids[2], ids[1]])
        #expect(try await q.list(RunFilter(status: .running, group: "g2")).isEmpty)
        #expect(try await q.list(RunFilter(limit: 1)).map(\.id) == [ids[2]])
        #expect(try await q.list(RunFilter(limit: 0)).isEmpty)
    }

    /// Two claimers, each with its own connection (the in-memory store: two tasks on one actor), drain 200 runs
    /// concurrently: the union of their claims is every run and their intersection is empty.
    @Test(arguments: StoreKind.allCases)
    func twoClaimersRacingClaimEachRunExactlyOnce(_ kind: StoreKind) async throws {
        guard let s = try await TestStore.make(kind, label: "race") else { return }
        defer { s.removeFiles() }
        let count = 200
        let ids = try await s.queue.submit((0..<count).map { submission("c\($0)") }, now: t0)
        let first = s.queue
        let second = try await s.another()
        let now = t0
        func drain(_ q: any RunQueue, _ worker: String) async throws -> [Int64] {
            var claimed: [Int64] = []
            while let run = try await q.claim(worker: worker, lease: 600, now: now) {
                claimed.append(run.id)
                try await q.finish(run: run.id, worker: worker, outcome: RunCompletion(status: .succeeded), now: now)
            }
            return claimed
        }
        async let a = drain(first, "w1")
        async let b = drain(second, "w2")
        let (claimedA, claimedB) = try await (a, b)
        #expect(Set(claimedA).isDisjoint(with: claimedB))
        #expect((claimedA + claimedB).sorted() == ids.sorted())
        #expect(claimedA.count + claimedB.count == count)
        #expect(try await s.queue.counts()[.succeeded] == count)
        print("race (\(kind.rawValue)): w1 claimed \(claimedA.count), w2 \(claimedB.count) of \(count)")
    }
}
