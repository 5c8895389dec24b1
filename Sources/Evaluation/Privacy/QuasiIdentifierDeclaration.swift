import SynthTable

/// One declared quasi-identifier: a metadata column and the ``Generalisation`` the exact k-anonymity family
/// applies to it (`age:interval=10`; a bare name is exact). The other users of the declaration (the k-means
/// `cluster_*` forms, the Anonymeter attacks) take the column only.
public struct QuasiIdentifierDeclaration: Sendable {
    public let column: ColumnMetadata
    let generalisation: Generalisation
    /// The declaration as written and where (`--quasi-identifiers`, a spec's `quasi_identifiers`), which errors name.
    let text: String
    let source: String

    /// `column` compared by exact value, chosen automatically (not declared: errors name it by its name).
    static func exact(_ column: ColumnMetadata) -> QuasiIdentifierDeclaration {
        QuasiIdentifierDeclaration(column: column, generalisation: .exact, text: column.name, source: "quasi_identifiers")
    }

    /// The rule as `details` show it (`exact` without one).
    public var rule: String { generalisation.description }

    /// The error naming this declaration, its place and what was `expected`.
    func reject(_ expected: String) -> EvaluationError {
        .invalidOption(name: source, value: text, expected: expected)
    }

    /// This column of `table` (named `tableName` in errors) generalised; an error names the declaration.
    func generalised(_ table: Table, _ tableName: String) throws(EvaluationError) -> Column {
        guard let c = table[column.name] else { throw .missingColumn(table: tableName, column: column.name) }
        return try generalisation.apply(c, table: tableName, reject: reject)
    }
}
