import SynthCore

/// Errors a user can cause while configuring, fitting or sampling a synthesizer.
public enum SynthesisError: Error, Equatable, CustomStringConvertible {
    case cancelled
    /// The method name is not known to either backend; `suggestion` is a near name or alias
    /// (``MethodCatalog/suggestion(for:)``).
    case unknownMethod(String, available: [String], suggestion: String? = nil)
    /// Known, but neither backend implements it yet.
    case notImplemented(method: String, available: [String])
    /// A parameter the method does not have.
    case unknownParameter(method: String, name: String, allowed: [String])
    /// A parameter value of the wrong type or out of range.
    case invalidParameter(method: String, name: String, value: String, requirement: String)
    /// The table cannot be fitted as given (empty, no usable column, ...).
    case invalidData(String)
    /// One value of the fitted table that cannot be fitted: `row` is 0-based in the table given to `fit`, and
    /// `problem` reads after "column 'c' row r" ("holds inf; numerical values must be finite"). The pipeline
    /// names the file's line instead when it knows it (`RowOrigin.locating`).
    case invalidValue(column: String, row: Int, problem: String)
    /// `sample` before `fit`.
    case notFitted(method: String)
    /// A numerical failure the method could not recover from.
    case numerical(String)
    /// Differential privacy was requested for a method that gives no DP guarantee.
    case notDifferentiallyPrivate(method: String, privateMethods: [String])

    public var description: String {
        switch self {
        case .cancelled: "cancelled"
        case .unknownMethod(let m, let a, let near):
            "unknown method '\(m)'\(near.map { " (did you mean '\($0)'?)" } ?? ""); available: \(a.joined(separator: ", "))"
        case .notImplemented(let m, let a):
            "method '\(m)' is not implemented by either backend yet; available: \(a.joined(separator: ", "))"
        case .unknownParameter(let m, let n, let a):
            "method '\(m)' has no parameter '\(n)'\(ClosestName.suggestion(for: n, among: a).map { " (did you mean '\($0)'?)" } ?? ""); parameters: \(a.isEmpty ? "(none)" : a.joined(separator: ", "))"
        case .invalidParameter(let m, let n, let v, let r): "method '\(m)': parameter \(n)=\(v) is invalid: \(r)"
        case .invalidData(let s): "invalid data: \(s)"
        case .invalidValue(let c, let r, let p): "invalid data: column '\(c)' row \(r + 1) \(p)"
        case .notFitted(let m): "method '\(m)' was sampled before it was fitted"
        case .numerical(let s): "numerical failure: \(s)"
        case .notDifferentiallyPrivate(let m, let a):
            "DP was requested but method '\(m)' gives no differential-privacy guarantee; DP methods: \(a.joined(separator: ", "))"
        }
    }
}
