import Foundation

/// Collects one CSV column's values in a single pass and settles its kind at the end.
///
/// Inference keeps one *hypothesis* per column, tried in this order: boolean (`true`/`false`, any case),
/// integer (whole numbers that fit `Int`), numerical (decimal numbers, `inf`), datetime, categorical.
/// A datetime column's layout is, by default, the one pandas guesses from its first present value
/// (``DatetimeFormat/guess(_:)``, as SDV detects dates), and every later value must parse with it, else
/// the column is categorical; with an explicit ``CSVOptions/datetimeFormats`` list it is the first layout
/// of the list that parses every value. Values are parsed into the typed array of the current hypothesis
/// as they arrive. When a value does not fit, the column moves to the first later hypothesis that fits it
/// and every earlier value: integer to numerical converts the stored integers (exact: both `Double(Int)`
/// and the decimal parser round correctly); a change of listed datetime layout re-parses the stored text;
/// anything else becomes categorical, dictionary-encoded from the stored text.
///
/// Until a column is categorical it keeps its raw text (one byte arena), so that falling back to
/// categorical reproduces each value's exact text (`007` stays `007`). Missing values are recorded in
/// the mask and take a placeholder in the typed array. A column with only missing values is numerical.
struct ColumnBuilder {
    enum Hypothesis: Equatable {
        /// Only missing values so far.
        case undecided
        case boolean, integer, numerical
        /// Index into `formats` (an Int, so that the per-value switch stays on a trivial enum).
        case datetime(Int)
        case categorical
    }

    let name: String
    let forced: ColumnKind?
    /// The listed layouts, or, when guessing, the layout guessed from the first value.
    private var formats: [DatetimeFormat]
    /// No layouts were listed: guess the layout from the first value, as pandas does.
    private let guessing: Bool
    private(set) var hypothesis: Hypothesis
    private var missing: [Bool] = []
    private var bools: [Bool] = []
    private var ints: [Int] = []
    /// Numerical values, or datetime seconds.
    private var doubles: [Double] = []
    private var codes: [Int32] = []
    private var dictionary = ByteDictionary()
    /// Raw text of every row (empty for missing rows), each followed by a 0 byte, while the column may
    /// still become categorical. Only values that parsed as a boolean, number or datetime are stored, so
    /// none contains a 0 byte.
    private var text: [UInt8] = []
    private var keepsText: Bool

    init(name: String, forced: ColumnKind?, formats: [DatetimeFormat]) {
        self.name = name
        self.forced = forced
        self.formats = formats
        self.guessing = formats.isEmpty
        switch forced {
        case nil, .datetime: hypothesis = .undecided
        case .boolean: hypothesis = .boolean
        case .integer: hypothesis = .integer
        case .numerical: hypothesis = .numerical
        case .categorical: hypothesis = .categorical
        }
        keepsText = forced == nil
    }

    var rowCount: Int { missing.count }

    /// Records a missing value.
    @inline(__always)
    mutating func appendMissing() {
        missing.append(true)
        switch hypothesis {
        case .undecided: break
        case .boolean: bools.append(false)
        case .integer: ints.append(0)
        case .numerical, .datetime: doubles.append(0)
        case .categorical: codes.append(-1)
        }
        if keepsText { text.append(0) }
    }

    /// Records a present value. `isText` marks a value that must be read as text (a quoted field when
    /// ``CSVOptions/quotedFieldsAreText`` is set); it is ignored for a forced kind. Returns false when the
    /// kind is forced and the value does not parse as it.
    @inline(__always)
    mutating func append(_ v: UnsafeBufferPointer<UInt8>, isText: Bool) -> Bool {
        if !isText || forced != nil {
            switch hypothesis {
            case .categorical:
                codes.append(dictionary.code(of: v))
                missing.append(false)
                return true
            case .numerical:
                if let x = FieldParsers.parseDouble(v) { doubles.append(x); pushPresent(v); return true }
            case .integer:
                if let x = FieldParsers.parseInt(v) { ints.append(x); pushPresent(v); return true }
            case .boolean:
                if let x = FieldParsers.parseBool(v) { bools.append(x); pushPresent(v); return true }
            case .datetime(let f):
                if let x = formats[f].parse(v) { doubles.append(x); pushPresent(v); return true }
            case .undecided:
                break
            }
        } else if hypothesis == .categorical {
            codes.append(dictionary.code(of: v))
            missing.append(false)
            return true
        }
        if let forced { return adoptForced(forced, v) }
        let fresh = isText ? Hypothesis.categorical : classify(v)
        adopt(fresh, for: v)
        return true
    }

    @inline(__always)
    private mutating func pushPresent(_ v: UnsafeBufferPointer<UInt8>) {
        missing.append(false)
        if keepsText {
            text.append(contentsOf: v)
            text.append(0)
        }
    }

