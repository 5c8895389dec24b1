/// Intermediate results shared by the metrics of one evaluation (a generated report, sorted columns),
/// so that several metrics reading the same computation run it once. A computation that throws is
/// remembered too: every metric that needs it gets the same error.
///
/// One cache serves one ``EvaluationInput``; it is not thread-safe (suites run their metrics in order).
public final class EvaluationCache {
    private var entries: [String: Result<Any, any Error>] = [:]

    public init() {}

    /// The value stored under `key`, computing and storing it with `make` the first time.
    public func value<T>(_ key: String, _ make: () throws -> T) throws -> T {
        if let stored = entries[key] {
            switch stored {
            case .success(let v):
                guard let typed = v as? T else { preconditionFailure("cache key '\(key)' holds a \(type(of: v)), not a \(T.self)") }
                return typed
            case .failure(let e): throw e
            }
        }
        do {
            let v = try make()
            entries[key] = .success(v)
            return v
        } catch {
            entries[key] = .failure(error)
            throw error
        }
    }
}
