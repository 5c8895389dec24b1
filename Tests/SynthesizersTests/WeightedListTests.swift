import SynthMath
import Testing
@testable import Synthesizers

/// `WeightedList`'s guide-table search gives the index a bisection of the running sums gives (the search it
/// replaced, so the PII values stay the same for a seed), at bucket edges, at the running sums themselves
/// and on random draws, for the bundled name lists and for lists with zero and extreme weights.
@Suite struct WeightedListTests {
    /// The oracle: the first index whose running sum exceeds `r · total` (the last index if none does).
    static func bisected(_ list: WeightedList, _ r: Double) -> Int {
        let sums = list.cumulative, u = r * sums[sums.count - 1]
        var lo = 0, hi = sums.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if sums[mid] <= u { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Uniform draws that sit on or next to every bucket edge and every running sum.
    static func edges(_ list: WeightedList) -> [Double] {
        let n = Double(list.count), total = list.cumulative[list.count - 1]
        var rs = [0.0, 1.0.nextDown]
        for k in 0..<list.count { rs.append(Double(k) / n) }
        for s in list.cumulative { rs.append(s / total) }
        return rs.flatMap { [$0.nextDown, $0, $0.nextUp] }.filter { $0 >= 0 && $0 < 1 }
    }

    static let lists: [(String, WeightedList)] = [
        ("first names", PIIVocabulary.firstNames),
        ("last names", PIIVocabulary.lastNames),
        ("zero and extreme weights", WeightedList(lines: "a\t0\nb\t1\nc\t0\nd\t0\ne\t1e9\nf\t1e-9\ng\t0\nh\t3", weighted: true)),
        ("one value", WeightedList(lines: "only\t2", weighted: true)),
    ]

    @Test(arguments: lists.indices)
    func guideSearchEqualsBisection(_ i: Int) {
        let (name, list) = Self.lists[i]
        var s = RandomStream(seed: 11)
        let draws = (0..<20_000).map { _ in s.nextDouble() }
        var mismatches = 0
        for r in Self.edges(list) + draws where list.index(uniform: r) != Self.bisected(list, r) { mismatches += 1 }
        #expect(mismatches == 0, "\(name): \(mismatches) draws differ from the bisection")
    }

    /// Negative control: a search that ignores the guide's step back (starts at the guide and only walks
    /// forward from one bucket later) disagrees with the bisection, so the edge draws can tell.
    @Test func edgeDrawsCatchAnOffByOneStart() {
        let list = PIIVocabulary.lastNames
        var mismatches = 0
        for r in Self.edges(list) {
            let k = min(Int(r * Double(list.guide.count)) + 1, list.guide.count - 1)
            var j = Int(list.guide[k])
            while j < list.count - 1 && list.cumulative[j] <= r * list.cumulative[list.count - 1] { j += 1 }
            if j != Self.bisected(list, r) { mismatches += 1 }
        }
        #expect(mismatches > 0)
    }
}
