/// The degenerate distribution at one value: what Copulas fits when every value of a column is equal
/// (`Univariate._set_constant_value`). It replaces the family's methods: cdf is 0 below the value and 1 from
/// it on, the "density" is 1 at the value and 0 elsewhere (Copulas' convention, not a Dirac delta), ppf
/// returns the value for every probability, and sampling returns the value without drawing randomness.
public struct ConstantDistribution: UnivariateDistribution, Equatable {
    public let value: Double
    /// The family that was asked for; `name` and `parameters` follow its Copulas constant parameters.
    public let family: DistributionFamily
    /// How many values were fitted (Copulas' KDE keeps `[value] * count` as its dataset).
    public let count: Int

    public init(value: Double, family: DistributionFamily, count: Int = 1) {
        precondition(value.isFinite, "a constant distribution needs a finite value")
        self.value = value
        self.family = family
        self.count = count
    }

    /// Copulas' `_fit_constant` parameters of the family.
    public var parameters: [String: Double] {
        switch family {
        case .norm, .uniform: ["loc": value, "scale": 0]
        case .beta: ["a": 1, "b": 1, "loc": value, "scale": 0]
        case .truncnorm: ["a": value, "b": value, "loc": value, "scale": 0]
        case .gamma: ["a": 0, "loc": value, "scale": 0]
        case .gaussianKDE: ["bandwidth": 0, "factor": 0, "count": Double(count), "constant": value]
        }
    }

    public func pdf(_ x: Double) -> Double { x == value ? 1 : 0 }
    public func logPDF(_ x: Double) -> Double { x == value ? 0 : -.infinity }
    public func cdf(_ x: Double) -> Double { x.isNaN ? .nan : (x < value ? 0 : 1) }
    public func ppf(_ p: Double) -> Double { value }
    public func sample(using stream: inout RandomStream) -> Double { value }
    public func sample(count: Int, using stream: inout RandomStream) -> [Double] {
        [Double](repeating: value, count: count)
    }
}
