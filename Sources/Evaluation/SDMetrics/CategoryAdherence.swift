/// SDMetrics' CategoryAdherence: the share of synthetic rows whose value occurs in the real column
/// (`synthetic.isin(real).mean()`); a missing synthetic value adheres when the real column has a missing
/// value too. NaN for an empty synthetic column.
enum CategoryAdherence {
    static func compute(_ codes: SharedCategoryCodes) -> Double {
        var seen = [Bool](repeating: false, count: codes.levelCount)
        var realHasMissing = false
        for c in codes.codes[0] { if c < 0 { realHasMissing = true } else { seen[Int(c)] = true } }
        let synthetic = codes.codes[1]
        guard !synthetic.isEmpty else { return .nan }
        var adhering = 0
        for c in synthetic where c < 0 ? realHasMissing : seen[Int(c)] { adhering += 1 }
        return Double(adhering) / Double(synthetic.count)
    }
}
