import Evaluation
import Foundation
import SynthTable
import Synthesizers

/// A grid of runs: every dataset × method × backend × seed, with per-method parameters, the synthetic
/// size, the metric suites and how to run the cells. Read from JSON (docs/runner.md lists every key);
/// unknown keys and bad values are errors that name the key's JSON path and what is allowed.
public struct ExperimentSpec: Sendable, Equatable {
    /// The rolling quality monitor: warn when the mean `sdmetrics.quality_score` of the last `window`
    /// finished cells falls below `minQuality`.
    public struct Monitor: Sendable, Equatable {
        public var window: Int
        public var minQuality: Double
        public init(window: Int, minQuality: Double) { self.window = window; self.minQuality = minQuality }
    }

    public var name: String
    public var datasets: [String]
    /// Method names as written (aliases allowed; two names of one method are an error).
    public var methods: [String]
    public var backends: [GridBackend]
    public var seeds: [UInt64]
    /// Per method (keyed as in `methods`): parameter name -> value, validated against each backend's method.
    /// A key `method@flavour` (`ctgan@sdv`) holds parameters for the backends of one flavour only: the Swift
    /// flavour and its real library share parameter names (docs/reference-backends.md).
    public var params: [String: [String: ParameterValue]]
    public var rows: SyntheticSize
    /// Further metric suites (`sdmetrics`, `stats`); the production payload is always computed.
    public var suites: [String]
    /// Per-cell wall-clock limit in seconds; nil for none.
    public var timeoutS: Double?
    public var jobs: Int
    /// The threshold file `synthbench check` uses (absolute once loaded from a file).
    public var thresholds: String?
    public var blasThreads: Int
    public var postProcessing: PostProcessing
    public var monitor: Monitor?
    /// Per dataset: how its CSV is read (`dataset_options: {"name": {"strict_header", "on_bad_lines"}}`);
    /// datasets not listed use the defaults (rename repeated header names, stop on a bad row).
    public var datasetOptions: [String: CSVReadPolicy] = [:]
    /// Share of each dataset's rows held out from the fit for the privacy suites (nil: 0.2 when a suite
    /// needs it; a dataset's own hold-out table wins; 0: none). See ``RunConfig/holdoutFraction``.
    public var holdout: Double? = nil
    /// DP requests to sweep (`dp`: one object or a list of objects and nulls); each DP method runs once per
    /// entry, every other method once without DP (the non-private baselines). `[nil]` for none.
    public var dp: [DPRequest?] = [nil]
    /// The Python executable of each reference backend (`python`: a path for all, or one per backend);
    /// where the environment is, not what is computed, so it is not part of the content hash.
    public var python: [GridBackend: String] = [:]

    public static let defaultTimeoutS: Double = 3600
    /// The keys a spec may have, in the order the normalized form lists them.
    public static let keys = ["name", "datasets", "methods", "backends", "seeds", "params", "rows", "suites",
                              "timeout_s", "jobs", "thresholds", "blas_threads", "post_processing", "monitor",
                              "dataset_options", "holdout", "dp", "python"]
    static let postProcessingKeys = ["quantile_matching", "jitter", "jitter_scale", "categorical_correction"]
    /// Suites a spec may ask for besides the always-computed payload.
    public static let extraSuites = [SDMetricsSuite.id, StatisticalSuite.id, MembershipSuite.id, DistanceSuite.id, DetectionSuite.id]

    public init(name: String, datasets: [String], methods: [String], backends: [GridBackend] = [.sdv, .synthcity],
                seeds: [UInt64] = [0], params: [String: [String: ParameterValue]] = [:], rows: SyntheticSize = .asReal,
                suites: [String] = [], timeoutS: Double? = ExperimentSpec.defaultTimeoutS, jobs: Int = 1,
                thresholds: String? = nil, blasThreads: Int = 1, postProcessing: PostProcessing = PostProcessing(),
                monitor: Monitor? = nil) {
        self.name = name; self.datasets = datasets; self.methods = methods; self.backends = backends
        self.seeds = seeds; self.params = params; self.rows = rows; self.suites = suites; self.timeoutS = timeoutS
        self.jobs = jobs; self.thresholds = thresholds; self.blasThreads = blasThreads
        self.postProcessing = postProcessing; self.monitor = monitor
    }