    /// The first hypothesis that accepts `v` on its own.
    private mutating func classify(_ v: UnsafeBufferPointer<UInt8>) -> Hypothesis {
        if FieldParsers.parseBool(v) != nil { return .boolean }
        if FieldParsers.parseInt(v) != nil { return .integer }
        if FieldParsers.parseDouble(v) != nil { return .numerical }
        if guessing { return DatetimeFormat.guess(v).map { .datetime(index(of: $0)) } ?? .categorical }
        for (i, f) in formats.enumerated() where f.parse(v) != nil { return .datetime(i) }
        return .categorical
    }

    /// The index of `format` in `formats`, appending it when new.
    private mutating func index(of format: DatetimeFormat) -> Int {
        if let i = formats.firstIndex(of: format) { return i }
        formats.append(format)
        return formats.count - 1
    }

    /// Moves an inferred column to the first hypothesis that accepts `v` (classified as `fresh`) and all
    /// earlier values, then appends `v`.
    private mutating func adopt(_ fresh: Hypothesis, for v: UnsafeBufferPointer<UInt8>) {
        switch (hypothesis, fresh) {
        case (.undecided, _):
            hypothesis = fresh
            let n = missing.count
            switch fresh {
            case .boolean: bools = Array(repeating: false, count: n)
            case .integer: ints = Array(repeating: 0, count: n)
            case .numerical, .datetime: doubles = Array(repeating: 0, count: n)
            case .categorical: becomeCategorical()
            case .undecided: preconditionFailure("a present value cannot be undecided")
            }
        case (.integer, .numerical):
            doubles = ints.map(Double.init)
            ints = []
            hypothesis = .numerical
        case (.datetime, .datetime) where !guessing:
            if let f = formats.indices.first(where: { formats[$0].parse(v) != nil && parsesAllText(formats[$0]) }) {
                hypothesis = .datetime(f)
                var seconds = [Double]()
                seconds.reserveCapacity(missing.count + 1)
                forEachStoredText { r, t in seconds.append(missing[r] ? 0 : formats[f].parse(t)!); return true }
                doubles = seconds
            } else {
                becomeCategorical()
            }
        default:
            becomeCategorical()
        }
        let accepted = append(v, isText: hypothesis == .categorical)
        precondition(accepted, "the adopted hypothesis must accept the value that chose it")
    }

    /// A forced-kind column receiving a value its current state does not accept: only an undecided
    /// forced datetime column may still choose its layout.
    private mutating func adoptForced(_ kind: ColumnKind, _ v: UnsafeBufferPointer<UInt8>) -> Bool {
        guard kind == .datetime, hypothesis == .undecided,
              let f = guessing ? DatetimeFormat.guess(v).map({ index(of: $0) }) : formats.firstIndex(where: { $0.parse(v) != nil })
        else { return false }
        hypothesis = .datetime(f)
        doubles = Array(repeating: 0, count: missing.count)
        return append(v, isText: false)
    }

    private func parsesAllText(_ f: DatetimeFormat) -> Bool {
        var all = true
        forEachStoredText { r, t in
            all = missing[r] || f.parse(t) != nil
            return all
        }
        return all
    }

    /// Calls `body(row, text)` for the stored rows in order until it returns false. (A copy of the
    /// arena is iterated, so `body` may mutate the builder.)
    private func forEachStoredText(_ body: (Int, UnsafeBufferPointer<UInt8>) -> Bool) {
        let text = self.text, rows = missing.count
        text.withUnsafeBufferPointer { all in
            guard let base = all.baseAddress else { return }
            var start = 0
            for r in 0..<rows {
                let end = UnsafeRawPointer(base + start).distance(
                    to: UnsafeRawPointer(memchr(base + start, 0, all.count - start)!)) + start
                if !body(r, UnsafeBufferPointer(start: base + start, count: end - start)) { return }
                start = end + 1
            }
        }
    }

    /// Dictionary-encodes the stored text of every earlier row and drops the other arrays.
    private mutating func becomeCategorical() {
        var newCodes = [Int32]()
        newCodes.reserveCapacity(missing.count + 1)
        forEachStoredText { r, t in
            newCodes.append(missing[r] ? -1 : dictionary.code(of: t))
            return true
        }
        codes = newCodes
        bools = []; ints = []; doubles = []; text = []
        keepsText = false
        hypothesis = .categorical
    }

    /// The finished column.
    func column() -> Column {
        let values: ColumnValues
        switch hypothesis {
        case .undecided:
            let n = missing.count
            switch forced ?? .numerical {
            case .numerical: values = .numerical(Array(repeating: 0, count: n))
            case .integer: values = .integer(Array(repeating: 0, count: n))
            case .boolean: values = .boolean(Array(repeating: false, count: n))
            case .categorical: values = .categorical(codes: Array(repeating: -1, count: n), levels: [])
            case .datetime: values = .datetime(seconds: Array(repeating: 0, count: n), format: formats.first ?? .isoDate)
            }
        case .boolean: values = .boolean(bools)
        case .integer: values = .integer(ints)
        case .numerical: values = .numerical(doubles)
        case .datetime(let f): values = .datetime(seconds: doubles, format: formats[f])
        case .categorical: values = .categorical(codes: codes, levels: dictionary.levels())
        }
        return Column(name: name, values: values, missing: missing)
    }
}
