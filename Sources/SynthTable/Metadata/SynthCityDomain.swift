/// The distribution family SynthCity's `Schema` builds for a raw column (`plugins/core/schema.py`):
/// object, bool or category dtype -> categorical; integer dtype -> integer; float dtype -> float;
/// datetime64 -> datetime.
///
/// The dtype is the one pandas would hold: an integer column with missing values is float64 in pandas, so
/// its domain is ``float``.
public enum SynthCityDomain: String, Codable, Sendable, CaseIterable {
    case categorical, integer, float, datetime
}

/// What SynthCity's `DataLoader.encode()` does to a column before any plugin sees it
/// (`plugins/core/dataloader.py`).
public enum SynthCityEncoding: String, Codable, Sendable, CaseIterable {
    /// Left as is: numbers with 15 or more distinct values, or integers already coded 0..K-1.
    case passthrough
    /// sklearn `LabelEncoder`: sorted distinct values -> 0..K-1 (missing becomes its own code).
    case label
    /// `DatetimeEncoder`: nanoseconds since the epoch as a float.
    case datetime
}
