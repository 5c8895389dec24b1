/// Counting category codes (SynthTable's dictionary codes; negative = missing) into a count vector, the
/// input of ``Divergence/totalVariation(realCounts:syntheticCounts:syntheticOnlyPseudoCount:)`` and of the
/// chi-square goodness-of-fit test.
public enum CategoryCounts {
    /// counts[c] = number of rows with code c, for c in 0..<levels; with `.asCategory` missing rows are
    /// counted in one extra last entry. A code ≥ levels throws.
    public static func count(_ codes: UnsafeBufferPointer<Int32>, levels: Int,
                             missing: MissingCodePolicy = .drop) throws -> [Double] {
        guard levels >= 0 else { throw StatisticsError.invalidParameter("levels", "\(levels) must be ≥ 0") }
        var counts = [Double](repeating: 0, count: levels + (missing == .asCategory ? 1 : 0))
        try counts.withUnsafeMutableBufferPointer { c in
            for (i, code) in codes.enumerated() {
                let k = Int(code)
                if k < 0 {
                    if missing == .asCategory { c[levels] += 1 }
                    continue
                }
                guard k < levels else {
                    throw StatisticsError.invalidParameter("codes", "code \(k) at index \(i) is not below levels \(levels)")
                }
                c[k] += 1
            }
        }
        return counts
    }

    public static func count(_ codes: [Int32], levels: Int, missing: MissingCodePolicy = .drop) throws -> [Double] {
        try codes.withUnsafeBufferPointer { try count($0, levels: levels, missing: missing) }
    }
}
