import Foundation
import SynthMath
import SynthTable
import Testing
@testable import Synthesizers

/// The generator property suite's tier: `fast` in `make test` (small tables, each method's
/// ``MethodTestProfile/fastParameters``), `slow` with `SYNTHBENCH_SLOW_TESTS=1` (realistic sizes, the
/// profile's slow parameters and expectations). See docs/testing.md.
enum PropertyTier: Sendable {
    case fast, slow

    static let current: PropertyTier = ProcessInfo.processInfo.environment["SYNTHBENCH_SLOW_TESTS"] == "1" ? .slow : .fast

    var rows: Int { self == .fast ? 300 : 2000 }
    /// Seeds of the random table shapes every method is tested on; `SYNTHBENCH_PROPERTY_SHAPES=3,4`
    /// replaces them (to check by hand that a profile does not pass its shapes by luck).
    var shapeSeeds: [UInt64] {
        if let only = ProcessInfo.processInfo.environment["SYNTHBENCH_PROPERTY_SHAPES"], !only.isEmpty {
            return only.split(separator: ",").compactMap { UInt64($0.trimmingCharacters(in: .whitespaces)) }
        }
        return self == .fast ? [1, 2] : [1, 2, 3, 4, 5]
    }
    /// Fresh real tables behind each noise bound.
    var resamples: Int { self == .fast ? 24 : 40 }

    /// With `SYNTHBENCH_PROPERTY_LOG=1` the properties print what they measured (to calibrate a profile).
    static let logging = ProcessInfo.processInfo.environment["SYNTHBENCH_PROPERTY_LOG"] == "1"

    /// `SYNTHBENCH_TEST_PRECISION=bf16` fits every method that has a `precision` parameter with
    /// `precision=bf16` (docs/nn.md §7.2); with `SYNTHBENCH_BF16_KERNEL=onednn` the products run in bf16
    /// even where the selection would keep fp32 (``PropertyPrecisionTests`` checks they do).
    static let precision = ProcessInfo.processInfo.environment["SYNTHBENCH_TEST_PRECISION"] ?? "fp32"

    /// With `SYNTHBENCH_PROPERTY_CSV=<directory>` every shared fit writes its training table and its sample
    /// there as CSV, to fit the Python references on the same tables (scripts/reference/property_neural.py).
    static let csvDirectory = ProcessInfo.processInfo.environment["SYNTHBENCH_PROPERTY_CSV"]

    static func log(_ line: @autoclosure () -> String) {
        if logging { print("[property] \(line())") }
    }

    /// CPU seconds of the calling thread (a fit runs synchronously on one thread), for the cost lines of
    /// the log: what a profile's fast parameters cost, to keep the fast tier fast. Never asserted on.
    static func threadCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }
}

/// One registered method (a generator in one flavour) as the property suite runs it.
struct GeneratorCase: Sendable, CustomTestStringConvertible {
    let descriptor: MethodDescriptor

    /// Every method of every backend, including ones registered later: the suite covers a generator as
    /// soon as it is in ``MethodCatalog/all``.
    static var all: [GeneratorCase] { MethodCatalog.all.map(GeneratorCase.init) }

