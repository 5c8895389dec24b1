import SynthMath

/// Strings drawn with fixed relative weights (uniform when none are given): the first index whose running
/// sum of weights exceeds `u · total`, found from a guide table (Chen and Asau's method) in about one step
/// instead of a bisection of the whole list. The index is the one a binary search over the running sums
/// gives, so the draws are the same. A class, so that a draw reads the lists through one reference rather
/// than copying a struct of three arrays out of a global (a reference count up and down per array).
final class WeightedList: Sendable {
    let values: [String]
    /// Running sums of the weights, the last one the total; empty for a uniform list.
    let cumulative: [Double]
    /// `guide[k]`: the first index whose running sum exceeds k/count of the total (a start for the search of
    /// a draw in bucket k); empty for a uniform list.
    let guide: [Int32]

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
        var guide: [Int32] = []
        if weighted {
            var i = 0
            for k in 0..<values.count {
                let threshold = Double(k) / Double(values.count) * total
                while i < values.count - 1 && cumulative[i] <= threshold { i += 1 }
                guide.append(Int32(i))
            }
        }
        self.guide = guide
    }

    var count: Int { values.count }

    func index(_ stream: inout RandomStream) -> Int {
        guard !cumulative.isEmpty else { return stream.nextInt(below: values.count) }
        return index(uniform: stream.nextDouble())
    }

    /// The weighted index for a uniform draw `r` in [0, 1).
    func index(uniform r: Double) -> Int {
        let u = r * cumulative[cumulative.count - 1]
        return cumulative.withUnsafeBufferPointer { sums in
            // Start at the guide's index, step back over any sum above u (rounding at a bucket's edge), then
            // forward to the first sum above u (the last index when u reached the total by rounding).
            var i = Int(guide[min(Int(r * Double(guide.count)), guide.count - 1)])
            while i > 0 && sums[i - 1] > u { i -= 1 }
            while i < sums.count - 1 && sums[i] <= u { i += 1 }
            return i
        }
    }

    func draw(_ stream: inout RandomStream) -> String { values[index(&stream)] }
}
