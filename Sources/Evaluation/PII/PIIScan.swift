import Foundation
import SynthTable

/// Which columns of the real and synthetic tables carry personal data, and whether synthetic values copy
/// real ones.
///
/// A column is flagged with an entity when its metadata sdtype declares one (`email`, `phone_number`,
/// `ssn`, `credit_card_number`, `iban`, `ipv4_address`, `ipv6_address`, `name`, `first_name`,
/// `last_name`), when its header names a person (``PIIEntity/isPersonNameHeader(_:)``), or when at least
/// ``valueShareThreshold`` of its non-missing values in that table pass one entity's check (ARX's
/// column-level rule; the first entity in ``PIIEntity`` order with the largest share wins). Every column of
/// the tables is scanned, whatever its sdtype.
///
/// Leaks: for each flagged column present in both tables, the synthetic rows whose value (as text) occurs
/// verbatim among the real column's values.
struct PIIScan {
    static let valueShareThreshold = 0.5

    struct Finding {
        var column: String
        var entity: PIIEntity
        /// "sdtype", "name" or "values".
        var source: String
        /// Shares of non-missing values passing the entity's check (nil for person names).
        var realShare: Double?
        var syntheticShare: Double?
        var inReal: Bool
        var inSynthetic: Bool
        var syntheticValues: Int
        var leakedRows: Int
        var leakedDistinct: Int
    }

    let findings: [Finding]

    init(real: Table, synthetic: Table, metadata: Metadata) {
        let sdtypes = Dictionary(metadata.columns.map { ($0.name, $0.sdtype) }, uniquingKeysWith: { a, _ in a })
        var names = real.columns.map(\.name)
        for c in synthetic.columns.map(\.name) where !names.contains(c) { names.append(c) }
        var found: [Finding] = []
        for name in names {
            let r = real[name], s = synthetic[name]
            let rText = r.map(ColumnTextCounts.init), sText = s.map(ColumnTextCounts.init)
            let rShapes = rText.map { $0.texts.map(PIITextShape.init) }, sShapes = sText.map { $0.texts.map(PIITextShape.init) }
            var entity: PIIEntity?, source = ""
            if let t = sdtypes[name], let e = PIIEntity(sdtype: t) { entity = e; source = "sdtype" }
            else if PIIEntity.isPersonNameHeader(name) { entity = .personName; source = "name" }
            var shares: [PIIEntity: (Double?, Double?)] = [:]
            for e in PIIEntity.allCases where e != .personName {
                shares[e] = (Self.share(rText, rShapes, e), Self.share(sText, sShapes, e))
            }
            if entity == nil {
                let best = PIIEntity.allCases.filter { $0 != .personName }
                    .map { e in (e, max(shares[e]!.0 ?? 0, shares[e]!.1 ?? 0)) }
                    .max { $0.1 < $1.1 }
                if let best, best.1 >= Self.valueShareThreshold { entity = best.0; source = "values" }
            }
            guard let entity else { continue }
            let realSet = Set(rText?.texts ?? [])
            let leaked = sText.map { t in t.texts.indices.filter { realSet.contains(t.texts[$0]) } } ?? []
            let share = shares[entity] ?? (nil, nil)
            let flaggedIn = { (t: ColumnTextCounts?, s: Double?) in
                source != "values" ? (t?.rows ?? 0) > 0 : (s ?? 0) >= Self.valueShareThreshold
            }
            found.append(Finding(column: name, entity: entity, source: source, realShare: share.0, syntheticShare: share.1,
                                 inReal: r != nil && flaggedIn(rText, share.0), inSynthetic: s != nil && flaggedIn(sText, share.1),
                                 syntheticValues: sText?.present ?? 0,
                                 leakedRows: leaked.reduce(0) { $0 + sText!.counts[$1] }, leakedDistinct: leaked.count))
        }
        findings = found
    }

    /// The share of non-missing values passing `entity`'s check (each distinct value checked once, through
    /// its `shapes`, one per text); nil without values.
    static func share(_ values: ColumnTextCounts?, _ shapes: [PIITextShape]?, _ entity: PIIEntity) -> Double? {
        guard let values, let shapes, values.present > 0 else { return nil }
        var passing = 0
        for (shape, n) in zip(shapes, values.counts) where shape.matches(entity) {
            passing += n
        }
        return Double(passing) / Double(values.present)
    }
}
