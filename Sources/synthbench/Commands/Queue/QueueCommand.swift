import ArgumentParser
import Foundation
import Harness
import SynthCore
import SynthTable

/// `synthbench queue submit|list|show|cancel|retry` (docs/queue.md).
struct QueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "Submit grid cells to the run queue, list and inspect runs, cancel or retry them.",
        subcommands: [QueueSubmitCommand.self, QueueListCommand.self, QueueShowCommand.self, QueueCancelCommand.self,
                      QueueRetryCommand.self])
}

struct QueueSubmitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Enqueue every cell of a grid spec (or the cells named with --cell) for `synthbench worker`.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var location: DatasetsLocation
    @OptionGroup var db: DatabaseOption
    @Argument(help: "The grid spec (JSON).") var spec: String
    @Option(help: "Only this cell (repeatable), e.g. penguins__gc__sdv__s0.") var cell: [String] = []
    @Option(name: .customLong("run-id"), help: "The group the results land under (default: <experiment>-<spec hash>, as `run`).") var runID: String?
    @Option(name: .customLong("max-attempts"), parsing: .unconditional, help: "Claims allowed before a crashed or abandoned run fails.") var maxAttempts: Int = 3
    @Option(name: .customLong("keep-synthetic"), help: "Keep each cell's synthetic table (csv or parquet) as an artifact (the spec's keep_synthetic).")
    var keepSynthetic: KeptSynthetic?

    func validate() throws {
        if maxAttempts < 1 { throw ValidationError("--max-attempts must be at least 1, got \(maxAttempts)") }
    }

    func run() async throws {
        global.apply()
        var loaded = try ExperimentSpec.load(contentsOf: URL(fileURLWithPath: spec), availableDatasets: try location.registry().names)
        if let keepSynthetic { loaded.keepSynthetic = keepSynthetic }
        print(try await Self.submit(loaded, group: runID, cells: cell, maxAttempts: maxAttempts, queue: try await db.open()))
    }

    /// Enqueues the cells and says where their results will land (shared with `run SPEC --queue`).
    static func submit(_ spec: ExperimentSpec, group: String?, cells: [String] = [], maxAttempts: Int = 3,
                       queue: any RunQueue) async throws -> String {
        let submissions = try RunSubmission.grid(spec, group: group, cells: cells, maxAttempts: maxAttempts)
        let ids = try await queue.submit(submissions, now: Date())
        let range = ids.isEmpty ? "" : " (ids \(ids.first!)-\(ids.last!))"
        return "queued \(ids.count) cells of \(spec.name) as group \(submissions.first?.group ?? group ?? spec.defaultRunID)\(range); "
            + "results land in RESULTS/\(spec.name)/\(submissions.first?.group ?? "")/ (start `synthbench worker`)"
    }
}

struct QueueListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List runs, newest first.")

    @OptionGroup var db: DatabaseOption
    @Option(help: "Only runs with this status (queued, running, succeeded, failed, cancelled).") var status: String?
    @Option(help: "Only runs of this group.") var group: String?
    @Option(parsing: .unconditional, help: "At most this many runs (at least 1).") var limit: Int = 50

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit must be at least 1, got \(limit)") }
    }

    func run() async throws {
        var filter = RunFilter(group: group, limit: limit)
        if let status {
            guard let s = RunStatus(rawValue: status) else {
                throw ValidationError("--status must be one of \(RunStatus.allCases.map(\.rawValue).joined(separator: ", ")), got '\(status)'")
            }
            filter.status = s
        }
        let queue = try await db.open(existing: true)
        let runs = try await queue.list(filter)
        let rows = runs.map { r in
            [String(r.id), r.status.rawValue, "\(r.attempt)/\(r.submission.maxAttempts)", r.submission.group, r.submission.cellID,
             r.leaseOwner ?? "-", r.error.map { String($0.split(separator: "\n").first ?? "").prefix(60) }.map(String.init) ?? ""]
        }
        print(TextTable(header: ["id", "status", "attempt", "group", "cell", "worker", "error"], rows: rows).rendered)
        let counts = try await queue.counts()
        print(RunStatus.allCases.map { "\($0.rawValue) \(counts[$0, default: 0])" }.joined(separator: ", "))
    }
}

struct QueueShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "One run: its state, metrics and artifacts (JSON).")

    @OptionGroup var db: DatabaseOption
    @Argument(help: "The run id.") var id: Int64

    func run() async throws {
        let queue = try await db.open(existing: true)
        guard let run = try await queue.run(id) else { throw RunQueueError.unknownRun(id) }
        var object: [String: JSONValue] = [
            "id": .number(Double(run.id)), "group": .string(run.submission.group), "cell_id": .string(run.submission.cellID),
            "status": .string(run.status.rawValue), "attempt": .number(Double(run.attempt)),
            "max_attempts": .number(Double(run.submission.maxAttempts)),
        ]
        let times: [(String, Date?)] = [("created_at", run.createdAt), ("started_at", run.startedAt), ("heartbeat_at", run.heartbeatAt),
                                        ("lease_expires_at", run.leaseExpiresAt), ("finished_at", run.finishedAt)]
        for (key, date) in times { object[key] = date.map { .string(ISO8601DateFormatter().string(from: $0)) } ?? .null }
        object["lease_owner"] = run.leaseOwner.map(JSONValue.string) ?? .null
        object["error"] = run.error.map(JSONValue.string) ?? .null
        object["metrics"] = .object(Dictionary(uniqueKeysWithValues: try await queue.metrics(run: id).map { ($0.name, JSONValue.number($0.value)) }))
        object["artifacts"] = .array(try await queue.artifacts(run: id).map {
            .object(["kind": .string($0.kind), "path": .string($0.path), "sha256": .string($0.sha256), "bytes": .number(Double($0.bytes))])
        })
        print(try SynthJSON.string(JSONValue.object(object), pretty: true))
    }
}

struct QueueCancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel", abstract: "Cancel a queued or running run (a running cell gets SIGTERM from its worker).")

    @OptionGroup var db: DatabaseOption
    @Argument(help: "The run id.") var id: Int64

    func run() async throws {
        let status = try await db.open(existing: true).cancel(run: id, now: Date())
        // A finished run keeps its status: say so and fail, as the service's 409 does.
        guard status == .cancelled else {
            throw RunQueueError.invalidTransition(run: id, from: status, to: .cancelled)
        }
        print("run \(id): cancelled")
    }
}

struct QueueRetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry", abstract: "Queue a failed or cancelled run again, with fresh attempts.")

    @OptionGroup var db: DatabaseOption
    @Argument(help: "The run id.") var id: Int64

    func run() async throws {
        try await db.open(existing: true).retry(run: id, now: Date())
        print("run \(id): queued")
    }
}
