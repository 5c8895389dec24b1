import Foundation
import SynthCore

/// The SQL both database stores run (QueueSQLite, QueuePostgres), written once: `?` placeholders (the
/// PostgreSQL store numbers them), dates as Unix seconds (`DOUBLE`), integers as 64-bit. Only the table
/// definitions and the row lock differ between the two dialects; the rules are ``InMemoryRunQueue``'s.
package enum RunQueueSQL {
    /// A value bound to a placeholder or read from a column.
    package enum Value: Sendable, Equatable {
        case int(Int64), double(Double), text(String), null

        package init(_ date: Date?) { self = date.map { .double($0.timeIntervalSince1970) } ?? .null }
        package init(_ text: String?) { self = text.map { .text($0) } ?? .null }
    }

    /// One statement and its arguments, in placeholder order.
    package struct Statement: Sendable, Equatable {
        package var sql: String
        package var arguments: [Value]
        package init(_ sql: String, _ arguments: [Value] = []) { self.sql = sql; self.arguments = arguments }
    }

    /// The two dialects' differences.
    package enum Dialect: Sendable {
        case sqlite, postgres

        /// Added to a `SELECT` of runs to claim: PostgreSQL locks the row and skips rows another claimer holds;
        /// SQLite needs nothing (the claim runs in an IMMEDIATE transaction: one writer at a time).
        var claimLock: String { self == .postgres ? " FOR UPDATE SKIP LOCKED" : "" }
        var rowLock: String { self == .postgres ? " FOR UPDATE" : "" }
        var idColumn: String { self == .postgres ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY AUTOINCREMENT" }
        var realType: String { self == .postgres ? "DOUBLE PRECISION" : "REAL" }
        var integerType: String { self == .postgres ? "BIGINT" : "INTEGER" }
    }

    /// The first schema: `runs`, `metrics`, `run_artifacts` as the production worker has them (the run's
    /// config is the submitted spec's JSON) and the index the claim reads.
    package static func schemaV1(_ d: Dialect) -> [String] {
        [
            """
            CREATE TABLE runs (
                id \(d.idColumn),
                group_name TEXT NOT NULL,
                cell_id TEXT NOT NULL,
                config TEXT NOT NULL,
                max_attempts \(d.integerType) NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
                attempt \(d.integerType) NOT NULL DEFAULT 0,
                lease_owner TEXT,
                lease_expires_at \(d.realType),
                heartbeat_at \(d.realType),
                created_at \(d.realType) NOT NULL,
                started_at \(d.realType),
                finished_at \(d.realType),
                error TEXT
            )
            """,
            "CREATE INDEX runs_status_id ON runs (status, id)",
            "CREATE INDEX runs_group ON runs (group_name, id)",
            """
            CREATE TABLE metrics (
                run_id \(d.integerType) NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                value \(d.realType) NOT NULL,
                PRIMARY KEY (run_id, name)
            )
            """,
            """
            CREATE TABLE run_artifacts (
                run_id \(d.integerType) NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
                kind TEXT NOT NULL,
                path TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                bytes \(d.integerType) NOT NULL,
                PRIMARY KEY (run_id, path)
            )
            """,
        ]
    }

    static let columns = "id, group_name, cell_id, config, max_attempts, status, attempt, lease_owner, lease_expires_at, "
        + "heartbeat_at, created_at, started_at, finished_at, error"

    package static func insert(_ s: RunSubmission, now: Date) throws -> Statement {
        let config = try SynthJSON.string(s.spec, pretty: false)
        return Statement("INSERT INTO runs (group_name, cell_id, config, max_attempts, status, created_at) "
                         + "VALUES (?, ?, ?, ?, 'queued', ?) RETURNING id",
                         [.text(s.group), .text(s.cellID), .text(config), .int(Int64(s.maxAttempts)), .init(now)])
    }

    /// Fails every running run whose lease expired after its last attempt (its worker died on the last try).
    package static func failExhausted(now: Date, _ d: Dialect) -> Statement {
        Statement("""
            UPDATE runs SET status = 'failed', finished_at = ?, lease_owner = NULL, lease_expires_at = NULL,
                error = 'lease expired on attempt ' || attempt || ' of ' || max_attempts || ' (worker '
                        || COALESCE(lease_owner, 'unknown') || ' stopped answering)'
            WHERE id IN (SELECT id FROM runs WHERE status = 'running' AND attempt >= max_attempts
                         AND (lease_expires_at IS NULL OR lease_expires_at <= ?)\(d.claimLock))
            """, [.init(now), .init(now)])
    }

    /// The oldest claimable run: queued, or running with an expired lease.
    package static func nextClaimable(now: Date, _ d: Dialect) -> Statement {
        Statement("SELECT id FROM runs WHERE status = 'queued' OR (status = 'running' AND "
                  + "(lease_expires_at IS NULL OR lease_expires_at <= ?)) ORDER BY id LIMIT 1\(d.claimLock)", [.init(now)])
    }

    package static func markClaimed(_ id: Int64, worker: String, lease: TimeInterval, now: Date) -> Statement {
        Statement("UPDATE runs SET status = 'running', attempt = attempt + 1, lease_owner = ?, lease_expires_at = ?, "
                  + "heartbeat_at = ?, started_at = ? WHERE id = ? RETURNING \(columns)",
                  [.text(worker), .init(now.addingTimeInterval(lease)), .init(now), .init(now), .int(id)])
    }

    package static func select(_ id: Int64, locking d: Dialect? = nil) -> Statement {
        Statement("SELECT \(columns) FROM runs WHERE id = ?\(d?.rowLock ?? "")", [.int(id)])
    }

    package static func extendLease(_ id: Int64, lease: TimeInterval, now: Date) -> Statement {
        Statement("UPDATE runs SET lease_expires_at = ?, heartbeat_at = ? WHERE id = ?",
                  [.init(now.addingTimeInterval(lease)), .init(now), .int(id)])
    }

    /// How a held run ends: a run cancelled while it ran keeps `cancelled` and no error.
    package static func finish(_ id: Int64, outcome: RunCompletion, keepCancelled: Bool, now: Date) -> [Statement] {
        var statements = [
            keepCancelled
                ? Statement("UPDATE runs SET lease_owner = NULL, lease_expires_at = NULL, finished_at = ? WHERE id = ?",
                            [.init(now), .int(id)])
                : Statement("UPDATE runs SET status = ?, error = ?, lease_owner = NULL, lease_expires_at = NULL, "
                            + "finished_at = ? WHERE id = ?",
                            [.text(outcome.status.rawValue), .init(outcome.error), .init(now), .int(id)]),
            Statement("DELETE FROM metrics WHERE run_id = ?", [.int(id)]),
            Statement("DELETE FROM run_artifacts WHERE run_id = ?", [.int(id)]),
        ]
        for m in outcome.metrics {
            statements.append(Statement("INSERT INTO metrics (run_id, name, value) VALUES (?, ?, ?)",
                                        [.int(id), .text(m.name), .double(m.value)]))
        }
        for a in outcome.artifacts {
            statements.append(Statement("INSERT INTO run_artifacts (run_id, kind, path, sha256, bytes) VALUES (?, ?, ?, ?, ?)",
                                        [.int(id), .text(a.kind), .text(a.path), .text(a.sha256), .int(a.bytes)]))
        }
        return statements
    }

    package static func release(_ id: Int64, wasCancelled: Bool, countAttempt: Bool, now: Date) -> Statement {
        wasCancelled
            ? Statement("UPDATE runs SET lease_owner = NULL, lease_expires_at = NULL, finished_at = ? WHERE id = ?", [.init(now), .int(id)])
            : Statement("UPDATE runs SET status = 'queued', attempt = attempt - ?, lease_owner = NULL, lease_expires_at = NULL, "
                        + "started_at = NULL, heartbeat_at = NULL WHERE id = ?", [.int(countAttempt ? 0 : 1), .int(id)])
    }

    package static func cancel(_ id: Int64, wasQueued: Bool, now: Date) -> Statement {
        wasQueued
            ? Statement("UPDATE runs SET status = 'cancelled', finished_at = ? WHERE id = ?", [.init(now), .int(id)])
            : Statement("UPDATE runs SET status = 'cancelled' WHERE id = ?", [.int(id)])
    }

    package static func requeue(_ id: Int64) -> [Statement] {
        [
            Statement("UPDATE runs SET status = 'queued', attempt = 0, error = NULL, lease_owner = NULL, lease_expires_at = NULL, "
                      + "started_at = NULL, finished_at = NULL, heartbeat_at = NULL WHERE id = ?", [.int(id)]),
            Statement("DELETE FROM metrics WHERE run_id = ?", [.int(id)]),
            Statement("DELETE FROM run_artifacts WHERE run_id = ?", [.int(id)]),
        ]
    }

    package static func list(_ filter: RunFilter) -> Statement {
        var conditions: [String] = []
        var arguments: [Value] = []
        if let s = filter.status { conditions.append("status = ?"); arguments.append(.text(s.rawValue)) }
        if let g = filter.group { conditions.append("group_name = ?"); arguments.append(.text(g)) }
        arguments.append(.int(Int64(max(0, filter.limit))))
        let condition = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return Statement("SELECT \(columns) FROM runs\(condition) ORDER BY id DESC LIMIT ?", arguments)
    }

    package static func metrics(_ id: Int64) -> Statement {
        Statement("SELECT name, value FROM metrics WHERE run_id = ? ORDER BY name", [.int(id)])
    }

    package static func artifacts(_ id: Int64) -> Statement {
        Statement("SELECT kind, path, sha256, bytes FROM run_artifacts WHERE run_id = ? ORDER BY path", [.int(id)])
    }

    package static let counts = Statement("SELECT status, COUNT(*) FROM runs GROUP BY status")

    /// A run from a row of ``columns``, read through `column(i)`.
    package static func run(_ column: (Int) throws -> Value) throws -> QueuedRun {
        func int(_ i: Int) throws -> Int64 {
            guard case .int(let v) = try column(i) else { throw RunQueueError.store("runs column \(i) is not an integer") }
            return v
        }
        func text(_ i: Int) throws -> String? {
            switch try column(i) {
            case .text(let s): return s
            case .null: return nil
            default: throw RunQueueError.store("runs column \(i) is not text")
            }
        }
        func date(_ i: Int) throws -> Date? {
            switch try column(i) {
            case .double(let t): return Date(timeIntervalSince1970: t)
            case .int(let t): return Date(timeIntervalSince1970: Double(t))
            case .null: return nil
            default: throw RunQueueError.store("runs column \(i) is not a time")
            }
        }
        let id = try int(0)
        guard let group = try text(1), let cell = try text(2), let config = try text(3),
              let statusText = try text(5), let status = RunStatus(rawValue: statusText), let created = try date(10) else {
            throw RunQueueError.store("run \(id) has a missing or unknown group, cell, config, status or created_at")
        }
        let spec: JSONValue
        do { spec = try SynthJSON.decoder().decode(JSONValue.self, from: Data(config.utf8)) } catch {
            throw RunQueueError.store("run \(id): its config is not JSON (\(error))")
        }
        return QueuedRun(id: id, submission: RunSubmission(spec: spec, cellID: cell, group: group, maxAttempts: Int(try int(4))),
                         status: status, attempt: Int(try int(6)), leaseOwner: try text(7), leaseExpiresAt: try date(8),
                         heartbeatAt: try date(9), createdAt: created, startedAt: try date(11), finishedAt: try date(12),
                         error: try text(13))
    }
}
