import SynthCore
import SynthMath

/// Every method SynthBench implements, per backend.
public enum MethodCatalog {
    /// All methods, `sdv` first, then those added with ``register(_:)``.
    public static var all: [MethodDescriptor] { sdv + synthcity + registered }

    /// The `sdv` backend: SDV's synthesizers and SDGym's baselines, with their defaults.
    public static var sdv: [MethodDescriptor] {
        [gaussianCopula, sdvCTGAN, sdvTVAE, sdgymUniform, sdgymColumn, sdgymIdentity]
    }

    /// The `synthcity` backend: SynthCity's plugins, with their defaults.
    public static var synthcity: [MethodDescriptor] {
        [synthcityCTGAN, synthcityTVAE, synthcityMarginalDistributions, synthcityUniformSampler, synthcityDummySampler,
         synthcityDDPM]
            + privacyMethods
    }

    /// The backend's method called `name`, or whose aliases include it. The baselines list their
    /// counterpart in the other library as an alias (SDGym `uniform` ~ SynthCity `uniform_sampler`,
    /// `column` ~ `marginal_distributions`, `identity` ~ `dummy_sampler`), so a grid that names one runs each
    /// backend's own version instead of falling back.
    public static func descriptor(_ name: String, backend: Backend) -> MethodDescriptor? {
        let own = backend == .sdv ? sdv : synthcity
        return own.first { $0.name == name } ?? own.first { $0.aliases.contains(name) }
            ?? registered.first { $0.name == name && $0.backend == backend }
    }

    // MARK: names

    /// Every method name, sorted (a name offered by both backends once).
    public static var names: [String] { Array(Set(all.map(\.name))).sorted() }

    /// The method `name` stands for (case-insensitive; `_` and `-` are interchangeable), or nil: a method's
    /// own name wins, so `uniform_sampler` stays SynthCity's method even though SDGym's `uniform` lists it as
    /// its counterpart; otherwise the first method (in ``all``'s order) whose aliases include it.
    public static func canonicalName(_ name: String) -> String? {
        let n = normalise(name)
        let methods = all
        if let d = methods.first(where: { normalise($0.name) == n }) { return d.name }
        return methods.first { $0.aliases.contains { normalise($0) == n } }?.name
    }

    /// The names that stand for `method` and are not themselves a method's name (the production pipeline's
    /// aliases, e.g. `gaussian_copula` for `gc`), in the order the descriptors list them.
    public static func aliases(of method: String) -> [String] {
        let taken = Set(all.map { normalise($0.name) })
        var out: [String] = []
        for d in all where d.name == method {
            for a in d.aliases where !taken.contains(normalise(a)) && !out.contains(a) { out.append(a) }
        }
        return out
    }

    /// The method name or alias nearest to a name that is neither, when it is near enough to be the one meant
    /// (``ClosestName/suggestion(for:among:)``, compared as ``canonicalName(_:)`` compares: case and `_`/`-`
    /// aside): `ctgann` gives `ctgan`.
    public static func suggestion(for name: String) -> String? {
        var spellings: [String: String] = [:]   // normalised -> the first spelling the catalog uses
        for d in all { for n in [d.name] + d.aliases where spellings[normalise(n)] == nil { spellings[normalise(n)] = n } }
        return ClosestName.suggestion(for: normalise(name), among: Array(spellings.keys)).flatMap { spellings[$0] }
    }

    static func normalise(_ s: String) -> String { s.lowercased().replacingOccurrences(of: "_", with: "-") }

    // MARK: sdv

    /// SDV `GaussianCopulaSynthesizer(enforce_min_max_values=True, enforce_rounding=True,
    /// numerical_distributions=None, default_distribution='beta')`. SynthCity has none: `gc` on `synthcity`
    /// falls back here.
    static let gaussianCopula = MethodDescriptor(
        name: "gc", aliases: ["gaussian_copula", "gaussiancopula", "copula"], backend: .sdv,
        summary: "SDV GaussianCopulaSynthesizer: per-column marginals (default beta) joined by a Gaussian copula",
        parameters: [
            MethodParameter("default_distribution", .choice(DistributionFamily.allCases.map(\.rawValue)),
                            default: .string(DistributionFamily.beta.rawValue),
                            help: "univariate family of every column not named in numerical_distributions"),
            MethodParameter("numerical_distributions", .text, default: .string(""),
                            help: "per-column families, column:family,column:family (e.g. age:gamma,fnlwgt:norm)"),
            MethodParameter("enforce_min_max_values", .bool, default: .bool(true),
                            help: "clip sampled numbers and datetimes to the fitted [min, max]"),
            MethodParameter("enforce_rounding", .bool, default: .bool(true),
                            help: "round sampled numbers to the decimal places learned from the data"),
            MethodParameter("coordinates", .choice(CoordinateMode.allCases.map(\.rawValue)),
                            default: .string(CoordinateMode.places.rawValue),
                            help: "generated latitude/longitude: places (pairs near real cities) or independent (uniform, as SDV)"),
        ],
        // Parametric marginals (beta by default) fit a bimodal column only approximately; on 2,000 rows the
        // noise limit is small enough that SDV's own copula misses it too (docs/testing.md).
        testProfile: .init(marginals: .approximate(multiple: 1.5), dependence: .sampling, keepsBounds: true,
                           slowTierGap: slowGaussianCopulaGap),
        build: { GaussianCopulaSynthesizer(parameters: $0) })

