import SynthMath

/// Strings drawn with fixed relative weights (uniform when none are given), by binary search over the
/// cumulative weights.
struct WeightedList: Sendable {
    let values: [String]
    /// Running sums of the weights, the last one the total; empty for a uniform list.
    let cumulative: [Double]

    /// One value per line; with `weighted`, each line is `value TAB weight`.
    init(lines text: String, weighted: Bool = false) {
        var values: [String] = [], cumulative: [Double] = []
        var total = 0.0
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if weighted {
                let parts = line.split(separator: "\t")
                precondition(parts.count == 2, "bundled weighted list: malformed line '\(line)'")
                values.append(String(parts[0]))
                total += Double(parts[1])!
                cumulative.append(total)
            } else {
                values.append(String(line))
            }
        }
        precondition(!values.isEmpty, "bundled list is empty")
        self.values = values
        self.cumulative = cumulative
    }

    var count: Int { values.count }

    func index(_ stream: inout RandomStream) -> Int {
        guard let total = cumulative.last else { return stream.nextInt(below: values.count) }
        let u = stream.nextDouble() * total
        var lo = 0, hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] <= u { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    func draw(_ stream: inout RandomStream) -> String { values[index(&stream)] }
}
