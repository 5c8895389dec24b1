import ArgumentParser
import Foundation
import Harness
import QueuePostgres
import QueueSQLite

/// `--database sqlite:PATH|postgres://...` (else `SYNTHBENCH_DATABASE_URL`, else `sqlite:results/queue.sqlite`).
struct DatabaseOption: ParsableArguments {
    @Option(help: "The queue: sqlite:PATH or postgres://USER@HOST[:PORT]/DB (default: $SYNTHBENCH_DATABASE_URL, else \(QueueDatabase.defaultURL)).")
    var database: String?

    /// The store the URL names, migrated and ready (the service opens its store the same way).
    /// `existing`: the commands that only read or change runs (`queue list/show/cancel/retry`) refuse a SQLite
    /// file that is not there, instead of creating an empty queue (and its folders) at a mistyped path.
    func open(existing: Bool = false) async throws -> any RunQueue {
        let resolved = try QueueDatabase.resolve(database)
        if existing, case .sqlite(let path) = resolved, !FileManager.default.fileExists(atPath: path) {
            throw RunQueueError.store("no queue at \(resolved) (\(database == nil ? "$\(QueueDatabase.environmentKey) or the default" : "--database")): "
                + "the file does not exist; `synthbench queue submit` or `run SPEC --queue` creates it")
        }
        return try await QueueStore.open(resolved)
    }
}

/// Turns a ``QueueDatabase`` into its store: the one place the command line picks one.
enum QueueStore {
    static func open(_ database: QueueDatabase) async throws -> any RunQueue {
        let queue: any RunQueue
        switch database {
        case .sqlite(let path): queue = try SQLiteRunQueue(path: path)
        case .postgres(let location): queue = try PostgresRunQueue(location)
        }
        try await queue.migrate()
        return queue
    }
}
