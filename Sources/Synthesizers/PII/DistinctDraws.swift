/// Distinct values collected from repeated draws, in the order drawn.
struct DistinctDraws {
    private(set) var values: [String] = []
    private var seen: Set<String>

    init(capacity: Int) {
        seen = Set(minimumCapacity: capacity)
        values.reserveCapacity(capacity)
    }

    /// Draws until there are `count` values, or until `maxMisses` draws in a row gave values already held
    /// (a source with fewer distinct values than asked for).
    mutating func fill(upTo count: Int, maxMisses: Int, _ draw: () -> String) {
        var misses = 0
        while values.count < count && misses < maxMisses {
            let v = draw()
            if seen.insert(v).inserted { values.append(v); misses = 0 } else { misses += 1 }
        }
    }
}