    // MARK: Cells

    /// The grid in its stable order: dataset-major, then method, backend, seed (as listed).
    public var cells: [GridCell] {
        var out: [GridCell] = []
        for d in datasets {
            for m in methods {
                for b in backends {
                    for s in seeds {
                        for request in Self.isPrivate(m) ? dp : [nil] {
                            out.append(GridCell(dataset: d, method: m, backend: b, seed: s,
                                                params: parameters(of: m, on: b), dp: request))
                        }
                    }
                }
            }
        }
        return out
    }

    public func cell(id: String) -> GridCell? { cells.first { $0.id == id } }

    /// The parameters of `method` on `backend`: its `params` entry, then its `method@flavour` entry.
    public func parameters(of method: String, on backend: GridBackend) -> [String: ParameterValue] {
        (params[method] ?? [:]).merging(params[Self.flavourKey(method, backend.flavour)] ?? [:]) { _, flavour in flavour }
    }

    static func flavourKey(_ method: String, _ flavour: Backend) -> String { "\(method)@\(flavour.rawValue)" }

    /// The Swift descriptor a method's parameters are checked against on `backend` (a reference backend
    /// checks them against the flavour it mirrors: the names are the library's).
    static func descriptor(_ method: String, on backend: GridBackend) throws(SynthesisError) -> MethodDescriptor {
        backend.isReference ? try ReferenceCatalog.resolve(method: method, backend: backend).descriptor
            : try MethodFactory.resolve(method: method, backend: backend.flavour).descriptor
    }

    /// The run config of one cell.
    public func runConfig(for cell: GridCell, fetchIfMissing: Bool, datasetsDirectory: String?) -> RunConfig {
        var rowCount: Int? = nil, factor: Double? = nil
        switch rows {
        case .asReal: break
        case .count(let n): rowCount = n
        case .factor(let f): factor = f
        }
        return RunConfig(data: .dataset(cell.dataset), method: cell.method, backend: cell.backend.flavour, rows: rowCount,
                         seed: cell.seed, parameters: cell.params, postProcessing: postProcessing,
                         fetchIfMissing: fetchIfMissing, datasetsDirectory: datasetsDirectory, suites: suites,
                         rowsFactor: factor, csvPolicy: datasetOptions[cell.dataset] ?? CSVReadPolicy(),
                         holdoutFraction: holdout, dp: cell.dp)
    }

    /// Whether `method` names a method with a DP guarantee on some backend.
    static func isPrivate(_ method: String) -> Bool {
        guard let name = MethodFactory.canonicalName(method) else { return false }
        return Backend.allCases.contains { MethodCatalog.descriptor(name, backend: $0)?.differentiallyPrivate == true }
    }

    // MARK: Identity

    /// SHA-256 (first 10 hex digits) of everything that decides which cells exist and what each computes:
    /// datasets, methods, backends, seeds, params, rows, suites, blas_threads, post_processing, holdout. How the grid
    /// is run (jobs, timeout_s, monitor, thresholds) is left out, so changing it resumes the same run.
    public var contentHash: String {
        var object = normalizedJSON
        guard case .object(var o) = object else { return "" }
        for key in ["name", "jobs", "timeout_s", "monitor", "thresholds", "python"] { o[key] = nil }
        if o["dp"] == .array([.null]) { o["dp"] = nil }  // specs without DP keep their hash
        object = .object(o)
        let data = (try? EvaluationJSON.encoder().encode(object)) ?? Data()
        return String(SHA256.hex(of: data).prefix(10))
    }

    /// `<name>-<content hash>`: the same spec resumes the same run directory.
    public var defaultRunID: String { "\(name)-\(contentHash)" }

    // MARK: JSON

