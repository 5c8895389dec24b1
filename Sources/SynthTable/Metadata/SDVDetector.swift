/// SDV's single-table metadata detection (`SingleTableMetadata._detect_columns`, SDV 1.38), rule for rule.
///
/// Per column, in order:
/// 1. the name names a PII type (``piiSdtype(forColumnName:)``) or contains the token `id` -> that sdtype;
/// 2. otherwise by the pandas dtype of the non-missing values: bool -> categorical, datetime -> datetime,
///    numbers -> ``sdtypeForNumbers(_:)``, strings -> datetime if they parse as dates, else categorical;
/// 3. primary key: the first candidate (unique, no missing values, and either name-detected `id`, whole
///    non-negative numbers, or non-date strings, with more than 5 rows) becomes the key with sdtype `id`;
///    failing that, the first unique PII column (its sdtype is kept).
public enum SDVDetector {
    /// Rows needed before SDV reads anything from the values (`_MIN_ROWS_FOR_PREDICTION`).
    public static let minRowsForPrediction = 5
    /// SDV's cap on the number of categories a number column may have to count as categorical (SDV #1584).
    public static let categoricalCap = 10

    /// SDV `_REFERENCE_TO_SDTYPE`, in SDV's order. "administativeunit" is spelt as in SDV.
    public static let referenceToSdtype: [(reference: String, sdtype: SDVSdtype)] = [
        ("phonenumber", .phoneNumber), ("email", .email), ("ssn", .ssn), ("firstname", .firstName),
        ("lastname", .lastName), ("countrycode", .countryCode), ("administativeunit", .administrativeUnit),
        ("state", .administrativeUnit), ("province", .administrativeUnit), ("stateabbr", .stateAbbr),
        ("city", .city), ("postalcode", .postcode), ("zipcode", .postcode), ("postcode", .postcode),
        ("streetaddress", .streetAddress), ("line1", .streetAddress), ("secondaryaddress", .secondaryAddress),
        ("line2", .secondaryAddress), ("latitude", .latitude), ("longitude", .longitude),
        ("ipv4", .ipv4Address), ("ipv4address", .ipv4Address), ("ipv6", .ipv6Address),
        ("ipv6address", .ipv6Address), ("ipaddress", .ipv6Address), ("macaddress", .macAddress),
        ("useragent", .userAgentString), ("useragentstring", .userAgentString), ("iban", .iban),
        ("swift", .swift11), ("swift11", .swift11), ("swift8", .swift8),
        ("creditcardnumber", .creditCardNumber), ("vin", .vin), ("licenseplate", .licensePlate),
        ("license", .licensePlate),
    ]

    /// Sdtypes whose reference words are common inside other words ("state" in "statement"), so they must
    /// match a whole token.
    static let ambiguousSdtypes: Set<SDVSdtype> = [.ssn, .administrativeUnit, .city, .vin]

    /// References matched as substrings of the cleaned name (SDV `_SDTYPES_WITHOUT_SUBSTRINGS`).
    public static let substringReferences = referenceToSdtype.filter { !ambiguousSdtypes.contains($0.sdtype) }
    /// References that must equal a whole token (SDV `_SDTYPES_WITH_SUBSTRINGS`). SDV iterates these as a
    /// Python set, whose order depends on the hash seed; SynthBench uses SDV's declaration order, which only
    /// matters for names holding two of them ("city_state").
    public static let tokenReferences = referenceToSdtype.filter { ambiguousSdtypes.contains($0.sdtype) }

    /// SDV `_tokenize_column_name`: split on space, `-` and `_`; a name with none of these that mixes case
    /// is split before each ASCII capital (`[A-Z][^A-Z]*`, so a lowercase prefix is dropped: "userId" ->
    /// ["id"]); tokens are lowercased; a name that yields nothing is its own token.
    public static func tokenize(_ name: String) -> [String] {
        var tokens = name.replacingAll(" ", with: "_").replacingAll("-", with: "_")
            .split(separator: "_", omittingEmptySubsequences: false).map(String.init)
        if tokens.count == 1 {
            tokens = []
            let rest = String(name.dropFirst())
            if name.uppercased() != name && rest.lowercased() != rest {
                tokens = capitalRuns(name)
            }
        }
        if tokens.isEmpty { tokens = [name] }
        return tokens.map { $0.lowercased() }
    }

    /// Python `re.findall('[A-Z][^A-Z]*', s)`.
    static func capitalRuns(_ s: String) -> [String] {
        var out: [String] = []
        var current: String.UnicodeScalarView? = nil
        for u in s.unicodeScalars {
            if u.value >= 65 && u.value <= 90 {
                if let c = current { out.append(String(c)) }
                current = String.UnicodeScalarView([u])
            } else if current != nil {
                current!.append(u)
            }
        }
        if let c = current { out.append(String(c)) }
        return out
    }

    /// SDV `_detect_pii_column`: the name lowercased and stripped of everything but ASCII letters and digits
    /// is searched for each unambiguous reference as a substring; then the tokens for the ambiguous ones.
    public static func piiSdtype(forColumnName name: String) -> SDVSdtype? {
        let cleaned = String(String.UnicodeScalarView(name.lowercased().unicodeScalars.filter {
            ($0.value >= 97 && $0.value <= 122) || ($0.value >= 65 && $0.value <= 90) || ($0.value >= 48 && $0.value <= 57)
        }))
        for (reference, sdtype) in substringReferences where cleaned.contains(reference) { return sdtype }
        let tokens = Set(tokenize(name))
        for (reference, sdtype) in tokenReferences where tokens.contains(reference) { return sdtype }
        return nil
    }

