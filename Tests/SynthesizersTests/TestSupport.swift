import Foundation
import SynthMath
import SynthTable
@testable import Synthesizers

/// Non-missing values of a column as doubles.
func observed(_ c: Column) -> [Double] {
    zip(c.doubles(), c.missing).filter { !$0.1 }.map(\.0)
}

/// The share of each category (by level text; "∅" for missing) in a column.
func shares(_ c: Column) -> [String: Double] {
    var counts: [String: Double] = [:]
    for i in 0..<c.count { counts[c.text(at: i) ?? "∅", default: 0] += 1 }
    return counts.mapValues { $0 / Double(c.count) }
}

/// A random table spec from the synthetic generator's families: a correlated Gaussian block of three
/// columns with random means and spreads, a Poisson integer column, a Zipf categorical and a Bernoulli
/// boolean, each with a random missing rate (0 or up to 20 %).
func randomSpec(seed: UInt64, rows: Int, missing: Bool = true) -> SyntheticTableSpec {
    var r = RandomStream(seed: seed)
    func rate() -> Double { missing && r.nextDouble() < 0.5 ? r.uniform(0.02, 0.2) : 0 }
    return SyntheticTableSpec(
        rowCount: rows,
        gaussianBlocks: [.init(names: ["g0", "g1", "g2"],
                               means: (0..<3).map { _ in r.uniform(-50, 50) },
                               standardDeviations: (0..<3).map { _ in r.uniform(0.5, 20) },
                               correlation: .random(seed: seed &+ 1000),
                               missingRates: [rate(), rate(), rate()])],
        integers: [.init(name: "count", distribution: .poisson(mean: r.uniform(3, 30)), missingRate: rate())],
        categoricals: [.init(name: "group", cardinality: 2 + r.nextInt(below: 7), exponent: r.uniform(0.5, 1.5),
                             missingRate: rate())],
        booleans: [.init(name: "flag", probabilityTrue: r.uniform(0.1, 0.9), missingRate: rate())])
}

/// A column's detected metadata with the given sdtype (and `regex_format`, `pii`).
func columnMetadata(_ column: Column, _ sdtype: SDVSdtype, regex: String? = nil, pii: Bool = true) -> ColumnMetadata {
    var m = Metadata.detect(from: try! Table(columns: [column])).columns[0]
    m.sdtype = sdtype
    m.regexFormat = regex
    m.pii = sdtype.carriesPII && pii
    return m
}