    /// The spec with every key written (defaults filled in), as `spec.json` and `results.json` carry it.
    public var normalizedJSON: JSONValue {
        var o: [String: JSONValue] = [:]
        o["name"] = .string(name)
        o["datasets"] = .array(datasets.map { .string($0) })
        o["methods"] = .array(methods.map { .string($0) })
        o["backends"] = .array(backends.map { .string($0.rawValue) })
        o["seeds"] = .array(seeds.map { .number(Double($0)) })
        o["params"] = .object(params.mapValues { p in .object(p.mapValues(Self.json)) })
        switch rows {
        case .asReal: o["rows"] = .null
        case .count(let n): o["rows"] = .number(Double(n))
        case .factor(let f): o["rows"] = .string(SyntheticSize.format(factor: f))
        }
        o["suites"] = .array(suites.map { .string($0) })
        o["timeout_s"] = .number(timeoutS)
        o["jobs"] = .number(Double(jobs))
        o["thresholds"] = .string(thresholds)
        o["blas_threads"] = .number(Double(blasThreads))
        o["post_processing"] = .object([
            "quantile_matching": .bool(postProcessing.quantileMatching), "jitter": .bool(postProcessing.jitter),
            "jitter_scale": .number(postProcessing.jitterScale),
            "categorical_correction": .bool(postProcessing.categoricalCorrection),
        ])
        o["holdout"] = .number(holdout)
        o["dp"] = .array(dp.map { r in
            r.map { .object(["epsilon": .number($0.epsilon), "delta": .number($0.delta),
                             "public_preprocessing": .bool($0.publicPreprocessing)]) } ?? .null
        })
        o["monitor"] = monitor.map { .object(["window": .number(Double($0.window)), "min_quality": .number($0.minQuality)]) } ?? .null
        // Written only when set, so that specs without it keep their content hash (and their run directory).
        if !datasetOptions.isEmpty {
            o["dataset_options"] = .object(datasetOptions.mapValues {
                .object(["strict_header": .bool($0.strictHeader), "on_bad_lines": .string($0.onBadLines.rawValue)])
            })
        }
        if !python.isEmpty {
            o["python"] = .object(Dictionary(uniqueKeysWithValues: python.map { ($0.key.rawValue, .string($0.value)) }))
        }
        return .object(o)
    }

    static func json(_ v: ParameterValue) -> JSONValue {
        switch v {
        case .int(let i): .number(Double(i))
        case .double(let d): .number(d)
        case .bool(let b): .bool(b)
        case .string(let s): .string(s)
        case .ints(let a): .array(a.map { .number(Double($0)) })
        }
    }

    /// Pretty JSON text of ``normalizedJSON`` (sorted keys).
    public func normalizedText() throws -> String {
        try EvaluationJSON.string(normalizedJSON, pretty: true) + "\n"
    }

    // MARK: Loading

