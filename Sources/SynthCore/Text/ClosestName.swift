/// The candidate nearest to a mistyped name by Levenshtein distance (insertions, deletions and
/// substitutions of characters, each costing 1), for "did you mean" messages: metric paths, threshold
/// overrides, method and dataset names.
package enum ClosestName {
    package static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        guard !x.isEmpty else { return y.count }
        guard !y.isEmpty else { return x.count }
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[y.count]
    }

    /// The nearest of `candidates` (ties: the first in sorted order); nil when there are none.
    package static func closest(to name: String, among candidates: [String]) -> String? {
        Set(candidates).sorted().min { distance(name, $0) < distance(name, $1) }
    }

    /// The nearest candidate when it is near enough to be the name meant (at most 2 edits, or a quarter of
    /// the name's length for long names): a suggestion ten edits away would only mislead.
    package static func suggestion(for name: String, among candidates: [String]) -> String? {
        closest(to: name, among: candidates).flatMap { distance(name, $0) <= max(2, name.count / 4) ? $0 : nil }
    }
}
