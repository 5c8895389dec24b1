/// Why an evaluation could not run: bad input a user can cause (a synthetic table without a column the
/// metadata names, an invalid threshold in the environment) or a metric that does not exist yet for the
/// input. Each case names what is wrong and where.
public enum EvaluationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A column the metadata describes is absent from one of the tables ("real", "synthetic", "hold-out").
    case missingColumn(table: String, column: String)
    /// A table has a column the metadata does not describe.
    case columnNotInMetadata(table: String, column: String)
    /// The metadata's target column is not set although the task needs it.
    case missingTarget(task: String)
    /// A column's storage does not fit what the metric needs (e.g. text in a numerical column).
    case wrongColumnKind(column: String, kind: String, expected: String)
    /// An environment variable holds a value that is not allowed.
    case invalidEnvironment(variable: String, value: String, expected: String)
    /// An option passed in code is out of its domain.
    case invalidOption(name: String, value: String, expected: String)
    /// The metric cannot yet be computed for this input; the reason says what is missing.
    case unsupported(metric: String, reason: String)

    public var description: String {
        switch self {
        case .missingColumn(let t, let c):
            "the \(t) table has no column '\(c)', which the metadata describes"
        case .columnNotInMetadata(let t, let c):
            "the \(t) table has a column '\(c)' that the metadata does not describe"
        case .missingTarget(let task):
            "the task is '\(task)' but the metadata names no target column"
        case .wrongColumnKind(let c, let k, let e):
            "column '\(c)' is stored as \(k), but \(e) is needed"
        case .invalidEnvironment(let v, let value, let e):
            "environment variable \(v)='\(value)' is invalid: expected \(e)"
        case .invalidOption(let n, let v, let e):
            "option \(n) = \(v) is invalid: expected \(e)"
        case .unsupported(let m, let r):
            "\(m) cannot be computed: \(r)"
        }
    }
}