    /// Reads and validates a spec file. Relative `thresholds` paths are resolved against the file's folder
    /// and must exist. `availableDatasets` are the registry's names (nil: not checked).
    public static func load(contentsOf url: URL, availableDatasets: [String]?) throws -> ExperimentSpec {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ExperimentSpecError(source: url.path, path: "", message: "cannot read the file: \(OutputError.systemReason(error))")
        }
        let spec = try decode(data, source: url.path, baseDirectory: url.deletingLastPathComponent(),
                              availableDatasets: availableDatasets)
        if let t = spec.thresholds, !FileManager.default.fileExists(atPath: t) {
            throw ExperimentSpecError(source: url.path, path: "thresholds", message: "no such file: \(t)")
        }
        return spec
    }

    /// Decodes and validates a spec. Method names and parameters are checked through ``MethodFactory``
    /// for every backend of the spec (a method that falls back to another backend is checked against that
    /// one's parameter list) unless `validatingMethods` is false, which readers of a finished run use (the
    /// methods need not be registered in the reading process).
    public static func decode(_ data: Data, source: String = "<input>", baseDirectory: URL? = nil,
                              availableDatasets: [String]?,
                              validatingMethods: Bool = true) throws(ExperimentSpecError) -> ExperimentSpec {
        let r = SpecReader(source: source)
        let root: JSONValue
        do { root = try JSONDecoder().decode(JSONValue.self, from: data) } catch {
            throw r.fail("", JSONSyntaxError.explain(data, fallback: "not valid JSON: \(Self.describe(error))"))
        }
        let o = try r.object(root, "")
        for key in o.keys.sorted() where !keys.contains(key) {
            throw r.fail(key, "unknown key; allowed keys: \(keys.joined(separator: ", "))")
        }
        guard let nameValue = o["name"] else { throw r.fail("name", "missing; give the experiment a name") }
        let name = try r.identifier(nameValue, "name")

        guard let datasetsValue = o["datasets"] else { throw r.fail("datasets", "missing; list dataset names") }
        let datasets = try r.identifiers(datasetsValue, "datasets")
        if let available = availableDatasets {
            for (i, d) in datasets.enumerated() where !available.contains(d) {
                throw r.fail("datasets[\(i)]", "unknown dataset '\(d)'; allowed: \(available.joined(separator: ", "))")
            }
        }

        guard let methodsValue = o["methods"] else { throw r.fail("methods", "missing; list method names") }
        let methods = try r.identifiers(methodsValue, "methods")
        var canonical: [String: Int] = [:]
        for (i, m) in methods.enumerated() {
            let c = MethodFactory.canonicalName(m) ?? m
            if let j = canonical[c] { throw r.fail("methods[\(i)]", "'\(m)' names the same method as methods[\(j)]") }
            canonical[c] = i
        }

        var backends: [GridBackend] = [.sdv, .synthcity]
        if let v = o["backends"] {
            let names = try r.strings(v, "backends")
            backends = []
            for (i, b) in names.enumerated() {
                guard let backend = GridBackend(rawValue: b) else {
                    throw r.fail("backends[\(i)]", "unknown backend '\(b)'; allowed: \(GridBackend.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                backends.append(backend)
            }
            try r.unique(names, "backends")
        }
        for (i, m) in methods.enumerated() where validatingMethods {
            for b in backends {
                do { _ = try descriptor(m, on: b) } catch {
                    throw r.fail("methods[\(i)]", "\(error)")
                }
            }
        }

        var seeds: [UInt64] = [0]
        if let v = o["seeds"] {
            guard case .array(let a) = v, !a.isEmpty else { throw r.fail("seeds", "expected a non-empty list of integers") }
            seeds = try a.enumerated().map { i, x throws(ExperimentSpecError) in
                UInt64(try r.int(x, "seeds[\(i)]", 0...(1 << 53)))
            }
            try r.unique(seeds.map(String.init), "seeds")
        }

        var params: [String: [String: ParameterValue]] = [:]
        if let v = o["params"] {
            let byMethod = try r.object(v, "params")
            for key in byMethod.keys.sorted() {
                let path = "params.\(key)"
                let parts = key.split(separator: "@", maxSplits: 1).map(String.init)
                var flavour: Backend? = nil
                if parts.count == 2 {
                    guard let f = Backend(rawValue: parts[1]) else {
                        throw r.fail(path, "'@\(parts[1])' is not a flavour; write method@sdv or method@synthcity (each covers the Swift flavour and its -python backend)")
                    }
                    guard backends.contains(where: { $0.flavour == f }) else {
                        throw r.fail(path, "no backend of the spec has the \(f.rawValue) flavour")
                    }
                    flavour = f
                }
                guard let i = canonical[MethodFactory.canonicalName(parts[0]) ?? parts[0]] else {
                    throw r.fail(path, "not one of the spec's methods (\(methods.joined(separator: ", ")))")
                }
                let method = methods[i]
                var given: [String: ParameterValue] = [:]
                for (p, value) in try r.object(byMethod[key]!, path) {
                    given[p] = try r.parameter(value, "\(path).\(p)")
                }
                for b in backends where validatingMethods && (flavour == nil || b.flavour == flavour) {
                    do {
                        let descriptor = try descriptor(method, on: b)
                        _ = try descriptor.resolve(given)
                        // Rules across parameters (CTGAN: batch_size a multiple of pac) are checked when the
                        // synthesizer is built, which is cheap (nothing is allocated before fit).
                        _ = try descriptor.make(given)
                    } catch let error as SynthesisError {
                        let bad: String
                        switch error {
                        case .unknownParameter(_, let n, _), .invalidParameter(_, let n, _, _): bad = ".\(n)"
                        default: bad = ""
                        }
                        throw r.fail(path + bad, "\(error) (backend \(b.rawValue))")
                    } catch {
                        throw r.fail(path, "\(error) (backend \(b.rawValue))")
                    }
                }
                params[flavour.map { flavourKey(method, $0) } ?? method] = given
            }
        }

        var rows = SyntheticSize.asReal
        if let v = o["rows"] {
            switch v {
            case .null: break
            case .number: rows = .count(try r.int(v, "rows", 1...Int(Int32.max)))
            case .string(let s):
                let t = s.trimmingCharacters(in: .whitespaces)
                guard t.hasSuffix("x"), let f = Double(t.dropLast()), f.isFinite, f > 0 else {
                    throw r.fail("rows", "'\(s)' is not a factor; write null (as many as the real rows), a row count, or a factor like \"1.0x\"")
                }
                rows = .factor(f)
            default:
                throw r.fail("rows", "expected null (as many as the real rows), a row count, or a factor like \"1.0x\"")
            }
        }

        var suites: [String] = MetricSuites.privacyDefaults
        if let v = o["suites"] {
            let names = try r.strings(v, "suites", allowEmpty: true)
            for (i, s) in names.enumerated() where s != PayloadSuite.id && !extraSuites.contains(s) {
                throw r.fail("suites[\(i)]", "unknown suite '\(s)'; allowed: \(extraSuites.joined(separator: ", ")) (the payload is always computed)")
            }
            try r.unique(names, "suites")
            suites = names.filter { $0 != PayloadSuite.id }
        }

        var timeout: Double? = defaultTimeoutS
        if let v = o["timeout_s"] {
            if v == .null { timeout = nil } else {
                guard let x = v.doubleValue, x > 0, x.isFinite else {
                    throw r.fail("timeout_s", "expected a positive number of seconds, or null for no limit")
                }
                timeout = x
            }
        }
        let jobs = try o["jobs"].map { v throws(ExperimentSpecError) in try r.int(v, "jobs", 1...1024) } ?? 1
        let blas = try o["blas_threads"].map { v throws(ExperimentSpecError) in try r.int(v, "blas_threads", 1...1024) } ?? 1

        var thresholds: String? = nil
        if let v = o["thresholds"], v != .null {
            guard case .string(let p) = v, !p.isEmpty else { throw r.fail("thresholds", "expected a file path or null") }
            let url = p.hasPrefix("/") || baseDirectory == nil ? URL(fileURLWithPath: p)
                : baseDirectory!.appendingPathComponent(p)
            thresholds = url.standardizedFileURL.path
        }

        var post = PostProcessing()
        if let v = o["post_processing"], v != .null {
            let p = try r.object(v, "post_processing")
            for key in p.keys.sorted() where !postProcessingKeys.contains(key) {
                throw r.fail("post_processing.\(key)", "unknown key; allowed keys: \(postProcessingKeys.joined(separator: ", "))")
            }
            if let x = p["quantile_matching"] { post.quantileMatching = try r.bool(x, "post_processing.quantile_matching") }
            if let x = p["jitter"] { post.jitter = try r.bool(x, "post_processing.jitter") }
            if let x = p["categorical_correction"] { post.categoricalCorrection = try r.bool(x, "post_processing.categorical_correction") }
            if let x = p["jitter_scale"] {
                guard let s = x.doubleValue, s > 0, s.isFinite else {
                    throw r.fail("post_processing.jitter_scale", "expected a positive number (a fraction of the real standard deviation)")
                }
                post.jitterScale = s
            }
        }

        var monitor: Monitor? = nil
        if let v = o["monitor"], v != .null {
            let m = try r.object(v, "monitor")
            for key in m.keys.sorted() where !["window", "min_quality"].contains(key) {
                throw r.fail("monitor.\(key)", "unknown key; allowed keys: window, min_quality")
            }
            guard let w = m["window"] else { throw r.fail("monitor.window", "missing; the number of recent cells to average") }
            guard let q = m["min_quality"] else { throw r.fail("monitor.min_quality", "missing; the lowest acceptable mean quality score") }
            let window = try r.int(w, "monitor.window", 1...100_000)
            guard let minQuality = q.doubleValue, (0...1).contains(minQuality) else {
                throw r.fail("monitor.min_quality", "expected a number in 0...1 (an sdmetrics quality score)")
            }
            guard suites.contains(SDMetricsSuite.id) else {
                throw r.fail("monitor", "watches sdmetrics.quality_score, so suites must include \"sdmetrics\"")
            }
            monitor = Monitor(window: window, minQuality: minQuality)
        }

        var datasetOptions: [String: CSVReadPolicy] = [:]
        if let v = o["dataset_options"], v != .null {
            for (dataset, entry) in try r.object(v, "dataset_options").sorted(by: { $0.key < $1.key }) {
                let path = "dataset_options.\(dataset)"
                guard datasets.contains(dataset) else {
                    throw r.fail(path, "not one of the spec's datasets (\(datasets.joined(separator: ", ")))")
                }
                let e = try r.object(entry, path)
                for key in e.keys.sorted() where !["strict_header", "on_bad_lines"].contains(key) {
                    throw r.fail("\(path).\(key)", "unknown key; allowed keys: strict_header, on_bad_lines")
                }
                var policy = CSVReadPolicy()
                if let x = e["strict_header"] { policy.strictHeader = try r.bool(x, "\(path).strict_header") }
                if let x = e["on_bad_lines"] {
                    let allowed = CSVOptions.BadLinePolicy.allCases.map(\.rawValue)
                    guard case .string(let s) = x, let p = CSVOptions.BadLinePolicy(rawValue: s) else {
                        throw r.fail("\(path).on_bad_lines", "expected one of \(allowed.joined(separator: ", "))")
                    }
                    policy.onBadLines = p
                }
                datasetOptions[dataset] = policy
            }
        }

        var holdout: Double? = nil
        if let v = o["holdout"], v != .null {
            guard let f = v.doubleValue, f >= 0, f < 1 else {
                throw r.fail("holdout", "expected a share of the rows in [0, 1) (0: no hold-out), or null for the default")
            }
            holdout = f
        }

        var dp: [DPRequest?] = [nil]
        if let v = o["dp"], v != .null {
            var entries = [v], listed = false
            if case .array(let a) = v { entries = a; listed = true }
            guard !entries.isEmpty else { throw r.fail("dp", "expected a DP request object or a non-empty list of them (null for none)") }
            dp = try entries.enumerated().map { i, x throws(ExperimentSpecError) -> DPRequest? in
                let path = listed ? "dp[\(i)]" : "dp"
                if x == .null { return nil }
                let e = try r.object(x, path)
                for key in e.keys.sorted() where !["epsilon", "delta", "public_preprocessing"].contains(key) {
                    throw r.fail("\(path).\(key)", "unknown key; allowed keys: epsilon, delta, public_preprocessing")
                }
                guard let eps = e["epsilon"]?.doubleValue, eps > 0, eps.isFinite else {
                    throw r.fail("\(path).epsilon", "expected a positive number")
                }
                var delta: Double? = nil
                if let d = e["delta"], d != .null {
                    guard let x = d.doubleValue, x > 0, x < 1 else { throw r.fail("\(path).delta", "expected a number in (0, 1)") }
                    delta = x
                }
                let declared = try e["public_preprocessing"].map { v throws(ExperimentSpecError) in
                    try r.bool(v, "\(path).public_preprocessing")
                } ?? false
                return DPRequest(epsilon: eps, delta: delta, publicPreprocessing: declared)
            }
            if validatingMethods, dp.contains(where: { $0 != nil }), !methods.contains(where: isPrivate) {
                throw r.fail("dp", "none of the spec's methods (\(methods.joined(separator: ", "))) is differentially private; "
                    + "see `synthbench methods`")
            }
        }

        var spec = ExperimentSpec(name: name, datasets: datasets, methods: methods, backends: backends, seeds: seeds,
                                  params: params, rows: rows, suites: suites, timeoutS: timeout, jobs: jobs,
                                  thresholds: thresholds, blasThreads: blas, postProcessing: post, monitor: monitor)
        spec.datasetOptions = datasetOptions
        spec.holdout = holdout
        spec.dp = dp
        if let v = o["python"], v != .null {
            let references = GridBackend.allCases.filter(\.isReference)
            if case .string(let path) = v, !path.isEmpty {
                for b in references { spec.python[b] = path }
            } else {
                for (key, entry) in try r.object(v, "python") {
                    guard let b = GridBackend(rawValue: key), b.isReference else {
                        throw r.fail("python.\(key)", "not a reference backend; allowed: \(references.map(\.rawValue).joined(separator: ", "))")
                    }
                    guard case .string(let path) = entry, !path.isEmpty else { throw r.fail("python.\(key)", "expected the path of a Python executable") }
                    spec.python[b] = path
                }
            }
        }
        return spec
    }

    static func describe(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let c) = error {
            return (c.underlyingError.map { "\($0)" }) ?? c.debugDescription
        }
        return "\(error)"
    }
}