    /// SDGym `UniformSynthesizer` (no parameters).
    static let sdgymUniform = MethodDescriptor(
        name: "uniform", aliases: ["uniform_sampler"], backend: .sdv,
        summary: "SDGym UniformSynthesizer: each column uniform over its observed range or categories",
        parameters: [], testProfile: .init(marginals: .none, dependence: .none, keepsBounds: true, keepsMissingRates: false),
        build: { _ in IndependentColumnsSynthesizer(flavour: .uniform) })

    /// SDGym `ColumnSynthesizer` (no parameters).
    static let sdgymColumn = MethodDescriptor(
        name: "column", aliases: ["independent", "marginal_distributions"], backend: .sdv,
        summary: "SDGym ColumnSynthesizer: independent columns, Gaussian mixtures (min(distinct, 5)) and category (and date) frequencies",
        // Its mixtures fit mean-filled columns (RDT's default); on 2,000 rows the spike at a missing column's mean
        // can exceed the noise limit, and SDGym's own misses more often (docs/testing.md).
        parameters: [], testProfile: .init(marginals: .sampling, dependence: .none, keepsBounds: true,
                                           slowTierGap: slowColumnGap),
        build: { _ in IndependentColumnsSynthesizer(flavour: .column) })

    /// SDGym `DataIdentity` (no parameters).
    static let sdgymIdentity = MethodDescriptor(
        name: "identity", aliases: ["data_identity", "dummy_sampler"], backend: .sdv,
        summary: "SDGym DataIdentity: returns the training rows (the privacy metrics' sanity check)",
        parameters: [], testProfile: .init(marginals: .sampling, dependence: .sampling, copiesRows: true, keepsBounds: true),
        build: { _ in RowResamplingSynthesizer(flavour: .identity) })

    // MARK: synthcity

    /// `Plugin(sampling_patience=500, strict=True)`, shared by SynthCity's debug plugins.
    static let synthcityPluginParameters = [
        MethodParameter("sampling_patience", .int(1...1_000_000), default: .int(500),
                        help: "rounds of drawing and dropping duplicate rows before giving up"),
        MethodParameter("strict", .bool, default: .bool(true),
                        help: "drop duplicate rows of each round (SynthCity's strict constraint filtering)"),
    ]

    static let synthcityMarginalDistributions = MethodDescriptor(
        name: "marginal_distributions", aliases: ["marginal", "column"], backend: .synthcity,
        summary: "SynthCity marginal_distributions, as named: each column from its empirical marginal (0.2.12 samples uniformly)",
        parameters: synthcityPluginParameters,
        testProfile: .init(marginals: .sampling, dependence: .none, keepsBounds: true, keepsMissingRates: false),
        build: { p in
            IndependentColumnsSynthesizer(flavour: .marginalDistributions, samplingPatience: p.int("sampling_patience"),
                                          strict: p.bool("strict"))
        })

    static let synthcityUniformSampler = MethodDescriptor(
        name: "uniform_sampler", aliases: ["uniform"], backend: .synthcity,
        summary: "SynthCity uniform_sampler: each label-encoded column uniform in [min, max] or over its codes",
        parameters: synthcityPluginParameters,
        testProfile: .init(marginals: .none, dependence: .none, keepsBounds: true, keepsMissingRates: false),
        build: { p in
            IndependentColumnsSynthesizer(flavour: .uniformSampler, samplingPatience: p.int("sampling_patience"),
                                          strict: p.bool("strict"))
        })

    static let synthcityDummySampler = MethodDescriptor(
        name: "dummy_sampler", aliases: ["identity"], backend: .synthcity,
        summary: "SynthCity dummy_sampler: bootstrap of training rows, duplicates dropped and refilled",
        parameters: synthcityPluginParameters,
        testProfile: .init(marginals: .sampling, dependence: .sampling, copiesRows: true, keepsBounds: true),
        build: { p in
            RowResamplingSynthesizer(flavour: .dummySampler, samplingPatience: p.int("sampling_patience"),
                                     strict: p.bool("strict"))
        })
}
