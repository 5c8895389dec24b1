import SynthTable

/// The quasi-identifiers of an evaluation: the columns an attacker may know from elsewhere (age, sex,
/// postcode) and link on. In practice they are declared by hand (sdcMicro's `keyVars`, ARX's attribute
/// types, Anonymeter's `aux_cols`), so a declared list wins; without one the `anonymity` suite falls back to
/// its automatic choice (the categorical and boolean compared columns but the target for the exact
/// classes; every compared column but the target for SynthCity's k-means forms) and the `anonymeter`
/// inference attack to "every other column".
///
/// A declared column must be one the metrics compare rows on (``EvaluationInput/comparedColumns``:
/// numerical, datetime, categorical or boolean in the metadata) and must not be the target, which is the
/// sensitive attribute; anything else is an error naming the column, never a silent drop.
public enum QuasiIdentifiers {
    /// The declared quasi-identifiers as metadata columns (declaration order), or nil when none are declared.
    public static func declared(_ input: EvaluationInput) throws(EvaluationError) -> [ColumnMetadata]? {
        guard let names = input.quasiIdentifiers else { return nil }
        return try resolve(names, in: input.metadata)
    }

    /// `names` as metadata columns, checked as the type describes (what `generate` checks before fitting).
    /// `source` names the declaration in errors as the user wrote it: `--quasi-identifiers` on the command
    /// line, the grid spec's key `quasi_identifiers` (the default) otherwise.
    public static func resolve(_ names: [String], in metadata: Metadata,
                               declaredAs source: String = "quasi_identifiers") throws(EvaluationError) -> [ColumnMetadata] {
        guard !names.isEmpty else {
            throw .invalidOption(name: source, value: "[]", expected: "at least one column name")
        }
        let compared = metadata.columns.filter { SDVSdtype.continuous.union(SDVSdtype.discrete).contains($0.sdtype) }
        var seen = Set<String>()
        return try names.map { name throws(EvaluationError) -> ColumnMetadata in
            guard seen.insert(name).inserted else {
                throw .invalidOption(name: source, value: name, expected: "each column named once")
            }
            guard let column = compared.first(where: { $0.name == name }) else {
                let known = metadata.columns.first { $0.name == name }
                let why = known.map { "its sdtype is \($0.sdtype.rawValue); a quasi-identifier must be numerical, datetime, categorical or boolean" }
                    ?? "the metadata has no such column"
                throw .invalidOption(name: source, value: name,
                                     expected: "a compared column (\(compared.map(\.name).joined(separator: ", "))): \(why)")
            }
            guard name != metadata.target else {
                throw .invalidOption(name: source, value: name,
                                     expected: "a column other than the target '\(name)', which is the sensitive attribute")
            }
            return column
        }
    }
}
