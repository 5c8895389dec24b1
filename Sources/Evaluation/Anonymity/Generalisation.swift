import SynthTable

/// How a quasi-identifier's values are coarsened before the exact equivalence classes form (ARX's
/// generalisation hierarchies), applied the same way to the real and the synthetic table. Without one a
/// continuous column makes nearly every row a class of its own. The rules, as written after the column's name
/// and a colon (`age:interval=10`):
///
/// - `interval=W` or `interval=W@O` (numerical): bands [O + iW, O + (i+1)W), anchored at O (default 0), as ARX's
///   interval-based hierarchy with fixed-width intervals;
/// - `cuts=a|b|c` (numerical): the bands below a, [a, b), [b, c) and from c, as ARX's intervals with explicit bounds;
/// - `prefix=N` (categorical): the first N characters (ARX's redaction-based hierarchy, left-aligned, redacting
///   from the right: `13053` → `130**`); a shorter value stays whole;
/// - `hierarchy=FILE@L` (categorical): level L of an ARX hierarchy file (``GeneralisationHierarchy``);
/// - `truncate=year|month|day` (datetime): the UTC calendar year, month or day.
///
/// A missing value stays a value of its own under every rule (as without a rule). Each group becomes a category
/// label (`[10, 20)`, `130`, `2024-03`), so the classes are then formed as on any categorical column.
enum Generalisation: Sendable, Equatable {
    case exact
    case interval(width: Double, origin: Double)
    case cuts([Double])
    case prefix(Int)
    case hierarchy(GeneralisationHierarchy, level: Int)
    case truncate(DatetimeUnit)

    enum DatetimeUnit: String, Sendable, CaseIterable { case year, month, day }

    /// The rule as `details` show it, in the syntax it is declared with (`exact` without one).
    var description: String {
        switch self {
        case .exact: "exact"
        case .interval(let w, let o): "interval=\(formatDouble(w))" + (o == 0 ? "" : "@\(formatDouble(o))")
        case .cuts(let c): "cuts=" + c.map(formatDouble).joined(separator: "|")
        case .prefix(let n): "prefix=\(n)"
        case .hierarchy(let h, let level): "hierarchy=\(h.path)@\(level)"
        case .truncate(let unit): "truncate=\(unit.rawValue)"
        }
    }

    /// Parses `rule` (the text after `column:`) for `column`; `reject(why)` makes the error that names the
    /// declaration and where it was written.
    static func parse(_ rule: Substring, for column: ColumnMetadata,
                      reject: (String) -> EvaluationError) throws(EvaluationError) -> Generalisation {
        let rules = "interval=W[@O], cuts=a|b|c, prefix=N, hierarchy=FILE@LEVEL or truncate=year|month|day"
        guard let eq = rule.firstIndex(of: "=") else { throw reject("a rule after '\(column.name):' (\(rules)), not '\(rule)'") }
        let name = String(rule[..<eq]), argument = String(rule[rule.index(after: eq)...])
        let fits: [String: SDVSdtype] = ["interval": .numerical, "cuts": .numerical, "prefix": .categorical,
                                         "hierarchy": .categorical, "truncate": .datetime]
        guard let sdtype = fits[name] else { throw reject("a known rule (\(rules)); '\(name)' is none") }
        guard column.sdtype == sdtype else {
            throw reject("a rule for the column's sdtype: \(name) applies to \(sdtype.rawValue) columns, '\(column.name)' is \(column.sdtype.rawValue)")
        }
        func number(_ text: String, _ what: String) throws(EvaluationError) -> Double {
            guard let x = Double(text), x.isFinite else { throw reject("\(what) as a finite number, not '\(text)'") }
            return x
        }
        func count(_ text: String, _ what: String, atLeast low: Int) throws(EvaluationError) -> Int {
            guard let n = Int(text), n >= low else { throw reject("\(what) as a whole number of at least \(low), not '\(text)'") }
            return n
        }
        switch name {
        case "interval":
            let parts = argument.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let width = try number(parts[0], "the interval's width")
            guard width > 0 else { throw reject("a positive interval width, not \(parts[0])") }
            return .interval(width: width, origin: parts.count > 1 ? try number(parts[1], "the intervals' origin (after @)") : 0)
        case "cuts":
            var cuts: [Double] = []
            for part in argument.split(separator: "|", omittingEmptySubsequences: false) {
                cuts.append(try number(String(part), "each cut point (separated by |)"))
            }
            guard zip(cuts, cuts.dropFirst()).allSatisfy({ $0 < $1 }) else { throw reject("cut points in increasing order, each once") }
            return .cuts(cuts)
        case "prefix":
            return .prefix(try count(argument, "the prefix length", atLeast: 1))
        case "hierarchy":
            guard let at = argument.lastIndex(of: "@"), at != argument.startIndex else {
                throw reject("a hierarchy file and the level to use, FILE@LEVEL (e.g. countries.csv@1), not '\(argument)'")
            }
            let level = try count(String(argument[argument.index(after: at)...]), "the hierarchy level (after @)", atLeast: 0)
            do {
                return .hierarchy(try GeneralisationHierarchy(path: String(argument[..<at]), level: level), level: level)
            } catch {
                switch error {
                case .unreadable(let why), .malformed(let why): throw reject("a hierarchy file in ARX's format (value;level1;level2;...): \(why)")
                }
            }
        default:
            guard let unit = DatetimeUnit(rawValue: argument) else { throw reject("truncate=year, month or day, not '\(argument)'") }
            return .truncate(unit)
        }
    }

