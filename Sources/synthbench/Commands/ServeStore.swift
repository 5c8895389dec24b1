import Harness

/// The store `synthbench serve` uses: `memory:` for a throwaway in-process queue (trying the API out), else the
/// same URL resolution and stores as `worker` and `queue` (``QueueStore``), so a service and its workers share one.
enum ServeStore {
    static func open(_ url: String?) async throws -> any RunQueue {
        if url == "memory:" || url == "memory" { return InMemoryRunQueue() }
        return try await QueueStore.open(try QueueDatabase.resolve(url))
    }
}
