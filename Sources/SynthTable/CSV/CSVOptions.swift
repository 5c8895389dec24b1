/// How a CSV file is laid out and how its text becomes typed columns. The same options drive
/// ``CSVReader`` and ``CSVWriter``: a table written with some options reads back identical with the same
/// options (see ``CSVWriter`` for the few values no CSV can carry).
public struct CSVOptions: Sendable, Equatable {
    /// The field separator (one ASCII byte other than `"`, CR or LF).
    public var delimiter: UInt8
    /// Unquoted fields equal to one of these read as missing. The empty field and the quoted empty field
    /// `""` are always missing. Quoted non-empty fields are never missing (`"NA"` is the text NA).
    public var missingTokens: [String]
    /// Skip spaces at the start of each field (after the delimiter, before an opening quote), as in UCI
    /// Adult's `39, State-gov, 77516`. Spaces inside quotes are kept.
    public var trimLeadingSpaces: Bool
    /// Whether the first record (after ``skipLines``) holds the column names.
    public var hasHeader: Bool
    /// Column names when ``hasHeader`` is false; nil names them `column_1`, `column_2`, ... Ignored when
    /// the file has a header.
    public var columnNames: [String]?
    /// Physical lines dropped before anything is parsed (quotes are not interpreted there), e.g. the
    /// `|1x3 Cross validator` line of adult.test or the metadata line of scikit-learn's wine_data.csv.
    public var skipLines: Int
    /// Column name -> kind, overriding inference. A value that does not parse as the forced kind is an error.
    public var forcedKinds: [String: ColumnKind]
    /// How a datetime column's layout is found. Empty (the default): guessed from the column's first
    /// present value as pandas guesses it (``DatetimeFormat/guess(_:)``, SDV's detection), and every value
    /// must parse with that layout, else the column is categorical (as SDV's `to_datetime(format=...,
    /// errors='raise')` check). Otherwise the layouts tried, most specific first; the first that parses
    /// every value wins.
    public var datetimeFormats: [DatetimeFormat]
    /// When true (the default), a quoted non-empty field is text: a column holding one reads as
    /// categorical unless its kind is forced. This is how R's `write.csv` and Python's
    /// `csv.QUOTE_NONNUMERIC` mark strings, and it lets a categorical column whose levels look like
    /// numbers (zip codes `"02134"`) survive a write/read round trip. Set false for files that quote
    /// every field.
    public var quotedFieldsAreText: Bool
    /// When false (the default), a header name seen before is renamed as pandas' C parser renames it
    /// (`name.1`, `name.2`, skipping names the header already has) and the rename is noted in
    /// ``CSVReadNotes``; when true, a repeated name is an error.
    public var strictHeader: Bool
    /// What to do with a data row whose field count differs from the header's (pandas' `on_bad_lines`).
    public var onBadLines: BadLinePolicy

    /// pandas' `on_bad_lines` values. pandas applies them to rows with too many fields and fills short
    /// rows with missing values; SynthBench treats both as bad rows (it does not guess which field is
    /// missing).
    public enum BadLinePolicy: String, Sendable, Codable, CaseIterable {
        /// Stop with an error naming the line (the default).
        case error
        /// Drop the row and warn (the count and the first lines).
        case warn
        /// Drop the row; the count and the first lines are still recorded.
        case skip
    }

    /// The missing tokens pandas and R users meet most often.
    public static let defaultMissingTokens = ["NA", "N/A", "NaN", "nan", "null", "NULL", "?"]

    public init(delimiter: UInt8 = UInt8(ascii: ","),
                missingTokens: [String] = CSVOptions.defaultMissingTokens,
                trimLeadingSpaces: Bool = false,
                hasHeader: Bool = true,
                columnNames: [String]? = nil,
                skipLines: Int = 0,
                forcedKinds: [String: ColumnKind] = [:],
                datetimeFormats: [DatetimeFormat] = [],
                quotedFieldsAreText: Bool = true,
                strictHeader: Bool = false,
                onBadLines: BadLinePolicy = .error) {
        self.delimiter = delimiter
        self.missingTokens = missingTokens
        self.trimLeadingSpaces = trimLeadingSpaces
        self.hasHeader = hasHeader
        self.columnNames = columnNames
        self.skipLines = skipLines
        self.forcedKinds = forcedKinds
        self.datetimeFormats = datetimeFormats
        self.quotedFieldsAreText = quotedFieldsAreText
        self.strictHeader = strictHeader
        self.onBadLines = onBadLines
    }

    /// Checks the options themselves (a bad delimiter, a negative skip count).
    func validate(path: String) throws(CSVError) {
        func bad(_ why: String) -> CSVError { CSVError(.invalidOptions(why), path: path) }
        switch delimiter {
        case UInt8(ascii: "\""), UInt8(ascii: "\r"), UInt8(ascii: "\n"):
            throw bad("the delimiter cannot be a quote, CR or LF")
        case 0x80...:
            throw bad("the delimiter must be an ASCII byte, got 0x\(String(delimiter, radix: 16))")
        default: break
        }
        if trimLeadingSpaces && delimiter == UInt8(ascii: " ") {
            throw bad("trimLeadingSpaces cannot be used with a space delimiter")
        }
        if skipLines < 0 { throw bad("skipLines must be >= 0, got \(skipLines)") }
        for t in missingTokens where t.utf8.contains(where: { $0 == delimiter || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
            throw bad("missing token \"\(t)\" contains the delimiter, a quote or a line break")
        }
    }
}

extension CSVOptions {
    /// Options that read a second file of the same table (a synthetic one) with `table`'s column kinds, so
    /// that "1" stays a category label where the real column is categorical. Datetime columns are not
    /// forced: their layout is found from the file, and a column whose values are not all dates reads as
    /// text, which the diagnostic report's format rows then score (SDMetrics reads such a column as text).
    public static func readingLike(_ table: Table) -> CSVOptions {
        var options = CSVOptions()
        options.forcedKinds = Dictionary(uniqueKeysWithValues: table.columns.filter { $0.kind != .datetime }
            .map { ($0.name, $0.kind) })
        return options
    }
}

/// The two reading choices a user makes per file on the command line or per dataset in a grid spec
/// (`strict_header`, `on_bad_lines`).
public struct CSVReadPolicy: Sendable, Equatable, Codable {
    public var strictHeader: Bool
    public var onBadLines: CSVOptions.BadLinePolicy

    public init(strictHeader: Bool = false, onBadLines: CSVOptions.BadLinePolicy = .error) {
        self.strictHeader = strictHeader; self.onBadLines = onBadLines
    }

    enum CodingKeys: String, CodingKey { case strictHeader = "strict_header", onBadLines = "on_bad_lines" }
}

extension CSVOptions {
    /// These options with `policy`'s header and bad-line choices.
    public func applying(_ policy: CSVReadPolicy) -> CSVOptions {
        var o = self
        o.strictHeader = policy.strictHeader
        o.onBadLines = policy.onBadLines
        return o
    }
}
