import SynthCore

/// A problem with metadata a user wrote or asked for. Every case names the JSON key or column at fault.
public enum MetadataError: Error, Equatable, CustomStringConvertible {
    /// A metadata file (or bytes) that cannot be read as a document: malformed JSON, a value of the wrong
    /// JSON type, an unknown key, an SDV feature SynthBench cannot honour; located by file and JSON path.
    case file(JSONPathError)
    /// A column named under `key` that the table does not have.
    case unknownColumn(key: String, column: String, available: [String])
    /// An sdtype that is not an SDV sdtype SynthBench supports.
    case unknownSdtype(column: String, value: String)
    /// An attribute SDV does not accept for the column's sdtype (e.g. `datetime_format` on a numerical column).
    case attributeNotAllowed(column: String, attribute: String, sdtype: SDVSdtype)
    /// A value outside its allowed set, with the key's path and what is allowed.
    case invalidValue(path: String, value: String, allowed: [String])
    /// A feature of SDV metadata SynthBench does not support (sequence keys, composite keys, ...).
    case unsupported(path: String, reason: String)
    /// The primary or an alternate key names a column whose sdtype is neither `id` nor a PII type.
    case invalidKey(key: String, column: String, sdtype: SDVSdtype)
    /// The metadata declares a storage kind the table's column does not have.
    case kindMismatch(column: String, declared: ColumnKind, actual: ColumnKind)
    /// A task other than `none` without a target column, or a target without a task.
    case inconsistentTarget(String)
    /// A complete metadata document lacks something every column needs.
    case incomplete(column: String, missing: String)
    /// The same column is listed twice under `key`.
    case duplicateColumn(key: String, column: String)

    public var description: String {
        switch self {
        case .file(let e): "metadata file \(e)"
        case .unknownColumn(let k, let c, let a):
            "metadata: '\(k)' names column '\(c)', which the table does not have; columns are: \(a.joined(separator: ", "))"
        case .unknownSdtype(let c, let v):
            "metadata: column '\(c)' has unknown sdtype '\(v)'; supported: \(SDVSdtype.allCases.map(\.rawValue).joined(separator: ", "))"
        case .attributeNotAllowed(let c, let a, let s):
            "metadata: column '\(c)': '\(a)' is not allowed for sdtype \(s.rawValue) (allowed: \(s.allowedAttributes.sorted().joined(separator: ", ")))"
        case .invalidValue(let p, let v, let a):
            "metadata: '\(p)' is '\(v)'; expected one of: \(a.joined(separator: ", "))"
        case .unsupported(let p, let r): "metadata: '\(p)' is not supported: \(r)"
        case .invalidKey(let k, let c, let s):
            "metadata: \(k) '\(c)' has sdtype \(s.rawValue); a key must have sdtype id or a PII sdtype (set \"\(k)\": null for none, or give the column sdtype id)"
        case .kindMismatch(let c, let d, let a):
            "metadata: column '\(c)' is declared \(d.rawValue) but the table's column is \(a.rawValue)"
        case .inconsistentTarget(let m): "metadata: \(m)"
        case .incomplete(let c, let m): "metadata: column '\(c)' lacks '\(m)', which a complete metadata document must give"
        case .duplicateColumn(let k, let c): "metadata: column '\(c)' is listed twice under '\(k)'"
        }
    }
}
