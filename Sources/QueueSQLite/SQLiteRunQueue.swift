import Foundation
import GRDB
import Harness

/// The run queue in one SQLite file through GRDB: nothing to start, WAL so readers never wait for the writer,
/// migrations by GRDB's `DatabaseMigrator`. Every change runs in an IMMEDIATE transaction, so two claimers (two
/// processes, or two connections in one) take the write lock in turn and never get the same run. The SQL is
/// ``RunQueueSQL``'s, shared with the PostgreSQL store. docs/queue.md.
package final class SQLiteRunQueue: RunQueue {
    package let path: String
    private let pool: DatabasePool

    /// Opens (creating it and its folder if needed) the database at `path`. Call ``migrate()`` before use.
    package init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        // Another process holding the write lock makes us wait for it, not fail.
        configuration.busyMode = .timeout(30)
        configuration.foreignKeysEnabled = true
        try Self.checkIsQueueOrEmpty(path)
        do {
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw RunQueueError.store("cannot open the SQLite queue at \(path): \(error)")
        }
    }

    package func migrate() async throws {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            for sql in RunQueueSQL.schemaV1(.sqlite) { try db.execute(sql: sql) }
        }
        let m = migrator
        try await storeErrors { try m.migrate(pool) }
    }

    /// A database that holds tables but never had the queue's migrations is another program's: refused before the
    /// pool opens it (the pool would switch it to WAL), so that a mistyped `--database` changes nothing in it.
    private static func checkIsQueueOrEmpty(_ path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        var configuration = Configuration()
        configuration.readonly = true
        let tables: [String]
        do {
            tables = try DatabaseQueue(path: path, configuration: configuration).read { db in
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")
            }
        } catch {
            throw RunQueueError.store("cannot open the SQLite queue at \(path): \(error)")
        }
        guard tables.isEmpty || tables.contains("grdb_migrations") else {
            throw RunQueueError.store("sqlite:\(path) is not a run queue: it is a SQLite database with other tables (\(tables.prefix(5).joined(separator: ", "))\(tables.count > 5 ? ", ..." : "")); "
                + "give the queue a file of its own (nothing was changed in this one)")
        }
    }

    package func submit(_ submissions: [RunSubmission], now: Date) async throws -> [Int64] {
        for s in submissions where s.maxAttempts < 1 {
            throw RunQueueError.invalidSubmission("cell \(s.cellID): max attempts must be at least 1, got \(s.maxAttempts)")
        }
        let statements = try submissions.map { try RunQueueSQL.insert($0, now: now) }
        return try await transaction { db in
            try statements.map { statement in
                guard let id = try Int64.fetchOne(db, sql: statement.sql, arguments: Self.arguments(statement)) else {
                    throw RunQueueError.store("insert into runs returned no id")
                }
                return id
            }
        }
    }

    package func claim(worker: String, lease: TimeInterval, now: Date) async throws -> QueuedRun? {
        try await transaction { db in
            try Self.execute(RunQueueSQL.failExhausted(now: now, .sqlite), db)
            let next = RunQueueSQL.nextClaimable(now: now, .sqlite)
            guard let id = try Int64.fetchOne(db, sql: next.sql, arguments: Self.arguments(next)) else { return nil }
            return try Self.fetchRun(RunQueueSQL.markClaimed(id, worker: worker, lease: lease, now: now), db)
        }
    }

    package func heartbeat(run id: Int64, worker: String, lease: TimeInterval, now: Date) async throws -> RunStatus {
        try await transaction { db in
            let run = try RunQueueRules.checkHeld(try Self.fetchRun(RunQueueSQL.select(id), db), id: id, by: worker)
            if run.status == .running { try Self.execute(RunQueueSQL.extendLease(id, lease: lease, now: now), db) }
            return run.status
        }
    }

    package func finish(run id: Int64, worker: String, outcome: RunCompletion, now: Date) async throws {
        try await transaction { db in
            let run = try RunQueueRules.checkHeld(try Self.fetchRun(RunQueueSQL.select(id), db), id: id, by: worker)
            guard outcome.status.isFinal else { throw RunQueueError.invalidTransition(run: id, from: run.status, to: outcome.status) }
            for s in RunQueueSQL.finish(id, outcome: outcome, keepCancelled: run.status == .cancelled, now: now) {
                try Self.execute(s, db)
            }
        }
    }

    package func release(run id: Int64, worker: String, countAttempt: Bool, now: Date) async throws {
        try await transaction { db in
            let run = try RunQueueRules.checkHeld(try Self.fetchRun(RunQueueSQL.select(id), db), id: id, by: worker)
            try Self.execute(RunQueueSQL.release(id, wasCancelled: run.status == .cancelled, countAttempt: countAttempt, now: now), db)
        }
    }

    package func cancel(run id: Int64, now: Date) async throws -> RunStatus {
        try await transaction { db in
            guard let run = try Self.fetchRun(RunQueueSQL.select(id), db) else { throw RunQueueError.unknownRun(id) }
            guard !run.status.isFinal else { return run.status }
            try Self.execute(RunQueueSQL.cancel(id, wasQueued: run.status == .queued, now: now), db)
            return .cancelled
        }
    }

    package func retry(run id: Int64, now: Date) async throws {
        try await transaction { db in
            try RunQueueRules.checkRetryable(try Self.fetchRun(RunQueueSQL.select(id), db), id: id, now: now)
            for s in RunQueueSQL.requeue(id) { try Self.execute(s, db) }
        }
    }

    package func run(_ id: Int64) async throws -> QueuedRun? {
        try await storeErrors { try await pool.read { db in try Self.fetchRun(RunQueueSQL.select(id), db) } }
    }

    package func list(_ filter: RunFilter) async throws -> [QueuedRun] {
        let s = RunQueueSQL.list(filter)
        return try await storeErrors {
            try await pool.read { db in
                try Row.fetchAll(db, sql: s.sql, arguments: Self.arguments(s)).map(Self.decodeRun)
            }
        }
    }

    package func metrics(run id: Int64) async throws -> [RunMetric] {
        try await rows(of: id, RunQueueSQL.metrics(id)) { RunMetric(name: $0[0], value: $0[1]) }
    }

    package func artifacts(run id: Int64) async throws -> [RunArtifact] {
        try await rows(of: id, RunQueueSQL.artifacts(id)) { RunArtifact(kind: $0[0], path: $0[1], sha256: $0[2], bytes: $0[3]) }
    }

    package func counts() async throws -> [RunStatus: Int] {
        try await storeErrors {
            try await pool.read { db in
                var counts = Dictionary(uniqueKeysWithValues: RunStatus.allCases.map { ($0, 0) })
                for row in try Row.fetchAll(db, sql: RunQueueSQL.counts.sql) {
                    if let status = RunStatus(rawValue: row[0]) { counts[status] = row[1] }
                }
                return counts
            }
        }
    }

    // MARK: - GRDB plumbing

    /// The rows `s` selects for run `id` (which must exist), each read by `read`.
    private func rows<T: Sendable>(of id: Int64, _ s: RunQueueSQL.Statement,
                                   _ read: @escaping @Sendable (Row) -> T) async throws -> [T] {
        try await storeErrors {
            try await pool.read { db in
                guard try Self.fetchRun(RunQueueSQL.select(id), db) != nil else { throw RunQueueError.unknownRun(id) }
                return try Row.fetchAll(db, sql: s.sql, arguments: Self.arguments(s)).map(read)
            }
        }
    }

    /// Runs `body` in an IMMEDIATE transaction (the write lock taken at BEGIN, so a claim never reads a run
    /// another claimer is about to take), committing when it returns.
    private func transaction<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await storeErrors {
            try await pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        }
    }

    /// Queue errors pass through; GRDB's become ``RunQueueError/store(_:)`` naming the file.
    private func storeErrors<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let error as RunQueueError { throw error } catch {
            throw RunQueueError.store("SQLite \(path): \(error)")
        }
    }

    private static func arguments(_ s: RunQueueSQL.Statement) -> StatementArguments {
        StatementArguments(s.arguments.map { value -> (any DatabaseValueConvertible)? in
            switch value {
            case .int(let v): return v
            case .double(let v): return v
            case .text(let v): return v
            case .null: return nil
            }
        })
    }

    private static func execute(_ s: RunQueueSQL.Statement, _ db: Database) throws {
        try db.execute(sql: s.sql, arguments: arguments(s))
    }

    private static func fetchRun(_ s: RunQueueSQL.Statement, _ db: Database) throws -> QueuedRun? {
        try Row.fetchOne(db, sql: s.sql, arguments: arguments(s)).map(decodeRun)
    }

    private static func decodeRun(_ row: Row) throws -> QueuedRun {
        try RunQueueSQL.run { i in
            switch row[i] as DatabaseValue {
            case let v where v.isNull: return .null
            case let v: switch v.storage {
                case .int64(let x): return .int(x)
                case .double(let x): return .double(x)
                case .string(let x): return .text(x)
                case .blob, .null: return .null
                }
            }
        }
    }
}
