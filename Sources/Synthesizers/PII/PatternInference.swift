/// The shape shared by a text column's values, as a `regex_format`: each value is cut into runs of
/// digits, upper-case letters, lower-case letters and single other characters; when every value has the
/// same sequence of runs (and the same other characters), the pattern gives each run its class and the
/// range of its lengths, e.g. `JFK`, `LAX` -> `[A-Z]{3}`; `C-0012`, `C-1234` -> `[A-Z]\-[0-9]{4}`.
/// Nil when the values differ in shape, hold non-ASCII characters, or there are none.
///
/// SDV keeps its default `[0-1a-z]{5}` for a text id without `regex_format`; SynthBench uses this pattern
/// instead, so that generated keys look like the real ones (documented deviation).
public enum PatternInference {
    enum Run: Equatable {
        case digits, upper, lower
        case literal(UInt8)
    }

    public static func regexFormat<S: Sequence<String>>(of values: S) -> String? {
        var runs: [Run]? = nil
        var lengths: [(Int, Int)] = []
        for value in values {
            guard let (r, l) = shape(value) else { return nil }
            if let known = runs {
                guard known == r else { return nil }
                for i in l.indices { lengths[i] = (min(lengths[i].0, l[i]), max(lengths[i].1, l[i])) }
            } else {
                runs = r
                lengths = l.map { ($0, $0) }
            }
        }
        guard let runs, !runs.isEmpty else { return nil }
        var pattern = ""
        for (run, (lo, hi)) in zip(runs, lengths) {
            switch run {
            case .digits: pattern += "[0-9]"
            case .upper: pattern += "[A-Z]"
            case .lower: pattern += "[a-z]"
            case .literal(let c):
                let ch = String(UnicodeScalar(c))
                pattern += isWordCharacter(c) ? ch : "\\" + ch
            }
            if lo != hi { pattern += "{\(lo),\(hi)}" } else if lo > 1 { pattern += "{\(lo)}" }
        }
        return pattern
    }

    static func isWordCharacter(_ c: UInt8) -> Bool { (48...57).contains(c) || (65...90).contains(c) || (97...122).contains(c) }

    static func shape(_ value: String) -> ([Run], [Int])? {
        var runs: [Run] = [], lengths: [Int] = []
        for c in value.utf8 {
            guard c >= 32, c < 127 else { return nil }
            let run: Run = switch c {
            case 48...57: .digits
            case 65...90: .upper
            case 97...122: .lower
            default: .literal(c)
            }
            if let last = runs.last, last == run { lengths[lengths.count - 1] += 1 } else { runs.append(run); lengths.append(1) }
        }
        return runs.isEmpty ? nil : (runs, lengths)
    }
}