/// Typed reads of a JSON tree that fail with the value's path.
struct SpecReader {
    let source: String

    func fail(_ path: String, _ message: String) -> ExperimentSpecError {
        ExperimentSpecError(source: source, path: path, message: message)
    }

    static func kind(_ v: JSONValue) -> String {
        switch v {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "a list"
        case .object: "an object"
        }
    }

    func object(_ v: JSONValue, _ path: String) throws(ExperimentSpecError) -> [String: JSONValue] {
        guard case .object(let o) = v else { throw fail(path, "expected an object, got \(Self.kind(v))") }
        return o
    }

    func bool(_ v: JSONValue, _ path: String) throws(ExperimentSpecError) -> Bool {
        guard case .bool(let b) = v else { throw fail(path, "expected true or false, got \(Self.kind(v))") }
        return b
    }

    func int(_ v: JSONValue, _ path: String, _ range: ClosedRange<Int>) throws(ExperimentSpecError) -> Int {
        guard case .number(let x) = v, x == x.rounded(), abs(x) < 9.1e18 else {
            throw fail(path, "expected an integer in \(range.lowerBound)...\(range.upperBound), got \(Self.kind(v))")
        }
        guard range.contains(Int(x)) else {
            throw fail(path, "\(Int(x)) is out of range; allowed: \(range.lowerBound)...\(range.upperBound)")
        }
        return Int(x)
    }

