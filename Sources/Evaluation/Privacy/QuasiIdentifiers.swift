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
/// sensitive attribute; anything else is an error naming the column, never a silent drop. A declaration may
/// carry a generalisation (`age:interval=10`, ``Generalisation``), which only the exact k-anonymity family
/// applies; the k-means forms and the Anonymeter attacks use the column as it is.
public enum QuasiIdentifiers {
    /// The declared quasi-identifiers as metadata columns (declaration order), or nil when none are declared.
    public static func declared(_ input: EvaluationInput) throws(EvaluationError) -> [ColumnMetadata]? {
        try declarations(input)?.map(\.column)
    }

    /// The declared quasi-identifiers with their generalisations, or nil when none are declared.
    public static func declarations(_ input: EvaluationInput) throws(EvaluationError) -> [QuasiIdentifierDeclaration]? {
        guard let names = input.quasiIdentifiers else { return nil }
        return try declarations(names, in: input.metadata)
    }

    /// `names` as metadata columns, checked as the type describes (what `generate` checks before fitting).
    public static func resolve(_ names: [String], in metadata: Metadata,
                               declaredAs source: String = "quasi_identifiers") throws(EvaluationError) -> [ColumnMetadata] {
        try declarations(names, in: metadata, declaredAs: source).map(\.column)
    }

    /// `declarations` resolved, and their generalisations applied to `tables` (name, table), so that a value a
    /// hierarchy file does not list is found before a run fits anything (`generate`) or evaluates (`evaluate`).
    public static func check(_ declarations: [String], in metadata: Metadata, on tables: [(String, Table)],
                             declaredAs source: String = "quasi_identifiers") throws(EvaluationError) {
        for declaration in try Self.declarations(declarations, in: metadata, declaredAs: source) {
            for (name, table) in tables { _ = try declaration.generalised(table, name) }
        }
    }

    /// Each declaration (`column` or `column:rule`, ``Generalisation``) resolved against the metadata. `source`
    /// names the declaration in errors as the user wrote it: `--quasi-identifiers` on the command line, the grid
    /// spec's key `quasi_identifiers` (the default) otherwise. A name that is a column is taken whole; otherwise
    /// the column is the text before the first colon that ends a column's name.
    public static func declarations(_ names: [String], in metadata: Metadata,
                                    declaredAs source: String = "quasi_identifiers") throws(EvaluationError) -> [QuasiIdentifierDeclaration] {
        guard !names.isEmpty else {
            throw .invalidOption(name: source, value: "[]", expected: "at least one column name")
        }
        let compared = metadata.columns.filter { SDVSdtype.continuous.union(SDVSdtype.discrete).contains($0.sdtype) }
        let known = Set(metadata.columns.map(\.name))
        var seen = Set<String>()
        return try names.map { text throws(EvaluationError) -> QuasiIdentifierDeclaration in
            var name = text, rule: Substring?
            if !known.contains(text) {
                let colons = text.indices.filter { text[$0] == ":" }
                if let split = colons.first(where: { known.contains(String(text[..<$0])) }) ?? colons.first {
                    name = String(text[..<split])
                    rule = text[text.index(after: split)...]
                }
            }
            guard seen.insert(name).inserted else {
                throw .invalidOption(name: source, value: text, expected: "each column named once")
            }
            guard let column = compared.first(where: { $0.name == name }) else {
                let known = metadata.columns.first { $0.name == name }
                let why = known.map { "its sdtype is \($0.sdtype.rawValue); a quasi-identifier must be numerical, datetime, categorical or boolean" }
                    ?? "the metadata has no such column" + (rule == nil ? "" : " '\(name)'")
                throw .invalidOption(name: source, value: text,
                                     expected: "a compared column (\(compared.map(\.name).joined(separator: ", "))): \(why)")
            }
            guard name != metadata.target else {
                throw .invalidOption(name: source, value: text,
                                     expected: "a column other than the target '\(name)', which is the sensitive attribute")
            }
            let reject = { (why: String) in EvaluationError.invalidOption(name: source, value: text, expected: why) }
            let generalisation = try rule.map { r throws(EvaluationError) in try Generalisation.parse(r, for: column, reject: reject) } ?? .exact
            return QuasiIdentifierDeclaration(column: column, generalisation: generalisation, text: text, source: source)
        }
    }
}