    /// SDV `_detect_id_column`: some token equals "id".
    public static func isIDName(_ name: String) -> Bool { tokenize(name).contains("id") }

    /// Python's `round(len(data) / 10)`: round half to even ("banker's rounding"), so 25 rows -> 2, 35 -> 4.
    public static func categoricalThreshold(rowCount: Int) -> Int {
        min(Int((Double(rowCount) / 10).rounded(.toNearestOrEven)), categoricalCap)
    }

    /// SDV `_determine_sdtype_for_numbers`: `categorical` iff there are more than 5 rows, every non-missing
    /// value is a whole number >= 0, and `nunique <= min(round(len / 10), 10)`; else `numerical`.
    /// The column is a primary-key candidate iff it is also unique without missing values (same conditions
    /// except the cardinality one).
    public static func sdtypeForNumbers(_ p: ColumnProfile) -> (sdtype: SDVSdtype, primaryKeyCandidate: Bool) {
        guard p.count > minRowsForPrediction, p.nonMissingCount > 0 else { return (.numerical, false) }
        let wholeNonNegative = p.allWhole && p.allNonNegative
        let categorical = wholeNonNegative && p.distinctCount <= categoricalThreshold(rowCount: p.count)
        return (categorical ? .categorical : .numerical, p.isUniqueWithoutMissing && wholeNonNegative)
    }

    /// The layout string values share, SDV-style: pandas' guess from the first non-missing value
    /// (``DatetimeFormat/guess(_:)``), and then every non-missing value must parse with it (SDV's
    /// `_get_datetime_format` + `to_datetime(format=..., errors='raise')`; SDV checks a random sample of
    /// 10,000 values when there are more, SynthBench all of them). nil when not dates.
    public static func datetimeFormat(ofStrings codes: [Int32], levels: [String], missing: [Bool]) -> DatetimeFormat? {
        var used = [Bool](repeating: false, count: levels.count)
        var first: Int? = nil
        for i in codes.indices where !missing[i] && codes[i] >= 0 {
            let c = Int(codes[i])
            if first == nil { first = c }
            used[c] = true
        }
        guard let firstCode = first else { return nil }
        guard let format = DatetimeFormat.guess(levels[firstCode]) else { return nil }
        for (c, level) in levels.enumerated() where used[c] {
            if format.parse(level.utf8) == nil { return nil }
        }
        return format
    }

    /// One column's reading before the primary key is chosen.
    public struct ColumnResult: Sendable, Equatable {
        public var sdtype: SDVSdtype
        public var datetimeFormat: String?
        /// Candidate from the values (or a name-detected unique `id`).
        public var primaryKeyCandidate: Bool
        /// Name-detected PII column with unique values: the fallback key.
        public var piiPrimaryKeyCandidate: Bool
    }

    /// SDV `_detect_sdtype_and_primary_key` for one column of the table.
    public static func detect(_ column: Column, profile p: ColumnProfile) -> ColumnResult {
        if let named = piiSdtype(forColumnName: column.name) ?? (isIDName(column.name) ? .id : nil) {
            let unique = p.isUniqueWithoutMissing
            return ColumnResult(sdtype: named, datetimeFormat: nil,
                                primaryKeyCandidate: unique && named == .id,
                                piiPrimaryKeyCandidate: unique && named != .id)
        }
        // pandas reads an all-missing column as float64 NaN: a number column with no values.
        if p.nonMissingCount == 0 {
            return ColumnResult(sdtype: .numerical, datetimeFormat: nil, primaryKeyCandidate: false, piiPrimaryKeyCandidate: false)
        }
        switch column.values {
        case .boolean:
            return ColumnResult(sdtype: .categorical, datetimeFormat: nil, primaryKeyCandidate: false, piiPrimaryKeyCandidate: false)
        case .datetime(_, let format):
            return ColumnResult(sdtype: .datetime, datetimeFormat: format.pattern, primaryKeyCandidate: false, piiPrimaryKeyCandidate: false)
        case .numerical, .integer:
            let (sdtype, pk) = sdtypeForNumbers(p)
            return ColumnResult(sdtype: sdtype, datetimeFormat: nil, primaryKeyCandidate: pk, piiPrimaryKeyCandidate: false)
        case .categorical(let codes, let levels):
            if let format = datetimeFormat(ofStrings: codes, levels: levels, missing: column.missing) {
                return ColumnResult(sdtype: .datetime, datetimeFormat: format.pattern, primaryKeyCandidate: false, piiPrimaryKeyCandidate: false)
            }
            let pk = p.count > minRowsForPrediction && p.isUniqueWithoutMissing
            return ColumnResult(sdtype: .categorical, datetimeFormat: nil, primaryKeyCandidate: pk, piiPrimaryKeyCandidate: false)
        }
    }

    /// SDV `_select_primary_key` (with `infer_sdtypes=True`): the first value-based or `id` candidate, else
    /// the first unique PII column.
    public static func primaryKey(names: [String], results: [ColumnResult]) -> String? {
        if let i = results.firstIndex(where: \.primaryKeyCandidate) { return names[i] }
        if let i = results.firstIndex(where: \.piiPrimaryKeyCandidate) { return names[i] }
        return nil
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: Character) -> String {
        String(map { $0 == target ? replacement : $0 })
    }
}
