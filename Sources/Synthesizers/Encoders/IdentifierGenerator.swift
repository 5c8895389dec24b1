import SynthMath
import SynthTable

/// Generates the values of a column SDV does not model, as SDV's `DataProcessor` configures RDT:
/// - `id` columns: numeric ones are running numbers 0, 1, 2, ... (SDV's numeric id generator); text ones
///   come from a ``RegexPattern`` (RDT `RegexGenerator`, unique): the column's `regex_format`, else the
///   pattern the training values share (``PatternInference``; SDV would keep its default), else SDV's
///   default `[0-1a-z]{5}`.
/// - PII sdtypes (RDT `AnonymizedFaker`): text values from the sdtype's ``PIIProvider``, unique when the
///   column is a primary or alternate key; coordinates from ``CoordinateSampler``; `date_of_birth` on a
///   datetime column as dates; a PII sdtype on another numeric column gets random integers with as many
///   digits as the training values (SDV's rule for numeric `unknown` columns).
/// - `unknown`: SDV's `sdv-pii-[0-9a-z]{5}` for text, the digit rule above for numbers.
/// Missing values (PII and `unknown`, not ids) are regenerated as RDT does: exactly ⌊rate·n⌋ rows,
/// chosen at random. Nothing else is taken from the training rows: the values are new.
public struct IdentifierGenerator: Sendable, Equatable {
    public enum Style: Sendable, Equatable {
        case runningInteger
        case runningNumber
        /// Strings matching the pattern (parsed as numbers for a numeric column); `origin` says where the
        /// pattern came from: `regex_format`, `inferred` or `default`.
        case regex(RegexPattern, origin: String)
        case pii(PIIProvider)
        /// Latitude or longitude; `pairKey` names the pair when it draws places together with another column.
        case coordinate(latitude: Bool, mode: CoordinateMode, pairKey: String?)
        /// Random integers with `minDigits...maxDigits` digits (Faker's `numerify('!!%##')`).
        case digits(minDigits: Int, maxDigits: Int)
        case dateOfBirth
    }

    /// SDV's default `regex_format` for a text id (`DataProcessor.create_regex_generator`).
    public static let defaultTextRegex = "[0-1a-z]{5}"
    /// SDV's format for text `unknown` columns (`bothify('sdv-pii-?????')` over `[0-9a-z]`).
    public static let unknownTextRegex = "sdv-pii-[0-9a-z]{5}"

    public let name: String
    /// The kind of the generated column (the training column's).
    public let kind: ColumnKind
    public var style: Style
    /// Every value distinct (ids and keys).
    public let unique: Bool
    /// Share of missing rows to regenerate.
    public let missingRate: Double
    /// Layout of a datetime column.
    let datetimeFormat: DatetimeFormat?

    /// Nil for a column of a kind that cannot hold generated values (boolean; datetime unless its sdtype
    /// is `date_of_birth`).
    public init?(fitting column: Column, metadata meta: ColumnMetadata, isKey: Bool,
                 coordinates: CoordinateMode = .places) throws(SynthesisError) {
        name = column.name
        kind = column.kind
        let numeric = column.kind == .integer || column.kind == .numerical
        var format: DatetimeFormat? = nil
        switch column.values {
        case .boolean: return nil
        case .datetime(_, let f):
            guard meta.sdtype == .dateOfBirth else { return nil }
            format = f
        default: break
        }
        datetimeFormat = format
        missingRate = meta.sdtype == .id || isKey || column.count == 0
            ? 0 : Double(column.missingCount) / Double(column.count)
        switch meta.sdtype {
        case .id:
            unique = true
            if let regex = meta.regexFormat {
                let pattern = try Self.pattern(regex, column: column.name)
                if numeric && (!pattern.matchesDigitsOnly || pattern.maxLength > 18) {
                    throw .invalidData("column '\(column.name)' is numeric, so its regex_format '\(regex)' must produce at most 18 digits and nothing else")
                }
                style = .regex(pattern, origin: "regex_format")
            } else if numeric {
                style = column.kind == .integer ? .runningInteger : .runningNumber
            } else if let inferred = PatternInference.regexFormat(of: Self.presentLevels(column)),
                      let pattern = try? RegexPattern(inferred) {
                style = .regex(pattern, origin: "inferred")
            } else {
                style = .regex(try Self.pattern(Self.defaultTextRegex, column: column.name), origin: "default")
            }
        case .unknown:
            unique = isKey
            style = numeric ? Self.digitsStyle(column) : .regex(try Self.pattern(Self.unknownTextRegex, column: column.name), origin: "default")
            if numeric && isKey { style = column.kind == .integer ? .runningInteger : .runningNumber }
        default:
            unique = isKey
            guard let provider = PIIProvider(sdtype: meta.sdtype) else { return nil }
            if provider == .latitude || provider == .longitude {
                style = .coordinate(latitude: provider == .latitude, mode: coordinates, pairKey: nil)
            } else if provider == .dateOfBirth && column.kind == .datetime {
                style = .dateOfBirth
            } else if numeric {
                style = isKey ? (column.kind == .integer ? .runningInteger : .runningNumber) : Self.digitsStyle(column)
            } else {
                style = .pii(provider)
            }
        }
    }

