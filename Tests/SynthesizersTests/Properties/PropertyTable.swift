import PropertyBased
import SynthMath
import SynthTable

/// A random table with known truth for the generator properties: a Gaussian block of 2-4 columns joined
/// by a one-factor correlation (loadings ±0.5-0.9, so every pair is clearly correlated), sometimes a
/// bimodal mixture, a Poisson or uniform integer column, a Zipf categorical with 2-8 levels, a boolean, a
/// date column (ISO dates, uniform over 30-400 days from a day in 2000-2025), random missing rates (0 or 2-15 %), and two categorical bands (terciles of `g0` and `g1` under their true
/// distribution) so that Cramér's V between categoricals has known dependence.
///
/// The shape comes from swift-property-based generators run on a Xoshiro seeded from `shapeSeed`; the
/// rows from ``SyntheticTableGenerator``.
struct PropertyTable: Sendable {
    let shapeSeed: UInt64
    /// No missing values in numerical and integer columns (for methods that cannot fit them).
    let completeNumbers: Bool
    let spec: SyntheticTableSpec
    let table: Table

    static let bandLevels = ["low", "mid", "high"]
    /// Φ⁻¹(2/3): the standard-normal tercile edges are ±this.
    static let tercile = 0.4307272992954576

    init(shapeSeed: UInt64, rows: Int, completeNumbers: Bool = false) throws {
        self.shapeSeed = shapeSeed
        self.completeNumbers = completeNumbers
        // Xoshiro's state from a RandomStream: its first outputs from a low-entropy state are tiny numbers.
        var stream = RandomStream(seed: shapeSeed)
        var g = Xoshiro(seed: (stream.next(), stream.next(), stream.next(), stream.next()))
        let width = Gen.int(in: 2...4).run(using: &g)
        let loadings = (0..<width).map { _ in
            Gen.double(in: 0.5...0.9).run(using: &g) * (Gen.bool.run(using: &g) ? 1 : -1)
        }
        var correlation = Matrix(rows: width, cols: width)
        for i in 0..<width { for j in 0..<width { correlation[i, j] = i == j ? 1 : loadings[i] * loadings[j] } }
        func rate() -> Double { Gen.bool.run(using: &g) ? Gen.double(in: 0.02...0.15).run(using: &g) : 0 }
        let names = (0..<width).map { "g\($0)" }
        let block = SyntheticTableSpec.GaussianBlock(
            names: names, means: names.map { _ in Gen.double(in: -50...50).run(using: &g) },
            standardDeviations: names.map { _ in Gen.double(in: 0.5...20).run(using: &g) },
            correlation: .given(correlation), missingRates: names.map { _ in rate() })
        let mixtures: [SyntheticTableSpec.MixtureColumn] = Gen.bool.run(using: &g) ? [
            .init(name: "mix", components: [.init(weight: 0.35, mean: -3, standardDeviation: 0.7),
                                            .init(weight: 0.65, mean: 4, standardDeviation: 1.2)],
                  missingRate: rate())] : []
        let integer: SyntheticTableSpec.IntegerDistribution = Gen.bool.run(using: &g)
            ? .poisson(mean: Gen.double(in: 3...30).run(using: &g))
            : .uniform(0...Gen.int(in: 5...40).run(using: &g))
        var spec = SyntheticTableSpec(
            rowCount: rows, gaussianBlocks: [block], mixtures: mixtures,
            integers: [.init(name: "count", distribution: integer, missingRate: rate())],
            categoricals: [.init(name: "group", cardinality: Gen.int(in: 2...8).run(using: &g),
                                 exponent: Gen.double(in: 0.5...1.5).run(using: &g), missingRate: rate())],
            booleans: [.init(name: "flag", probabilityTrue: Gen.double(in: 0.1...0.9).run(using: &g), missingRate: rate())])
        // Drawn last so that the other columns of a shape do not change when a column kind is added.
        spec.datetimes = [.init(name: "when", firstDay: 86_400 * Double(Gen.int(in: 10_957...20_089).run(using: &g)),
                                days: Gen.int(in: 30...400).run(using: &g), format: .isoDate, missingRate: rate())]
        if completeNumbers {
            spec.gaussianBlocks[0].missingRates = names.map { _ in 0 }
            for i in spec.mixtures.indices { spec.mixtures[i].missingRate = 0 }
            spec.integers[0].missingRate = 0
            spec.datetimes[0].missingRate = 0
        }
        self.spec = spec
        table = try Self.draw(spec, seed: shapeSeed &* 1_000_003)
    }

    /// The file name (without `.csv`) under which `SYNTHBENCH_PROPERTY_CSV` writes this table.
    var fileStem: String { "shape\(shapeSeed)\(completeNumbers ? "-complete" : "")" }

    /// Another real table of the same size from the same truth (the `k`-th), for the noise bounds.
    func fresh(_ k: Int) throws -> Table {
        try Self.draw(spec, seed: shapeSeed &* 1_000_003 &+ 7919 &* UInt64(k + 1))
    }

    static func draw(_ spec: SyntheticTableSpec, seed: UInt64) throws -> Table {
        var table = try SyntheticTableGenerator.generate(spec, seed: seed).table
        let block = spec.gaussianBlocks[0]
        for i in 0..<2 {
            let column = table[block.names[i]]!, values = column.doubles()
            let mean = block.means[i], sd = block.standardDeviations[i]
            let bands: [String?] = values.map { v in
                guard !v.isNaN else { return nil }
                let z = (v - mean) / sd
                return z < -tercile ? bandLevels[0] : z > tercile ? bandLevels[2] : bandLevels[1]
            }
            try table.setColumn(.categorical("band\(i)", bands))
        }
        return table
    }
}
