/// How SynthCity reads a column: its `Schema` domain, what `DataLoader.encode()` does to it, and whether
/// `TabularEncoder` then models it as discrete (one-hot) or continuous (Bayesian GMM).
///
/// SynthCity works on a pandas frame, so the rules see the pandas dtype of the column: integer columns with
/// missing values are float64, boolean columns with missing values are object, datetimes are taken as parsed
/// (datetime64).
public enum SynthCityDetector {
    /// `TabularEncoder(categorical_limit=10)`: at most this many distinct values -> discrete.
    public static let categoricalLimit = 10
    /// `DataLoader.encode`: label-encode numbers with fewer distinct values (NaN counted) than this.
    public static let labelEncodeBelow = 15

    /// The pandas dtype kind SynthCity would see: "i", "f", "b", "O" or "M".
    public static func pandasKind(_ column: Column, profile p: ColumnProfile) -> Character {
        switch column.kind {
        case .integer: p.missingCount > 0 ? "f" : "i"
        case .numerical: "f"
        case .boolean: p.missingCount > 0 ? "O" : "b"
        case .categorical: "O"
        case .datetime: "M"
        }
    }

    /// `Schema`: object/bool -> categorical, int -> integer, float -> float, datetime64 -> datetime.
    public static func domain(_ column: Column, profile p: ColumnProfile) -> SynthCityDomain {
        switch pandasKind(column, profile: p) {
        case "i": .integer
        case "f": .float
        case "M": .datetime
        default: .categorical
        }
    }

    /// `DataLoader.encode()`: an int column that already holds 0..K-1 (`min == 0`, `max == len(unique) - 1`)
    /// is kept; else object/bool columns, and any column with `len(unique()) < 15` (NaN counts as a value),
    /// are label-encoded; else datetimes get the datetime encoder; else the column passes through.
    public static func encoding(_ column: Column, profile p: ColumnProfile) -> SynthCityEncoding {
        let kind = pandasKind(column, profile: p)
        let unique = p.uniqueCountWithMissing
        if kind == "i", p.minimum == 0, p.maximum == Double(unique - 1) { return .passthrough }
        if kind == "O" || kind == "b" || unique < labelEncodeBelow { return .label }
        if kind == "M" { return .datetime }
        return .passthrough
    }

    /// `discrete_columns(df, categorical_limit)` on the encoded frame: `nunique() <= 10`. Label encoding turns
    /// a missing value into one more code, so for label-encoded columns a missing value counts.
    public static func isDiscrete(encoding: SynthCityEncoding, profile p: ColumnProfile) -> Bool {
        let distinct = encoding == .label ? p.uniqueCountWithMissing : p.distinctCount
        return distinct <= categoricalLimit
    }
}
