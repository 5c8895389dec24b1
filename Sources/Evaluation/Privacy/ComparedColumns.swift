import SynthTable

extension EvaluationInput {
    /// The columns the privacy and detection metrics compare rows on: metadata sdtype numerical, datetime,
    /// categorical or boolean. id, PII and unknown-sdtype columns are left out because their synthetic
    /// values are generated (unique strings, fake names) rather than learned, so they would make every
    /// synthetic row look new or every table look fake whatever the model did. Keyed on the metadata, never
    /// on the values.
    public var comparedColumns: [ColumnMetadata] {
        columns(withSdtypes: SDVSdtype.continuous.union(SDVSdtype.discrete))
    }

    /// `table` restricted to ``comparedColumns``, throwing naming `tableName` when one is missing.
    func comparedTable(_ table: Table, _ tableName: String) throws -> Table {
        let names = comparedColumns.map(\.name)
        for n in names where table[n] == nil { throw EvaluationError.missingColumn(table: tableName, column: n) }
        return try table.selectingColumns(names)
    }
}