    /// `column` (of the table named `table`) with each value replaced by its group's label; unchanged when exact.
    func apply(_ column: Column, table: String, reject: (String) -> EvaluationError) throws(EvaluationError) -> Column {
        var labels: [String?] = []
        labels.reserveCapacity(column.count)
        switch self {
        case .exact:
            return column
        case .interval, .cuts, .truncate:
            let numeric: Set<ColumnKind> = [.numerical, .integer, .datetime]
            guard numeric.contains(column.kind) else {
                throw reject("numbers or datetimes in the \(table) table's column, which holds \(column.kind.rawValue) values")
            }
            for x in column.doubles() { labels.append(x.isNaN ? nil : label(x)) }
        case .prefix(let n):
            for i in 0..<column.count { labels.append(column.text(at: i).map { String($0.prefix(n)) }) }
        case .hierarchy(let h, _):
            for i in 0..<column.count {
                guard let value = column.text(at: i) else { labels.append(nil); continue }
                guard let group = h.groups[value] else {
                    throw reject("a hierarchy listing every value: '\(value)' of the \(table) table is not in \(h.path)")
                }
                labels.append(group)
            }
        }
        return .categorical(column.name, labels)
    }

    /// The group label of a number (a datetime in seconds since the epoch).
    private func label(_ x: Double) -> String {
        switch self {
        case .interval(let width, let origin):
            guard x.isFinite else { return formatDouble(x) }
            // The band's index, corrected where the division rounds across a bound (0.3 / 0.1 < 3).
            var i = ((x - origin) / width).rounded(.down)
            if origin + (i + 1) * width <= x { i += 1 } else if origin + i * width > x { i -= 1 }
            return "[\(formatDouble(origin + i * width)), \(formatDouble(origin + (i + 1) * width)))"
        case .cuts(let cuts):
            let above = cuts.filter { $0 <= x }.count
            if above == 0 { return "< \(formatDouble(cuts[0]))" }
            if above == cuts.count { return ">= \(formatDouble(cuts[above - 1]))" }
            return "[\(formatDouble(cuts[above - 1])), \(formatDouble(cuts[above])))"
        case .truncate(let unit):
            guard x.isFinite else { return formatDouble(x) }
            let (y, m, d) = DatetimeFormat.civilFromDays(Int64((x / 86_400).rounded(.down)))
            func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
            switch unit {
            case .year: return "\(y)"
            case .month: return "\(y)-\(two(m))"
            case .day: return "\(y)-\(two(m))-\(two(d))"
            }
        case .exact, .prefix, .hierarchy:
            preconditionFailure("\(description) does not group numbers")
        }
    }
}
