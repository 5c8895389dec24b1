import Foundation
import Harness
import QueuePostgres
import QueueSQLite
import SynthTestSupport
import Testing

/// The stores the contract runs against. PostgreSQL needs `SYNTHBENCH_TEST_POSTGRES_URL` (scripts/postgres.sh
/// sets it; .ci/run always does); without it those cases print why and pass nothing. With the cluster's CA
/// (`SYNTHBENCH_TEST_POSTGRES_CA`) they connect with sslmode=verify-full.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case memory, sqlite, postgres
    var testDescription: String { rawValue }
}

/// A fresh, empty store of one kind, and a way to open a second connection to the same data.
struct TestStore: Sendable {
    let kind: StoreKind
    let queue: any RunQueue
    /// Another store over the same data (its own connection/pool); the in-memory store returns itself.
    let another: @Sendable () async throws -> any RunQueue
    /// The `--database` URL of the same data, for worker processes (nil for the in-memory store).
    let url: String?
    /// The SQLite store's temporary directory; the test removes it (`defer { s.removeFiles() }`).
    var directory: URL? = nil

    func removeFiles() {
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    static let postgresURL = ProcessInfo.processInfo.environment["SYNTHBENCH_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }

    /// Nil (after printing why) when the kind cannot run here: PostgreSQL without its URL.
    static func make(_ kind: StoreKind, label: String) async throws -> TestStore? {
        switch kind {
        case .memory:
            let q = InMemoryRunQueue()
            return TestStore(kind: kind, queue: q, another: { q }, url: nil)
        case .sqlite:
            let dir = try SynthBenchBinary.temporaryDirectory("queue-\(label)")
            let path = dir.appendingPathComponent("queue.sqlite").path
            let q: SQLiteRunQueue
            do {
                q = try SQLiteRunQueue(path: path)
                try await q.migrate()
            } catch {
                try? FileManager.default.removeItem(at: dir)
                throw error
            }
            return TestStore(kind: kind, queue: q, another: { try SQLiteRunQueue(path: path) }, url: "sqlite:\(path)",
                             directory: dir)
        case .postgres:
            guard let base = postgresURL else {
                print("skipped (\(label), postgres): SYNTHBENCH_TEST_POSTGRES_URL is unset; scripts/postgres.sh run ... sets it")
                return nil
            }
            var location = try PostgresTestDatabase.create(from: base)
            // With the cluster's CA (scripts/postgres.sh), every store and worker connects over verified TLS.
            if let ca = ProcessInfo.processInfo.environment["SYNTHBENCH_TEST_POSTGRES_CA"] {
                location.host = "localhost"; location.sslMode = .verifyFull; location.sslRootCert = ca
            }
            let fixed = location
            let q = try PostgresRunQueue(location)
            try await q.migrate()
            let tls = location.sslMode == .verifyFull ? "?sslmode=verify-full&sslrootcert=\(location.sslRootCert!)" : ""
            let url = "postgres://\(location.user)@\(location.host):\(location.port)/\(location.database)\(tls)"
            return TestStore(kind: kind, queue: q, another: { try PostgresRunQueue(fixed) }, url: url)
        }
    }
}

/// A database of its own for each PostgreSQL test, created beside the one the URL names (the throwaway cluster
/// of scripts/postgres.sh is removed with everything in it).
enum PostgresTestDatabase {
    static func create(from base: String) throws -> QueueDatabase.PostgresLocation {
        guard case .postgres(var location) = try QueueDatabase(parsing: base) else {
            throw RunQueueError.store("SYNTHBENCH_TEST_POSTGRES_URL is not a postgres:// URL")
        }
        let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        // createdb through psql keeps the tests free of a second client set-up.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["createdb", "-h", location.host, "-p", String(location.port), "-U", location.user, name]
        if let password = location.password { process.environment = ProcessInfo.processInfo.environment.merging(["PGPASSWORD": password]) { $1 } }
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw RunQueueError.store("createdb \(name) failed (exit \(process.terminationStatus))") }
        location.database = name
        return location
    }
}
