import Harness

/// The one place `synthbench serve` turns `--database URL` into a store. Until the SQLite and PostgreSQL stores
/// are merged (branch queue: targets QueueSQLite and QueuePostgres) only the in-memory queue exists; the lead
/// switches this function to the queue branch's store opener at merge.
enum ServeStore {
    struct Unsupported: Error, CustomStringConvertible {
        var url: String
        var description: String {
            "--database \(url): only 'memory:' is available in this build; sqlite: and postgres:// URLs come with the queue stores (docs/queue.md)"
        }
    }

    static func open(_ url: String?) throws -> any RunQueue {
        switch url {
        case nil, "memory:", "memory": return InMemoryRunQueue()
        case let other?: throw Unsupported(url: other)
        }
    }
}
