/// How many synthetic rows a cell samples: as many as the real table (the default, as SDGym does), a
/// fixed count, or a multiple of the real row count (`"0.5x"`: round(0.5 × real rows), at least 1).
package enum SyntheticSize: Sendable, Equatable, CustomStringConvertible {
    case asReal
    case count(Int)
    case factor(Double)

    package var description: String {
        switch self {
        case .asReal: "as many as the real table"
        case .count(let n): "\(n) rows"
        case .factor(let f): "\(Self.format(factor: f)) the real rows"
        }
    }

    /// `1.0x`, `0.25x`: the spec's string form of a factor.
    static func format(factor f: Double) -> String {
        f == f.rounded() && abs(f) < 1e15 ? "\(Int(f)).0x" : "\(f)x"
    }

    /// The row count for a real table of `realRows` rows.
    package func rows(forReal realRows: Int) -> Int {
        switch self {
        case .asReal: realRows
        case .count(let n): n
        case .factor(let f): max(1, Int((f * Double(realRows)).rounded()))
        }
    }
}
