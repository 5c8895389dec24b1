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
    func open() async throws -> any RunQueue {
        try await QueueStore.open(try QueueDatabase.resolve(database))
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