    static func pattern(_ source: String, column: String) throws(SynthesisError) -> RegexPattern {
        do { return try RegexPattern(source) } catch {
            throw .invalidData("column '\(column)': \(error.description)")
        }
    }

    /// The distinct values a categorical column holds (levels no row uses are left out).
    static func presentLevels(_ column: Column) -> [String] {
        guard case .categorical(let codes, let levels) = column.values else { return [] }
        var used = [Bool](repeating: false, count: levels.count)
        for c in codes where c >= 0 { used[Int(c)] = true }
        return levels.indices.filter { used[$0] }.map { levels[$0] }
    }

    /// SDV's numeric `unknown` rule: as many digits as the smallest to the largest magnitude seen.
    static func digitsStyle(_ column: Column) -> Style {
        var lo = Double.infinity, hi = 0.0
        for (v, m) in zip(column.doubles(), column.missing) where !m && v.isFinite {
            lo = min(lo, abs(v)); hi = max(hi, abs(v))
        }
        guard lo.isFinite else { return .digits(minDigits: 1, maxDigits: 1) }
        let digits: (Double) -> Int = { String(Int(min($0, 1e18))).count }
        return .digits(minDigits: digits(lo), maxDigits: max(digits(lo), digits(hi)))
    }

    /// True for the coordinate columns (``TableTransformer`` pairs them).
    public var isCoordinate: Bool {
        if case .coordinate = style { return true }
        return false
    }

    /// `count` values. `placeStream` is shared by the two columns of a coordinate pair.
    public func generate(count: Int, stream: inout RandomStream, placeStream: RandomStream? = nil) -> Column {
        var column: Column
        switch style {
        case .runningInteger:
            column = Column(name: name, values: .integer(Array(0..<count)))
        case .runningNumber:
            column = Column(name: name, values: .numerical((0..<count).map(Double.init)))
        case .regex(let pattern, _):
            var s = stream.derived("regex")
            let strings = unique ? RegexSampler.distinct(pattern, count: count, stream: &s)
                : (0..<count).map { _ in pattern.randomString(&s) }
            column = numericOrText(strings)
        case .pii(let provider):
            var s = stream.derived("values")
            let (codes, levels) = unique ? Self.distinct(count, provider, &s)
                : Self.encoded(count, provider, expectedDistinct: provider.vocabulary?.count ?? count, &s)
            column = Column(name: name, values: .categorical(codes: codes, levels: levels))
        case .coordinate(let latitude, let mode, let pairKey):
            var places = placeStream ?? stream.derived("places:\(pairKey ?? name)")
            var s = stream.derived("jitter")
            let values = CoordinateSampler.values(latitude: latitude, count: count, mode: mode, placeStream: &places,
                                                  stream: &s)
            switch kind {
            case .integer: column = Column(name: name, values: .integer(values.map { Int($0.rounded()) }))
            case .numerical: column = Column(name: name, values: .numerical(values))
            default: column = text(values.map(PIIProvider.decimal))
            }
        case .digits(let lo, let hi):
            var s = stream.derived("digits")
            column = numericOrText((0..<count).map { _ in Self.numerify(minDigits: lo, maxDigits: hi, &s) })
        case .dateOfBirth:
            var s = stream.derived("values")
            let seconds = (0..<count).map { _ in PIIProvider.dateOfBirthSeconds(&s) }
            column = Column(name: name, values: .datetime(seconds: seconds, format: datetimeFormat ?? .isoDate))
        }
        guard missingRate > 0 else { return column }
        var s = stream.derived("missing")
        let missingCount = Int(missingRate * Double(count))
        var mask = [Bool](repeating: false, count: count)
        for i in s.permutation(count).prefix(missingCount) { mask[i] = true }
        return Column(name: column.name, values: column.values, missing: mask)
    }

    /// Strings as the column's kind: numbers parsed for a numeric column (the patterns allowed there
    /// produce digits only), dictionary-encoded text otherwise.
    private func numericOrText(_ strings: [String]) -> Column {
        switch kind {
        case .integer: Column(name: name, values: .integer(strings.map { Int($0) ?? Int.max }))
        case .numerical: Column(name: name, values: .numerical(strings.map { Double($0) ?? .nan }))
        default: text(strings)
        }
    }

