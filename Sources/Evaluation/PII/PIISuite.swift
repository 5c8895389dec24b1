import SynthCore

/// The PII scan (`pii.*`, ``PIIScan``): which columns of the real and synthetic tables carry personal data,
/// and how much of the synthetic PII copies real values verbatim. Among the defaults, so the privacy
/// assessment sees it.
public enum PIISuite {
    public static let id = "pii"

    public static var suite: MetricSuite {
        MetricSuite(id: id, metrics: [
            Metric(id: "\(id).real_columns", direction: .minimize, range: MetricRange(0, nil),
                   formula: "the number of real columns carrying PII (email, phone, SSN, credit card with Luhn, IBAN with mod 97, IPv4/IPv6, person names), by metadata sdtype, by a person-name header, or by at least half of the column's values passing an entity's check; details columns: one row per flagged column",
                   compute: { input, cache in
                       let scan = cached(input, cache)
                       return .value(Double(scan.findings.filter(\.inReal).count), details: ["columns": .array(scan.findings.map(row))])
                   }),
            Metric(id: "\(id).synthetic_columns", direction: .minimize, range: MetricRange(0, nil),
                   formula: "the number of synthetic columns carrying PII, by the same rules",
                   compute: { input, cache in .value(Double(cached(input, cache).findings.filter(\.inSynthetic).count)) }),
            Metric(id: "\(id).leaked_share", direction: .minimize, range: .unit,
                   formula: "over the PII columns present in both tables: synthetic rows whose value occurs verbatim in the real column / synthetic rows with a value; details leaked_rows, leaked_distinct",
                   compute: { input, cache in
                       let both = cached(input, cache).findings.filter { $0.inReal || $0.inSynthetic }.filter { input.real[$0.column] != nil && input.synthetic[$0.column] != nil }
                       let values = both.reduce(0) { $0 + $1.syntheticValues }
                       guard values > 0 else { return .notApplicable("no PII column with synthetic values in both tables") }
                       let leaked = both.reduce(0) { $0 + $1.leakedRows }
                       return .value(Double(leaked) / Double(values), details: [
                           "leaked_rows": .number(Double(leaked)), "leaked_distinct": .number(Double(both.reduce(0) { $0 + $1.leakedDistinct })),
                           "columns": .array(both.filter { $0.leakedRows > 0 }.map { .string($0.column) }),
                       ])
                   }),
        ])
    }

    static func cached(_ input: EvaluationInput, _ cache: EvaluationCache) -> PIIScan {
        (try? cache.value("pii.scan") { PIIScan(real: input.real, synthetic: input.synthetic, metadata: input.metadata) })!
    }

    static func row(_ f: PIIScan.Finding) -> JSONValue {
        [
            "column": .string(f.column), "entity": .string(f.entity.rawValue), "source": .string(f.source),
            "real_match_share": f.realShare.map { .number($0) } ?? .null,
            "synthetic_match_share": f.syntheticShare.map { .number($0) } ?? .null,
            "in_real": .bool(f.inReal), "in_synthetic": .bool(f.inSynthetic),
            "leaked_rows": .number(Double(f.leakedRows)), "leaked_distinct": .number(Double(f.leakedDistinct)),
        ]
    }
}
