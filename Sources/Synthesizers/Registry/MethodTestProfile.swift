/// How the generator property suite (`Tests/SynthesizersTests/Properties`, docs/testing.md) exercises a
/// method: the parameters of its fast tier and what the method is expected to preserve. Every method in
/// ``MethodCatalog/all`` is tested with its profile, so a generator is covered by registering it.
public struct MethodTestProfile: Sendable, Equatable {
    /// How close a property's error must be to sampling noise. The noise is measured per table: the same
    /// error between the training table and fresh tables of the same size from the same truth
    /// (real-vs-real), and its bound is their mean + 4 sd.
    public enum Expectation: Sendable, Equatable, Hashable {
        /// Within the real-vs-real noise bound: the method reproduces this aspect as well as a second real
        /// sample would.
        case sampling
        /// Within `multiple` x the noise bound: the aspect is learned, approximately (a neural net
        /// trained for few epochs). The suite checks that every multiple in use rejects the negative
        /// controls.
        case approximate(multiple: Double)
        /// Not expected by design (an independent-columns baseline has no dependence). Not checked.
        case none
    }

    /// Overrides of the method's parameters for the fast tier (`make test`): few epochs, small networks.
    public var fastParameters: [String: ParameterValue]
    /// Overrides for the slow tier (`SYNTHBENCH_SLOW_TESTS=1`, 2,000-row tables): at least as many optimiser
    /// steps as the fast tier's (batch size and epochs together).
    public var slowParameters: [String: ParameterValue]
    public var marginals: Expectation
    /// Pairwise correlation and Cramér's V.
    public var dependence: Expectation
    /// The expectations of the slow tier, when they are stricter than the fast tier's.
    public var slowMarginals: Expectation?
    public var slowDependence: Expectation?
    /// Returns training rows by design (`identity`, `dummy_sampler`): exempt from the copying property, and
    /// its samples may not depend on the seed.
    public var copiesRows: Bool
    /// Samples numbers inside the training [min, max] (SDV's `enforce_min_max_values`, the baselines).
    public var keepsBounds: Bool
    /// Reproduces each column's missing rate.
    public var keepsMissingRates: Bool
    /// What the fast tier cannot show for this method, and why (e.g. a network trained for seconds on 300
    /// rows does not reach its marginal expectation). When set, the fast tier still measures marginals,
    /// dependence and missing rates and prints them, but records a miss as a known issue instead of a
    /// failure; the slow tier gates them (unless ``slowTierGap`` is set). nil for every method whose fast
    /// tier gates everything.
    public var fastTierGap: String?
    /// What keeps the fast tier from showing this method's missing rates when it passes everything else
    /// there, and why: the fast tier then records a missed rate as a known issue (as ``fastTierGap`` does
    /// for all three) and gates marginals and dependence; the slow tier gates it (unless ``slowTierGap`` is
    /// set).
    public var fastTierMissingRateGap: String?
    /// What the slow tier cannot show for this method at an affordable training length, and why (with the
    /// reference library's own figures on the same tables, docs/testing.md): the slow tier then measures
    /// marginals, dependence and missing rates, prints them and records a miss as a known issue, as the
    /// fast tier does under ``fastTierGap``. nil for every method whose slow tier gates everything.
    public var slowTierGap: String?
    /// Fits tables with missing numbers (SynthCity's neural encoders reject them, as sklearn does): when
    /// false, the suite's tables have missing values only in categorical and boolean columns.
    public var fitsMissingNumbers: Bool

    public init(fastParameters: [String: ParameterValue] = [:], slowParameters: [String: ParameterValue] = [:],
                marginals: Expectation, dependence: Expectation, slowMarginals: Expectation? = nil,
                slowDependence: Expectation? = nil, copiesRows: Bool = false, keepsBounds: Bool = false,
                keepsMissingRates: Bool = true, fitsMissingNumbers: Bool = true, fastTierGap: String? = nil,
                fastTierMissingRateGap: String? = nil, slowTierGap: String? = nil) {
        self.fastParameters = fastParameters; self.slowParameters = slowParameters
        self.marginals = marginals; self.dependence = dependence
        self.slowMarginals = slowMarginals; self.slowDependence = slowDependence
        self.copiesRows = copiesRows; self.keepsBounds = keepsBounds; self.keepsMissingRates = keepsMissingRates
        self.fitsMissingNumbers = fitsMissingNumbers
        self.fastTierGap = fastTierGap
        self.fastTierMissingRateGap = fastTierMissingRateGap
        self.slowTierGap = slowTierGap
    }

    /// The profile of a method that declares none: training-length parameters (`epochs`, `n_iter`, and
    /// any integer parameter whose name contains `epoch` or `iter`) cut to 20 in the fast tier; validity,
    /// determinism and copying gated; marginals expected within 1.5x the noise bound, measured but not
    /// gated in the fast tier (a ``fastTierGap``) and gated in the slow tier; dependence not checked.
    /// Declaring its own profile (its strength and a fast configuration) makes the suite stricter.
    public static func inferred(from parameters: [MethodParameter]) -> MethodTestProfile {
        var fast: [String: ParameterValue] = [:]
        for p in parameters where isTrainingLength(p) {
            guard case .int(let range) = p.kind, case .int(let value) = p.defaultValue else { continue }
            if value > 20, range.contains(20) { fast[p.name] = .int(20) }
        }
        return MethodTestProfile(fastParameters: fast, marginals: .approximate(multiple: 1.5), dependence: .none,
                                 fastTierGap: "no declared test profile: the fast tier cannot know what 20 epochs should reach")
    }

    /// A parameter that sets how long a method trains: an integer whose name contains `epoch` or `iter`
    /// (`epochs`, `n_iter`, ...) but is not a minimum or a print interval (`n_iter_min`, `n_iter_print`).
    public static func isTrainingLength(_ p: MethodParameter) -> Bool {
        guard case .int = p.kind else { return false }
        let name = p.name.lowercased()
        return (name.contains("epoch") || name.contains("iter")) && !name.contains("min") && !name.contains("print")
    }
}