    /// Dictionary-encoded text.
    private func text(_ strings: [String]) -> Column {
        if unique {
            return Column(name: name, values: .categorical(codes: (0..<strings.count).map(Int32.init), levels: strings))
        }
        var index = [String: Int32]()
        var levels: [String] = []
        let codes = strings.map { v -> Int32 in
            if let c = index[v] { return c }
            let c = Int32(levels.count)
            index[v] = c
            levels.append(v)
            return c
        }
        return Column(name: name, values: .categorical(codes: codes, levels: levels))
    }

    /// `count` provider values, dictionary-encoded by their bytes (codes in order of first appearance): no
    /// `String` per row, one per distinct value. `expectedDistinct` sizes the index up front (most PII columns
    /// are nearly all distinct, and growing the index costs more than the values themselves).
    static func encoded(_ count: Int, _ provider: PIIProvider, expectedDistinct: Int,
                        _ s: inout RandomStream) -> (codes: [Int32], levels: [String]) {
        var index = ByteDictionary(capacity: min(expectedDistinct, count))
        let codes = ASCIIWriter.reusing { w in
            (0..<count).map { _ -> Int32 in
                w.reset()
                provider.write(into: &w, &s)
                return index.code(of: w.written)
            }
        }
        return (codes, index.levels())
    }

    /// `count` distinct provider values as codes 0..<count and their levels, in the order drawn: draws until
    /// `count` values or 1,000 repeats in a row; when the provider runs out (a list shorter than the rows),
    /// RDT's fallback: distinct random six-letter strings (`bothify('??????')`). Keyed by bytes, as ``encoded``;
    /// emails and user names tell a repeat from their parts' code first (``CodedDraw``), same values.
    static func distinct(_ count: Int, _ provider: PIIProvider,
                         _ s: inout RandomStream) -> (codes: [Int32], levels: [String]) {
        var index = ByteDictionary(capacity: count, averageKeyLength: provider == .email ? 24 : 16)
        let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
        ASCIIWriter.reusing { w in
            func fill(maxMisses: Int, _ draw: (inout ASCIIWriter) -> Void) {
                var misses = 0
                while index.count < count && misses < maxMisses {
                    w.reset()
                    draw(&w)
                    let before = index.count
                    _ = index.code(of: w.written)
                    misses = index.count > before ? 0 : misses + 1
                }
            }
            switch provider {
            case .email: fillCoded(EmailParts.self, upTo: count, maxMisses: 1000, &index, &w, &s)
            case .userName: fillCoded(UserNameParts.self, upTo: count, maxMisses: 1000, &index, &w, &s)
            default: fill(maxMisses: 1000) { provider.write(into: &$0, &s) }
            }
            fill(maxMisses: .max) { $0.append(random: 6, from: letters, &s) }
        }
        return (Array(0..<Int32(count)), index.levels())
    }

    /// The first phase of ``distinct`` for a provider with coded draws: a repeat is found from one bit per
    /// code (equal codes, equal values), so only new values are written, and they are added to `index`
    /// without a lookup (it indexes them only if the fallback phase looks keys up).
    static func fillCoded<Value: CodedDraw>(_: Value.Type, upTo count: Int, maxMisses: Int,
                                            _ index: inout ByteDictionary, _ w: inout ASCIIWriter,
                                            _ s: inout RandomStream) {
        var seen = [UInt64](repeating: 0, count: (Value.codeCount + 63) / 64)
        seen.withUnsafeMutableBufferPointer { seen in
            var misses = 0
            while index.count < count && misses < maxMisses {
                let value = Value.draw(&s)
                let code = value.code, bit: UInt64 = 1 << UInt64(code & 63)
                if seen[code >> 6] & bit != 0 { misses += 1; continue }
                seen[code >> 6] |= bit
                misses = 0
                w.reset()
                value.write(into: &w)
                _ = index.appendNew(w.written)
            }
        }
    }

    /// Faker's `numerify('!' * (max - min) + '%' + '#' * (min - 1))`: optional digits, a non-zero digit,
    /// then digits.
    static func numerify(minDigits: Int, maxDigits: Int, _ s: inout RandomStream) -> String {
        var bytes: [UInt8] = []
        for _ in 0..<(maxDigits - minDigits) where s.nextInt(below: 2) == 1 { bytes.append(UInt8(48 + s.nextInt(below: 10))) }
        bytes.append(UInt8(49 + s.nextInt(below: 9)))
        for _ in 0..<max(0, minDigits - 1) { bytes.append(UInt8(48 + s.nextInt(below: 10))) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