    func strings(_ v: JSONValue, _ path: String, allowEmpty: Bool = false) throws(ExperimentSpecError) -> [String] {
        guard case .array(let a) = v else { throw fail(path, "expected a list of strings, got \(Self.kind(v))") }
        if a.isEmpty && !allowEmpty { throw fail(path, "must not be empty") }
        var out: [String] = []
        for (i, x) in a.enumerated() {
            guard case .string(let s) = x else { throw fail("\(path)[\(i)]", "expected a string, got \(Self.kind(x))") }
            out.append(s)
        }
        return out
    }

    /// A name used in file and cell names: letters, digits, `.`, `_`, `-`, not starting with `.`.
    func identifier(_ v: JSONValue, _ path: String) throws(ExperimentSpecError) -> String {
        guard case .string(let s) = v else { throw fail(path, "expected a string, got \(Self.kind(v))") }
        try checkIdentifier(s, path)
        return s
    }

    func identifiers(_ v: JSONValue, _ path: String) throws(ExperimentSpecError) -> [String] {
        let list = try strings(v, path)
        for (i, s) in list.enumerated() { try checkIdentifier(s, "\(path)[\(i)]") }
        try unique(list, path)
        return list
    }

    func checkIdentifier(_ s: String, _ path: String) throws(ExperimentSpecError) {
        let ok = !s.isEmpty && !s.hasPrefix(".") && !s.contains("__") && s.unicodeScalars.allSatisfy {
            ($0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil)) || "._-".unicodeScalars.contains($0)
        }
        guard ok else {
            throw fail(path, "'\(s)' is not a valid name; use ASCII letters, digits, '.', '_' and '-' (no leading '.', no '__')")
        }
    }

    func unique(_ list: [String], _ path: String) throws(ExperimentSpecError) {
        var seen: [String: Int] = [:]
        for (i, s) in list.enumerated() {
            if let j = seen[s] { throw fail("\(path)[\(i)]", "'\(s)' repeats \(path)[\(j)]") }
            seen[s] = i
        }
    }

    /// A method parameter: a number (integral -> int), a boolean, a string, or a list of integers.
    func parameter(_ v: JSONValue, _ path: String) throws(ExperimentSpecError) -> ParameterValue {
        switch v {
        case .bool(let b): return .bool(b)
        case .number(let x): return x == x.rounded() && abs(x) < 9e15 ? .int(Int(x)) : .double(x)
        case .string(let s): return .string(s)
        case .array(let a):
            var out: [Int] = []
            for (i, x) in a.enumerated() { out.append(try int(x, "\(path)[\(i)]", 1...Int(Int32.max))) }
            return .ints(out)
        default: throw fail(path, "expected a number, boolean, string or list of integers, got \(Self.kind(v))")
        }
    }
}
