import SynthCore

/// The k-anonymity family (`anonymity.*`): the textbook criteria on exact equivalence classes
/// (``EquivalenceClasses``, ARX's definitions, after the declared generalisations) and SynthCity's k-means
/// approximations (``ClusterAnonymity``, ids `cluster_*`, labelled as such; they take a declared column as it is,
/// without its generalisation). The released table is the synthetic one, the population the real one; the
/// sensitive attribute is the metadata target.
public enum AnonymitySuite {
    public static let id = "anonymity"

    static let unbounded = MetricRange(0, nil)

    public static var suite: MetricSuite {
        MetricSuite(id: id, metrics: [
            Metric(id: "\(id).k_anonymity", direction: .maximize, range: unbounded,
                   formula: "k-anonymity (ARX): the smallest synthetic equivalence class on the quasi-identifiers (the declared ones, each generalised as declared, e.g. age:interval=10, else the categorical and boolean compared columns but the target); details: the share of synthetic rows in classes below 2, 3 and 5 rows (sdcMicro's fk < k), the real table's k; every exact-family metric's details list quasi_identifiers and each one's generalisation",
                   compute: { input, cache in
                       let c = try EquivalenceClasses.cached(input, cache)
                       guard input.synthetic.rowCount > 0 else { return .notApplicable("the synthetic table has no rows") }
                       return .value(Double(c.smallestClass(1)), details: .object(c.describedColumns.merging([
                           "share_below_2": .number(c.shareBelow(2, 1)), "share_below_3": .number(c.shareBelow(3, 1)),
                           "share_below_5": .number(c.shareBelow(5, 1)), "classes": .number(Double(c.counts[1].count)),
                           "real_k": .number(Double(c.smallestClass(0))), "real_share_below_2": .number(c.shareBelow(2, 0)),
                       ]) { a, _ in a }))
                   }),
            Metric(id: "\(id).l_diversity", direction: .maximize, range: unbounded,
                   formula: "distinct l-diversity (ARX): the fewest distinct target values in a synthetic equivalence class; details entropy_l: the smallest exp(H) of a class's target values (entropy l-diversity), and the real table's values",
                   compute: { input, cache in
                       let c = try EquivalenceClasses.cached(input, cache)
                       guard let syn = c.lDiversity(1) else { return .notApplicable("needs a target column as the sensitive attribute, and synthetic rows") }
                       var details = c.describedColumns
                       details["entropy_l"] = .number(syn.entropy)
                       if let real = c.lDiversity(0) { details["real_l"] = .number(Double(real.distinct)); details["real_entropy_l"] = .number(real.entropy) }
                       return .value(Double(syn.distinct), details: .object(details))
                   }),
            Metric(id: "\(id).k_map", direction: .maximize, range: unbounded,
                   formula: "k-map (ARX, the real table as population): over the synthetic equivalence classes that occur in the real table, the fewest real rows of such a class; details: the share of synthetic rows whose class matches exactly one real row (a unique re-identification), the share of synthetic rows in classes absent from the real table",
                   compute: { input, cache in
                       let c = try EquivalenceClasses.cached(input, cache)
                       let matched = c.counts[1].keys.compactMap { c.counts[0][$0] }
                       guard let k = matched.min() else { return .notApplicable("no synthetic equivalence class occurs in the real table") }
                       let n = Double(max(c.keys[1].count, 1))
                       return .value(Double(k), details: .object(c.describedColumns.merging([
                           "unique_match_share": .number(Double(c.keys[1].filter { c.counts[0][$0] == 1 }.count) / n),
                           "absent_share": .number(Double(c.keys[1].filter { c.counts[0][$0] == nil }.count) / n),
                       ]) { a, _ in a }))
                   }),
            Metric(id: "\(id).delta_presence", direction: .minimize, range: unbounded,
                   formula: "δ-presence (ARX's δ = sample count / population count, the synthetic table as sample): the largest synthetic count / real count over equivalence classes in both tables (above 1 where the synthetic table over-represents a class)",
                   compute: { input, cache in
                       let c = try EquivalenceClasses.cached(input, cache)
                       let deltas = c.counts[1].compactMap { key, s in c.counts[0][key].map { Double(s) / Double($0) } }
                       guard let top = deltas.max() else { return .notApplicable("no synthetic equivalence class occurs in the real table") }
                       return .value(top, details: .object(c.describedColumns.merging(["classes_in_both": .number(Double(deltas.count))]) { a, _ in a }))
                   }),
            Metric(id: "\(id).cluster_k_anonymization", direction: .maximize, range: MetricRange(0, 999),
                   formula: "SynthCity k-anonymization (k-means approximation, key syn): min(999, smallest k-means cluster of the synthetic rows over k ∈ {2, 5, 10, 15} with rows/k ≥ 10), on the label-encoded unscaled quasi-identifiers (the declared ones, without their generalisations, else the compared columns but the target); details gt: the real table's",
                   compute: { input, cache in
                       let c = try ClusterAnonymity.cached(input, cache)
                       return .value(Double(c.kAnonymization(1)), details: ["gt": .number(Double(c.kAnonymization(0)))])
                   }),
            Metric(id: "\(id).cluster_l_diversity", direction: .maximize, range: MetricRange(0, 999),
                   formula: "SynthCity distinct l-diversity (k-means approximation, key syn): min(999, fewest distinct target values in a k-means cluster of the synthetic rows over k ∈ {2, 5, 10, 15}); details gt",
                   compute: { input, cache in
                       let c = try ClusterAnonymity.cached(input, cache)
                       guard let syn = c.lDiversity(1), let gt = c.lDiversity(0) else { return .notApplicable("needs a target column as the sensitive attribute") }
                       return .value(Double(syn), details: ["gt": .number(Double(gt))])
                   }),
            Metric(id: "\(id).cluster_k_map", direction: .maximize, range: unbounded,
                   formula: "SynthCity k-map (k-means approximation): k-means fitted on the real rows, synthetic rows assigned to the nearest centre; the smallest non-zero synthetic count of a cluster, minimised over k ∈ {2, 5, 10, 15}; 0 when no k is valid",
                   compute: { input, cache in .value(Double(try ClusterAnonymity.cached(input, cache).kMap())) }),
            Metric(id: "\(id).cluster_delta_presence", direction: .maximize, range: unbounded,
                   formula: "SynthCity delta-presence (k-means approximation; its direction, maximize): the largest real count / synthetic count over the clusters (fitted on the real rows) holding both, over k ∈ {2, 5, 10, 15}",
                   compute: { input, cache in
                       guard let d = try ClusterAnonymity.cached(input, cache).deltaPresence() else {
                           return .notApplicable("no k-means clustering is valid (fewer than 20 real rows) or no cluster holds synthetic rows")
                       }
                       return .value(d)
                   }),
        ])
    }
}
