import Foundation
import Harness
import Logging
import PostgresNIO

/// The run queue in PostgreSQL through postgres-nio, for workers on many machines. A claim is one transaction:
/// `SELECT ... FOR UPDATE SKIP LOCKED` takes the oldest claimable row that no other claimer holds, and the update
/// that marks it running commits with it. Migrations are numbered in a `schema_migrations` table under an
/// advisory lock, so workers starting together migrate once. The SQL is ``RunQueueSQL``'s, shared with the
/// SQLite store. Connections use TLS as the URL's `sslmode` says (``PostgresTLS``). docs/queue.md.
package final class PostgresRunQueue: RunQueue {
    package let location: QueueDatabase.PostgresLocation
    private let tls: PostgresTLS
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    private let logger: Logger

    /// Connects lazily: the first operation opens the connections (at most `maxConnections`). Call ``migrate()`` first.
    /// Throws when the TLS settings cannot be used (a root certificate file that cannot be read).
    package init(_ location: QueueDatabase.PostgresLocation, maxConnections: Int = 4,
                 logger: Logger = Logger(label: "synthbench.queue.postgres")) throws {
        self.location = location
        self.logger = logger
        tls = try PostgresTLS(location)
        var configuration = PostgresClient.Configuration(host: location.host, port: location.port, username: location.user,
                                                         password: location.password, database: location.database, tls: tls.client)
        configuration.options.maximumConnections = maxConnections
        // The pool's background chatter (including a warning when the first query races `run()` starting) stays out
        // of the commands' output; errors still show.
        var background = logger
        background.logLevel = .error
        let client = PostgresClient(configuration: configuration, backgroundLogger: background)
        self.client = client
        runner = Task { await client.run() }
    }

    deinit { runner.cancel() }

    /// The schema versions, each a list of statements; a database records the ones it has in `schema_migrations`.
    static let migrations: [[String]] = [RunQueueSQL.schemaV1(.postgres)]

    /// Connects once outside the pool first, so that a connection that cannot be made (a certificate that does not
    /// verify, a wrong password, no server) fails here with its cause: the pool would retry for a minute and then
    /// report only that it gave up.
    package func migrate() async throws {
        try await probe()
        try await transaction { c in
            // One migrator at a time across every worker: the lock is released with the transaction.
            try await Self.query("SELECT 1 FROM pg_advisory_xact_lock(1500715)", c)
            try await Self.query("CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at DOUBLE PRECISION NOT NULL)", c)
            let rows = try await Self.rows(RunQueueSQL.Statement("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"), c)
            guard case .int(let applied)? = rows.first?.first else { throw RunQueueError.store("cannot read schema_migrations") }
            for (index, statements) in Self.migrations.enumerated() where Int64(index + 1) > applied {
                for sql in statements { try await Self.query(sql, c) }
                try await Self.execute(RunQueueSQL.Statement("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                                                             [.int(Int64(index + 1)), .init(Date())]), c)
            }
        }
    }

    package func submit(_ submissions: [RunSubmission], now: Date) async throws -> [Int64] {
        for s in submissions where s.maxAttempts < 1 {
            throw RunQueueError.invalidSubmission("cell \(s.cellID): max attempts must be at least 1, got \(s.maxAttempts)")
        }
        let statements = try submissions.map { try RunQueueSQL.insert($0, now: now) }
        return try await transaction { c in
            var ids: [Int64] = []
            for s in statements {
                guard case .int(let id)? = try await Self.rows(s, c).first?.first else {
                    throw RunQueueError.store("insert into runs returned no id")
                }
                ids.append(id)
            }
            return ids
        }
    }

    package func claim(worker: String, lease: TimeInterval, now: Date) async throws -> QueuedRun? {
        try await transaction { c in
            try await Self.execute(RunQueueSQL.failExhausted(now: now, .postgres), c)
            guard case .int(let id)? = try await Self.rows(RunQueueSQL.nextClaimable(now: now, .postgres), c).first?.first else {
                return nil
            }
            return try await Self.fetchRun(RunQueueSQL.markClaimed(id, worker: worker, lease: lease, now: now), c)
        }
    }

    package func heartbeat(run id: Int64, worker: String, lease: TimeInterval, now: Date) async throws -> RunStatus {
        try await transaction { c in
            let run = try RunQueueRules.checkHeld(try await Self.fetchRun(RunQueueSQL.select(id, locking: .postgres), c),
                                                  id: id, by: worker)
            if run.status == .running { try await Self.execute(RunQueueSQL.extendLease(id, lease: lease, now: now), c) }
            return run.status
        }
    }

    package func finish(run id: Int64, worker: String, outcome: RunCompletion, now: Date) async throws {
        try await transaction { c in
            let run = try RunQueueRules.checkHeld(try await Self.fetchRun(RunQueueSQL.select(id, locking: .postgres), c),
                                                  id: id, by: worker)
            guard outcome.status.isFinal else { throw RunQueueError.invalidTransition(run: id, from: run.status, to: outcome.status) }
            for s in RunQueueSQL.finish(id, outcome: outcome, keepCancelled: run.status == .cancelled, now: now) {
                try await Self.execute(s, c)
            }
        }
    }

    package func release(run id: Int64, worker: String, countAttempt: Bool, now: Date) async throws {
        try await transaction { c in
            let run = try RunQueueRules.checkHeld(try await Self.fetchRun(RunQueueSQL.select(id, locking: .postgres), c),
                                                  id: id, by: worker)
            try await Self.execute(RunQueueSQL.release(id, wasCancelled: run.status == .cancelled, countAttempt: countAttempt,
                                                       now: now), c)
        }
    }

    package func cancel(run id: Int64, now: Date) async throws -> RunStatus {
        try await transaction { c in
            guard let run = try await Self.fetchRun(RunQueueSQL.select(id, locking: .postgres), c) else {
                throw RunQueueError.unknownRun(id)
            }
            guard !run.status.isFinal else { return run.status }
            try await Self.execute(RunQueueSQL.cancel(id, wasQueued: run.status == .queued, now: now), c)
            return .cancelled
        }
    }

    package func retry(run id: Int64, now: Date) async throws {
        try await transaction { c in
            try RunQueueRules.checkRetryable(try await Self.fetchRun(RunQueueSQL.select(id, locking: .postgres), c),
                                             id: id, now: now)
            for s in RunQueueSQL.requeue(id) { try await Self.execute(s, c) }
        }
    }

    package func run(_ id: Int64) async throws -> QueuedRun? {
        try await connection { c in try await Self.fetchRun(RunQueueSQL.select(id), c) }
    }

    package func list(_ filter: RunFilter) async throws -> [QueuedRun] {
        try await connection { c in
            try await Self.rows(RunQueueSQL.list(filter), c).map { row in try RunQueueSQL.run { row[$0] } }
        }
    }

    package func metrics(run id: Int64) async throws -> [RunMetric] {
        try await connection { c in
            guard try await Self.fetchRun(RunQueueSQL.select(id), c) != nil else { throw RunQueueError.unknownRun(id) }
            return try await Self.rows(RunQueueSQL.metrics(id), c).map { row in
                guard case .text(let name) = row[0], case .double(let value) = row[1] else {
                    throw RunQueueError.store("metrics of run \(id): unexpected column types")
                }
                return RunMetric(name: name, value: value)
            }
        }
    }

    package func artifacts(run id: Int64) async throws -> [RunArtifact] {
        try await connection { c in
            guard try await Self.fetchRun(RunQueueSQL.select(id), c) != nil else { throw RunQueueError.unknownRun(id) }
            return try await Self.rows(RunQueueSQL.artifacts(id), c).map { row in
                guard case .text(let kind) = row[0], case .text(let path) = row[1], case .text(let sha) = row[2],
                      case .int(let bytes) = row[3] else {
                    throw RunQueueError.store("run_artifacts of run \(id): unexpected column types")
                }
                return RunArtifact(kind: kind, path: path, sha256: sha, bytes: bytes)
            }
        }
    }

    package func counts() async throws -> [RunStatus: Int] {
        try await connection { c in
            var counts = Dictionary(uniqueKeysWithValues: RunStatus.allCases.map { ($0, 0) })
            for row in try await Self.rows(RunQueueSQL.counts, c) {
                if case .text(let s) = row[0], let status = RunStatus(rawValue: s), case .int(let n) = row[1] { counts[status] = Int(n) }
            }
            return counts
        }
    }

    /// The TLS version of this store's connections (`TLSv1.3`), nil when they are plain (PostgreSQL's `pg_stat_ssl`).
    package func encryption() async throws -> String? {
        try await connection { c in
            let rows = try await Self.rows(RunQueueSQL.Statement(
                "SELECT CASE WHEN ssl THEN version ELSE NULL END FROM pg_stat_ssl WHERE pid = pg_backend_pid()"), c)
            guard case .text(let version)? = rows.first?.first else { return nil }
            return version
        }
    }

    // MARK: - postgres-nio plumbing

    /// One connection with the pool's settings, closed again; its failure named (``PostgresTLS/describe(_:_:checks:)``).
    private func probe() async throws {
        let configuration = PostgresConnection.Configuration(host: location.host, port: location.port, username: location.user,
                                                             password: location.password, database: location.database,
                                                             tls: try tls.connection())
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
        } catch {
            throw RunQueueError.store("PostgreSQL \(QueueDatabase.postgres(location)): cannot connect: "
                                      + PostgresTLS.describe(error, location, checks: tls.checks))
        }
        try? await connection.close()
    }

    private func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withTransaction(logger: logger) { c in try await body(c) }
        } catch let error as PostgresTransactionError {
            if let inner = error.closureError as? RunQueueError { throw inner }
            let cause = error.closureError ?? error.commitError ?? error.beginError ?? error
            throw RunQueueError.store("PostgreSQL \(QueueDatabase.postgres(location)): \(String(reflecting: cause))")
        } catch let error as RunQueueError { throw error } catch {
            throw RunQueueError.store("PostgreSQL \(QueueDatabase.postgres(location)): \(String(reflecting: error))")
        }
    }

    private func connection<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withConnection { c in try await body(c) }
        } catch let error as RunQueueError { throw error } catch {
            throw RunQueueError.store("PostgreSQL \(QueueDatabase.postgres(location)): \(String(reflecting: error))")
        }
    }

    /// The statement with its `?` placeholders numbered `$1, $2, ...` (the shared SQL has no `?` in a literal).
    static func query(_ s: RunQueueSQL.Statement) -> PostgresQuery {
        var sql = ""
        var n = 0
        for ch in s.sql {
            if ch == "?" { n += 1; sql += "$\(n)" } else { sql.append(ch) }
        }
        var binds = PostgresBindings(capacity: s.arguments.count)
        for value in s.arguments {
            switch value {
            case .int(let v): binds.append(v)
            case .double(let v): binds.append(v)
            case .text(let v): binds.append(v)
            case .null: binds.appendNull()
            }
        }
        return PostgresQuery(unsafeSQL: sql, binds: binds)
    }

    private static func query(_ sql: String, _ c: PostgresConnection) async throws {
        try await execute(RunQueueSQL.Statement(sql), c)
    }

    private static func execute(_ s: RunQueueSQL.Statement, _ c: PostgresConnection) async throws {
        _ = try await rows(s, c)
    }

    /// Every row, each cell as a ``RunQueueSQL/Value`` (BIGINT, DOUBLE PRECISION and TEXT are all the schema has).
    private static func rows(_ s: RunQueueSQL.Statement, _ c: PostgresConnection) async throws -> [[RunQueueSQL.Value]] {
        var result: [[RunQueueSQL.Value]] = []
        for try await row in try await c.query(query(s), logger: Logger(label: "synthbench.queue.postgres")) {
            result.append(try row.map { cell -> RunQueueSQL.Value in
                if cell.bytes == nil { return .null }
                switch cell.dataType {
                case .int8: return .int(try cell.decode(Int64.self))
                case .int4: return .int(Int64(try cell.decode(Int32.self)))
                case .float8: return .double(try cell.decode(Double.self))
                case .text, .varchar: return .text(try cell.decode(String.self))
                default: throw RunQueueError.store("column \(cell.columnName) has the unexpected type \(cell.dataType)")
                }
            })
        }
        return result
    }

    private static func fetchRun(_ s: RunQueueSQL.Statement, _ c: PostgresConnection) async throws -> QueuedRun? {
        guard let row = try await rows(s, c).first else { return nil }
        return try RunQueueSQL.run { row[$0] }
    }
}