    /// The methods the property tests run: ``all``, or only those named in `SYNTHBENCH_PROPERTY_METHODS`
    /// (comma-separated `backend/method`, e.g. `sdv/ctgan,synthcity/tvae`) to calibrate a profile. The
    /// negative controls always measure against the loosest expectation of ``all``.
    static var tested: [GeneratorCase] {
        guard let only = ProcessInfo.processInfo.environment["SYNTHBENCH_PROPERTY_METHODS"], !only.isEmpty else { return all }
        let names = Set(only.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        return all.filter { names.contains($0.testDescription) }
    }

    static func named(_ name: String, _ backend: Backend) -> GeneratorCase {
        GeneratorCase(descriptor: MethodCatalog.descriptor(name, backend: backend)!)
    }

    var testDescription: String { "\(descriptor.backend.rawValue)/\(descriptor.name)" }
    var profile: MethodTestProfile { descriptor.testProfile }

    func marginals(_ tier: PropertyTier) -> MethodTestProfile.Expectation {
        tier == .slow ? profile.slowMarginals ?? profile.marginals : profile.marginals
    }

    func dependence(_ tier: PropertyTier) -> MethodTestProfile.Expectation {
        tier == .slow ? profile.slowDependence ?? profile.dependence : profile.dependence
    }

    /// The random table of shape `seed` this method is tested on (numbers complete when it cannot fit
    /// missing ones).
    func table(_ seed: UInt64, tier: PropertyTier = .current) throws -> PropertyTable {
        try PropertyTable(shapeSeed: seed, rows: tier.rows, completeNumbers: !profile.fitsMissingNumbers)
    }

    /// Runs `check` as a gate, or, under the tier's gap (``MethodTestProfile/fastTierGap``,
    /// ``MethodTestProfile/slowTierGap``), as a known issue: measured and reported, not failing.
    func gate(_ tier: PropertyTier, _ check: () -> Void) {
        gate(gap: tier == .fast ? profile.fastTierGap : profile.slowTierGap, check)
    }

    /// ``gate(_:_:)`` for the missing-rate checks, which a ``MethodTestProfile/fastTierMissingRateGap``
    /// alone also makes known issues in the fast tier.
    func gateMissingRates(_ tier: PropertyTier, _ check: () -> Void) {
        gate(gap: tier == .fast ? profile.fastTierGap ?? profile.fastTierMissingRateGap : profile.slowTierGap, check)
    }

    private func gate(gap: String?, _ check: () -> Void) {
        if let gap {
            withKnownIssue(Comment(rawValue: gap), isIntermittent: true, check)
        } else {
            check()
        }
    }

    func parameters(_ tier: PropertyTier) -> [String: ParameterValue] {
        var out = tier == .fast ? profile.fastParameters : profile.slowParameters
        out.merge(Self.calibration(descriptor)) { $1 }
        if PropertyTier.precision != "fp32", descriptor.parameters.contains(where: { $0.name == "precision" }) {
            out["precision"] = .string(PropertyTier.precision)
        }
        return out
    }

    /// `SYNTHBENCH_PROPERTY_PARAMETERS="epochs=300;batch_size=60"` overrides the profile's parameters of
    /// every tested method that has them (to calibrate a profile without rebuilding); others are ignored.
    static func calibration(_ descriptor: MethodDescriptor) -> [String: ParameterValue] {
        guard let text = ProcessInfo.processInfo.environment["SYNTHBENCH_PROPERTY_PARAMETERS"] else { return [:] }
        let known = Set(descriptor.parameters.map(\.name))
        let assignments = text.split(separator: ";").map(String.init)
            .filter { known.contains(String($0.prefix(while: { $0 != "=" }))) }
        return (try? descriptor.parseAssignments(assignments)) ?? [:]
    }

    /// The tier's parameters with every training-length parameter (``MethodTestProfile/isTrainingLength(_:)``)
    /// cut to at most 2: for checks that need the fitting and sampling code paths, not a trained model
    /// (determinism).
    func shortTraining(_ tier: PropertyTier) -> [String: ParameterValue] {
        var out = parameters(tier)
        for p in descriptor.parameters where MethodTestProfile.isTrainingLength(p) {
            guard case .int(let range) = p.kind, case .int(let current) = out[p.name] ?? p.defaultValue else { continue }
            out[p.name] = .int(max(range.lowerBound, min(current, 2)))
        }
        return out
    }

    /// A fresh fit on `table` with fit seed `fitSeed` (the tier's parameters unless `parameters` are given),
    /// and the fitted model.
    func fit(_ table: Table, tier: PropertyTier, fitSeed: UInt64,
             parameters: [String: ParameterValue]? = nil) throws -> (any Synthesizer, SynthesisContext) {
        let s = try descriptor.make(parameters ?? self.parameters(tier)), context = SynthesisContext(seed: fitSeed)
        try s.fit(table, metadata: Metadata.detect(from: table), context: context)
        return (s, context)
    }
}

/// Fits shared by the property files: one fit per method x table shape, sampled once with
/// ``sampleSeed`` (as many rows as the table has). Concurrent tests asking for the same fit wait for one.
actor FittedSamples {
    static let shared = FittedSamples()
    /// `SYNTHBENCH_PROPERTY_FIT_SEED` replaces it, to see how much a fit's errors move with its seed.
    static let fitSeed = ProcessInfo.processInfo.environment["SYNTHBENCH_PROPERTY_FIT_SEED"].flatMap { UInt64($0) } ?? 17
    static let sampleSeed: UInt64 = 23

    private var tasks: [String: Task<Table, any Error>] = [:]
    /// Training tables already written under `SYNTHBENCH_PROPERTY_CSV`: each is written once, here in the
    /// actor, since several methods' fits of one table run at once and would write the same file together.
    private var writtenTables: Set<String> = []

    func sample(_ g: GeneratorCase, on t: PropertyTable, tier: PropertyTier = .current) async throws -> Table {
        let key = "\(g.testDescription)#\(t.shapeSeed)#\(t.completeNumbers)#\(tier)"
        if let task = tasks[key] { return try await task.value }
        let table = t.fileStem
        if let dir = PropertyTier.csvDirectory, writtenTables.insert(table).inserted {
            try CSVWriter().write(t.table, to: "\(dir)/\(table).csv")
        }
        let task = Task<Table, any Error> {
            let cpu = PropertyTier.threadCPUSeconds()
            let (s, context) = try g.fit(t.table, tier: tier, fitSeed: Self.fitSeed)
            let sample = try s.sample(count: t.table.rowCount, seed: Self.sampleSeed, context: context)
            PropertyTier.log("fit+sample \(g.testDescription) shape \(t.shapeSeed): \(fmt(PropertyTier.threadCPUSeconds() - cpu)) CPU s")
            if let dir = PropertyTier.csvDirectory {
                try CSVWriter().write(sample, to: "\(dir)/\(table)-\(g.descriptor.backend.rawValue)-\(g.descriptor.name).csv")
            }
            return sample
        }
        tasks[key] = task
        return try await task.value
    }
}

/// Noise bounds shared by the property files: one per table shape, measure and tier (they depend on the
/// table, not on the method). Concurrent tests asking for the same bound wait for one.
actor NoiseBounds {
    static let shared = NoiseBounds()

    private var tasks: [String: Task<NoiseBound, any Error>] = [:]
    /// Shapes whose fresh real tables are already written under `SYNTHBENCH_PROPERTY_CSV` (once, here in the
    /// actor, as ``FittedSamples`` writes the training tables).
    private var writtenFresh: Set<String> = []

    /// The bound of `measure` (named `name`) on `t`. Under `SYNTHBENCH_PROPERTY_CSV` the fresh real tables
    /// behind it are written as `<stem>-fresh<k>.csv`, so that a reference script can recompute the noise
    /// limit (scripts/reference/dependence_measure_shift.py).
    func bound(_ t: PropertyTable, _ name: String, tier: PropertyTier = .current,
               measure: @escaping @Sendable (Table, Table) throws -> Double) async throws -> NoiseBound {
        let key = "\(name)#\(t.shapeSeed)#\(t.completeNumbers)#\(t.table.rowCount)#\(tier)"
        if let task = tasks[key] { return try await task.value }
        if let dir = PropertyTier.csvDirectory, writtenFresh.insert(t.fileStem).inserted {
            for k in 0..<tier.resamples { try CSVWriter().write(try t.fresh(k), to: "\(dir)/\(t.fileStem)-fresh\(k).csv") }
        }
        let task = Task<NoiseBound, any Error> { try NoiseBound(t, resamples: tier.resamples, measure: measure) }
        tasks[key] = task
        return try await task.value
    }
}

extension MethodTestProfile.Expectation {
    /// The largest error this expectation accepts, given the real-vs-real noise bound; nil for `.none`.
    func limit(_ noise: NoiseBound) -> Double? {
        switch self {
        case .sampling: noise.limit
        case .approximate(let multiple): multiple * noise.limit
        case .none: nil
        }
    }

    /// The noise multiple the expectation allows (1 for `.sampling`); nil for `.none`.
    var multiple: Double? {
        switch self {
        case .sampling: 1
        case .approximate(let m): m
        case .none: nil
        }
    }
}

/// The profile a method gets when it declares none: training length cut, marginals measured.
@Test func inferredProfileCutsTrainingLengthOnly() {
    let parameters = [
        MethodParameter("epochs", .int(1...1000), default: .int(300), help: ""),
        MethodParameter("n_iter_min", .int(0...1000), default: .int(100), help: ""),
        MethodParameter("discriminator_n_iter", .int(1...10), default: .int(1), help: ""),
        MethodParameter("n_iter", .int(1...10), default: .int(5), help: ""),
        MethodParameter("width", .int(1...1000), default: .int(256), help: ""),
    ]
    let p = MethodTestProfile.inferred(from: parameters)
    #expect(p.fastParameters == ["epochs": .int(20)])
    #expect(p.marginals == .approximate(multiple: 1.5) && p.dependence == MethodTestProfile.Expectation.none)
    #expect(p.fastTierGap != nil && !p.copiesRows)
}
