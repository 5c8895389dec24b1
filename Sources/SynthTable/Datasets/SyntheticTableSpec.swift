import SynthMath

/// What ``SyntheticTableGenerator`` builds: a table whose true distributions are known, for property tests
/// (how well does a generator preserve them?) and scale benchmarks (any row count).
///
/// Columns come out in this order: Gaussian blocks, mixtures, integers, categoricals, booleans, datetimes.
/// Every column has its own missing rate: each cell is missing independently with that probability.
public struct SyntheticTableSpec: Sendable, Equatable {
    public var rowCount: Int
    public var gaussianBlocks: [GaussianBlock]
    public var mixtures: [MixtureColumn]
    public var integers: [IntegerColumn]
    public var categoricals: [ZipfColumn]
    public var booleans: [BooleanColumn]
    public var datetimes: [DatetimeColumn]

    public init(rowCount: Int, gaussianBlocks: [GaussianBlock] = [], mixtures: [MixtureColumn] = [],
                integers: [IntegerColumn] = [], categoricals: [ZipfColumn] = [], booleans: [BooleanColumn] = [],
                datetimes: [DatetimeColumn] = []) {
        self.rowCount = rowCount
        self.gaussianBlocks = gaussianBlocks
        self.mixtures = mixtures
        self.integers = integers
        self.categoricals = categoricals
        self.booleans = booleans
        self.datetimes = datetimes
    }

    /// How a Gaussian block's correlation matrix is chosen.
    public enum Correlation: Sendable, Equatable {
        /// This matrix: symmetric, unit diagonal, positive definite.
        case given(Matrix)
        /// A random one from `seed` (see ``SyntheticTableGenerator/randomCorrelation(dimension:seed:)``).
        case random(seed: UInt64)
        /// The identity: independent columns.
        case independent
    }

    /// Columns drawn jointly from a multivariate normal: `x = mean + std * (L z)` with `L Lᵀ` the correlation.
    public struct GaussianBlock: Sendable, Equatable {
        public var names: [String]
        public var means: [Double]
        public var standardDeviations: [Double]
        public var correlation: Correlation
        /// One rate per column.
        public var missingRates: [Double]

        public init(names: [String], means: [Double]? = nil, standardDeviations: [Double]? = nil,
                    correlation: Correlation, missingRates: [Double]? = nil) {
            self.names = names
            self.means = means ?? Array(repeating: 0, count: names.count)
            self.standardDeviations = standardDeviations ?? Array(repeating: 1, count: names.count)
            self.correlation = correlation
            self.missingRates = missingRates ?? Array(repeating: 0, count: names.count)
        }
    }

    /// One component of a univariate Gaussian mixture.
    public struct MixtureComponent: Sendable, Equatable, Codable {
        public var weight: Double
        public var mean: Double
        public var standardDeviation: Double

        public init(weight: Double, mean: Double, standardDeviation: Double) {
            self.weight = weight
            self.mean = mean
            self.standardDeviation = standardDeviation
        }
    }

    /// A numerical column from a Gaussian mixture (weights are normalised to sum to 1).
    public struct MixtureColumn: Sendable, Equatable {
        public var name: String
        public var components: [MixtureComponent]
        public var missingRate: Double

        public init(name: String, components: [MixtureComponent], missingRate: Double = 0) {
            self.name = name
            self.components = components
            self.missingRate = missingRate
        }
    }

    public enum IntegerDistribution: Sendable, Equatable {
        /// Every integer in the range equally likely.
        case uniform(ClosedRange<Int>)
        /// Poisson with this mean (at most 700, so that `exp(-mean)` is a normal double).
        case poisson(mean: Double)
    }

    public struct IntegerColumn: Sendable, Equatable {
        public var name: String
        public var distribution: IntegerDistribution
        public var missingRate: Double

        public init(name: String, distribution: IntegerDistribution, missingRate: Double = 0) {
            self.name = name
            self.distribution = distribution
            self.missingRate = missingRate
        }
    }

    /// A categorical column with Zipf-like frequencies: level `k` (1-based rank) has probability
    /// `k^-exponent / Σ_j j^-exponent`. Levels are named `<name>_<k>`.
    public struct ZipfColumn: Sendable, Equatable {
        public var name: String
        public var cardinality: Int
        public var exponent: Double
        public var missingRate: Double

        public init(name: String, cardinality: Int, exponent: Double = 1, missingRate: Double = 0) {
            self.name = name
            self.cardinality = cardinality
            self.exponent = exponent
            self.missingRate = missingRate
        }
    }

    public struct BooleanColumn: Sendable, Equatable {
        public var name: String
        public var probabilityTrue: Double
        public var missingRate: Double

        public init(name: String, probabilityTrue: Double, missingRate: Double = 0) {
            self.name = name
            self.probabilityTrue = probabilityTrue
            self.missingRate = missingRate
        }
    }

    /// A date column, every one of `days` consecutive days from `firstDay` equally likely; values are the
    /// seconds since 1970-01-01 of each day's midnight (UTC), written with `format`.
    public struct DatetimeColumn: Sendable, Equatable {
        public var name: String
        /// Seconds since 1970-01-01 of the first day's midnight (a multiple of 86,400).
        public var firstDay: Double
        public var days: Int
        public var format: DatetimeFormat
        public var missingRate: Double

        public init(name: String, firstDay: Double, days: Int, format: DatetimeFormat = .isoDate, missingRate: Double = 0) {
            self.name = name
            self.firstDay = firstDay
            self.days = days
            self.format = format
            self.missingRate = missingRate
        }
    }

    /// A mixed table for scale tests: `gaussians` correlated normals (random correlation), `mixtures`
    /// two-component mixtures, `integers` Poisson(5) columns, `categoricals` Zipf(1.1) columns of cardinality
    /// 2, 5, 20, 100 in turn, `booleans` Bernoulli(0.3) columns; every column at `missingRate`.
    /// Names: g0.., m0.., i0.., c0.., b0...
    public static func mixed(rows: Int, gaussians: Int = 4, mixtures: Int = 2, integers: Int = 2,
                             categoricals: Int = 3, booleans: Int = 1, missingRate: Double = 0,
                             correlationSeed: UInt64 = 1) -> SyntheticTableSpec {
        let cardinalities = [2, 5, 20, 100]
        return SyntheticTableSpec(
            rowCount: rows,
            gaussianBlocks: gaussians == 0 ? [] : [GaussianBlock(
                names: (0..<gaussians).map { "g\($0)" }, correlation: .random(seed: correlationSeed),
                missingRates: Array(repeating: missingRate, count: gaussians))],
            mixtures: (0..<mixtures).map {
                MixtureColumn(name: "m\($0)", components: [
                    MixtureComponent(weight: 0.3, mean: -2, standardDeviation: 0.5),
                    MixtureComponent(weight: 0.7, mean: 3, standardDeviation: 1)], missingRate: missingRate)
            },
            integers: (0..<integers).map { IntegerColumn(name: "i\($0)", distribution: .poisson(mean: 5), missingRate: missingRate) },
            categoricals: (0..<categoricals).map {
                ZipfColumn(name: "c\($0)", cardinality: cardinalities[$0 % cardinalities.count], exponent: 1.1,
                           missingRate: missingRate)
            },
            booleans: (0..<booleans).map { BooleanColumn(name: "b\($0)", probabilityTrue: 0.3, missingRate: missingRate) })
    }
}
