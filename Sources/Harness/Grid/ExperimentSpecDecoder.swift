import Evaluation
import Foundation
import SynthCore
import SynthTable
import Synthesizers

/// Validates a spec's JSON tree key by key, in the order the keys depend on each other (methods before
/// their params, suites before the monitor that needs `sdmetrics`, datasets before their options), and
/// builds the ``ExperimentSpec``. Every failure names the key's JSON path and what is allowed.
struct ExperimentSpecDecoder {
    let reader: JSONPathReader
    /// Where relative `thresholds` paths point from (nil: the working directory).
    let baseDirectory: URL?
    /// The registry's dataset names (nil: not checked).
    let availableDatasets: [String]?
    let validatingMethods: Bool

    static let postProcessingKeys = ["quantile_matching", "jitter", "jitter_scale", "categorical_correction"]

    func fail(_ path: String, _ message: String) -> ExperimentSpecError { reader.fail(path, message) }

    func decode(_ root: JSONValue) throws(ExperimentSpecError) -> ExperimentSpec {
        let o = try reader.object(root, "")
        try reader.checkKeys(o, allowed: ExperimentSpec.keys, at: "")
        guard let nameValue = o["name"] else { throw fail("name", "missing; give the experiment a name") }
        let name = try identifier(nameValue, "name")
        let datasets = try decodeDatasets(o["datasets"])
        let methods = try decodeMethods(o["methods"])
        let backends = try decodeBackends(o["backends"])
        if validatingMethods { try validate(methods: methods, on: backends) }
        let seeds = try decodeSeeds(o["seeds"])
        let params = try decodeParams(o["params"], methods: methods, backends: backends)
        let rows = try decodeRows(o["rows"])
        let suites = try decodeSuites(o["suites"])
        let timeout = try decodeTimeout(o["timeout_s"])
        let jobs = try o["jobs"].map { v throws(ExperimentSpecError) in try reader.int(v, "jobs", 1...1024) } ?? 1
        let blas = try o["blas_threads"].map { v throws(ExperimentSpecError) in try reader.int(v, "blas_threads", 1...1024) } ?? 1
        let thresholds = try decodeThresholds(o["thresholds"])
        let post = try decodePostProcessing(o["post_processing"])
        let monitor = try decodeMonitor(o["monitor"], suites: suites)
        let datasetOptions = try decodeDatasetOptions(o["dataset_options"], datasets: datasets)
        let holdout = try decodeHoldout(o["holdout"])
        let dp = try decodeDP(o["dp"], methods: methods)
        func cap(_ key: String) throws(ExperimentSpecError) -> Int? {
            try o[key].flatMap { v throws(ExperimentSpecError) in
                v == .null ? nil : try reader.int(v, key, 0...Int(Int32.max))
            }
        }
        let evalCap = try cap("eval_cap")
        let evalCapClassifier = try cap("eval_cap_classifier"), evalCapQuadratic = try cap("eval_cap_quadratic")

        var spec = ExperimentSpec(name: name, datasets: datasets, methods: methods, backends: backends, seeds: seeds,
                                  params: params, rows: rows, suites: suites, timeoutS: timeout, jobs: jobs,
                                  thresholds: thresholds, blasThreads: blas, postProcessing: post, monitor: monitor)
        spec.datasetOptions = datasetOptions
        spec.holdout = holdout
        spec.dp = dp
        spec.evalCap = evalCap
        spec.quasiIdentifiers = try o["quasi_identifiers"].flatMap { v throws(ExperimentSpecError) -> [String]? in
            guard v != .null else { return nil }
            let names = try reader.strings(v, "quasi_identifiers")
            guard !names.isEmpty else { throw fail("quasi_identifiers", "empty; list column names, or leave the key out for the automatic choice") }
            try reader.unique(names, "quasi_identifiers")
            return names.map(resolvingHierarchyPath)
        }
        spec.evalCapClassifier = evalCapClassifier
        spec.evalCapQuadratic = evalCapQuadratic
        spec.python = try decodePython(o["python"])
        spec.federated = try decodeFederated(o["federated"], methods: methods, backends: backends)
        spec.keepSynthetic = try decodeKeepSynthetic(o["keep_synthetic"])
        spec.shadow = try decodeShadow(o["shadow"], suites: suites)
        return spec
    }

    // MARK: what runs

    func decodeDatasets(_ value: JSONValue?) throws(ExperimentSpecError) -> [String] {
        guard let value else { throw fail("datasets", "missing; list dataset names") }
        // A dataset may carry a row count, NAME@ROWS (``DatasetName``); the name is checked without it.
        let datasets = try reader.strings(value, "datasets")
        for (i, d) in datasets.enumerated() { try checkIdentifier(DatasetName(parsing: d).base, "datasets[\(i)]") }
        try reader.unique(datasets, "datasets")
        if let available = availableDatasets {
            for (i, d) in datasets.enumerated() where !available.contains(DatasetName(parsing: d).base) {
                let near = ClosestName.suggestion(for: DatasetName(parsing: d).base, among: available).map { " (did you mean '\($0)'?)" } ?? ""
                throw fail("datasets[\(i)]", "unknown dataset '\(d)'\(near); allowed: \(available.joined(separator: ", "))")
            }
        }
        return datasets
    }

    /// Method names as written; two names of one method are an error.
    func decodeMethods(_ value: JSONValue?) throws(ExperimentSpecError) -> [String] {
        guard let value else { throw fail("methods", "missing; list method names") }
        let methods = try identifiers(value, "methods")
        var canonical: [String: Int] = [:]
        for (i, m) in methods.enumerated() {
            let c = MethodFactory.canonicalName(m) ?? m
            if let j = canonical[c] { throw fail("methods[\(i)]", "'\(m)' names the same method as methods[\(j)]") }
            canonical[c] = i
        }
        return methods
    }

    func decodeBackends(_ value: JSONValue?) throws(ExperimentSpecError) -> [GridBackend] {
        guard let value else { return [.sdv, .synthcity] }
        let names = try reader.strings(value, "backends")
        var backends: [GridBackend] = []
        for (i, b) in names.enumerated() {
            guard let backend = GridBackend(rawValue: b) else {
                throw fail("backends[\(i)]", "unknown backend '\(b)'; allowed: \(GridBackend.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            backends.append(backend)
        }
        try reader.unique(names, "backends")
        return backends
    }

    func validate(methods: [String], on backends: [GridBackend]) throws(ExperimentSpecError) {
        for (i, m) in methods.enumerated() {
            for b in backends {
                do { _ = try ExperimentSpec.descriptor(m, on: b) } catch {
                    throw fail("methods[\(i)]", "\(error)")
                }
            }
        }
    }

    func decodeSeeds(_ value: JSONValue?) throws(ExperimentSpecError) -> [UInt64] {
        guard let value else { return [0] }
        guard case .array(let a) = value, !a.isEmpty else { throw fail("seeds", "expected a non-empty list of integers") }
        let seeds = try a.enumerated().map { i, x throws(ExperimentSpecError) in
            UInt64(try reader.int(x, "seeds[\(i)]", 0...(1 << 53)))
        }
        try reader.unique(seeds.map(String.init), "seeds")
        return seeds
    }

    /// Per method (keyed as in `methods`, or by an alias of one): parameter name -> value, checked against
    /// the method each backend resolves to.
    func decodeParams(_ value: JSONValue?, methods: [String],
                      backends: [GridBackend]) throws(ExperimentSpecError) -> [String: [String: ParameterValue]] {
        guard let value else { return [:] }
        let byMethod = try reader.object(value, "params")
        var params: [String: [String: ParameterValue]] = [:]
        for key in byMethod.keys.sorted() {
            let path = "params.\(key)"
            // `method@flavour` (`ctgan@sdv`) holds parameters for the backends of one flavour only.
            let parts = key.split(separator: "@", maxSplits: 1).map(String.init)
            var flavour: Backend? = nil
            if parts.count == 2 {
                guard let f = Backend(rawValue: parts[1]) else {
                    throw fail(path, "'@\(parts[1])' is not a flavour; write method@sdv or method@synthcity (each covers the Swift flavour and its -python backend)")
                }
                guard backends.contains(where: { $0.flavour == f }) else {
                    throw fail(path, "no backend of the spec has the \(f.rawValue) flavour")
                }
                flavour = f
            }
            let wanted = MethodFactory.canonicalName(parts[0]) ?? parts[0]
            guard let method = methods.first(where: { (MethodFactory.canonicalName($0) ?? $0) == wanted }) else {
                throw fail(path, "not one of the spec's methods (\(methods.joined(separator: ", ")))")
            }
            var given: [String: ParameterValue] = [:]
            for (p, value) in try reader.object(byMethod[key]!, path) {
                given[p] = try parameter(value, "\(path).\(p)")
            }
            if validatingMethods {
                try validate(given, of: method, on: backends.filter { flavour == nil || $0.flavour == flavour }, at: path)
            }
            params[flavour.map { ExperimentSpec.flavourKey(method, $0) } ?? method] = given
        }
        return params
    }

    func validate(_ given: [String: ParameterValue], of method: String, on backends: [GridBackend],
                  at path: String) throws(ExperimentSpecError) {
        for b in backends {
            do {
                let descriptor = try ExperimentSpec.descriptor(method, on: b)
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
                throw fail(path + bad, "\(error) (backend \(b.rawValue))")
            } catch {
                throw fail(path, "\(error) (backend \(b.rawValue))")
            }
            if b.isReference {   // the real libraries take precision=fp32 only
                do { _ = try ReferenceEnvironment.libraryParameters(given) } catch {
                    throw fail(path + ".precision", "\(error) (backend \(b.rawValue))")
                }
            }
        }
    }

    func decodeRows(_ value: JSONValue?) throws(ExperimentSpecError) -> SyntheticSize {
        guard let value else { return .asReal }
        switch value {
        case .null: return .asReal
        case .number: return .count(try reader.int(value, "rows", 1...Int(Int32.max)))
        case .string(let s):
            let t = s.trimmingCharacters(in: .whitespaces)
            guard t.hasSuffix("x"), let f = Double(t.dropLast()), f.isFinite, f > 0 else {
                throw fail("rows", "'\(s)' is not a factor; write null (as many as the real rows), a row count, or a factor like \"1.0x\"")
            }
            return .factor(f)
        default:
            throw fail("rows", "expected null (as many as the real rows), a row count, or a factor like \"1.0x\"")
        }
    }

    func decodeSuites(_ value: JSONValue?) throws(ExperimentSpecError) -> [String] {
        guard let value else { return MetricSuites.privacyDefaults }
        let names = try reader.strings(value, "suites", allowEmpty: true)
        let extra = MetricSuites.optionalIDs
        for (i, s) in names.enumerated() where s != PayloadSuite.id && !extra.contains(s) {
            throw fail("suites[\(i)]", "unknown suite '\(s)'; allowed: \(extra.joined(separator: ", ")) (the payload is always computed)")
        }
        try reader.unique(names, "suites")
        return names.filter { $0 != PayloadSuite.id }
    }

    // MARK: how it runs

    func decodeTimeout(_ value: JSONValue?) throws(ExperimentSpecError) -> Double? {
        guard let value else { return ExperimentSpec.defaultTimeoutS }
        if value == .null { return nil }
        return try reader.number(value, "timeout_s", expected: "a positive number of seconds, or null for no limit",
                                 where: { $0 > 0 && $0.isFinite })
    }

    func decodeThresholds(_ value: JSONValue?) throws(ExperimentSpecError) -> String? {
        guard let value, value != .null else { return nil }
        guard case .string(let p) = value, !p.isEmpty else { throw fail("thresholds", "expected a file path or null") }
        let url = p.hasPrefix("/") || baseDirectory == nil ? URL(fileURLWithPath: p)
            : baseDirectory!.appendingPathComponent(p)
        return url.standardizedFileURL.path
    }

    /// A quasi-identifier's hierarchy file (`col:hierarchy=FILE@LEVEL`) named relative to the spec file is made
    /// absolute against the spec's folder, as `thresholds` is; other declarations, absolute paths, and specs without
    /// a folder (a request body) are kept as written.
    func resolvingHierarchyPath(_ declaration: String) -> String {
        guard let baseDirectory, let rule = declaration.range(of: ":hierarchy="), let at = declaration.lastIndex(of: "@"),
              at > rule.upperBound, declaration[rule.upperBound] != "/" else { return declaration }
        let path = baseDirectory.appendingPathComponent(String(declaration[rule.upperBound..<at])).standardizedFileURL.path
        return declaration[..<rule.upperBound] + path + declaration[at...]
    }

    func decodePostProcessing(_ value: JSONValue?) throws(ExperimentSpecError) -> PostProcessing {
        var post = PostProcessing()
        guard let value, value != .null else { return post }
        let p = try reader.object(value, "post_processing")
        try reader.checkKeys(p, allowed: Self.postProcessingKeys, at: "post_processing")
        if let x = p["quantile_matching"] { post.quantileMatching = try reader.bool(x, "post_processing.quantile_matching") }
        if let x = p["jitter"] { post.jitter = try reader.bool(x, "post_processing.jitter") }
        if let x = p["categorical_correction"] { post.categoricalCorrection = try reader.bool(x, "post_processing.categorical_correction") }
        if let x = p["jitter_scale"] {
            post.jitterScale = try reader.number(x, "post_processing.jitter_scale",
                                                 expected: "a positive number (a fraction of the real standard deviation)",
                                                 where: { $0 > 0 && $0.isFinite })
        }
        return post
    }

    func decodeMonitor(_ value: JSONValue?, suites: [String]) throws(ExperimentSpecError) -> ExperimentSpec.Monitor? {
        guard let value, value != .null else { return nil }
        let m = try reader.object(value, "monitor")
        try reader.checkKeys(m, allowed: ["window", "min_quality"], at: "monitor")
        guard let w = m["window"] else { throw fail("monitor.window", "missing; the number of recent cells to average") }
        guard let q = m["min_quality"] else { throw fail("monitor.min_quality", "missing; the lowest acceptable mean quality score") }
        let window = try reader.int(w, "monitor.window", 1...100_000)
        let minQuality = try reader.number(q, "monitor.min_quality", expected: "a number in 0...1 (an sdmetrics quality score)",
                                           where: { (0...1).contains($0) })
        guard suites.contains(SDMetricsSuite.id) else {
            throw fail("monitor", "watches sdmetrics.quality_score, so suites must include \"sdmetrics\"")
        }
        return ExperimentSpec.Monitor(window: window, minQuality: minQuality)
    }

    func decodeDatasetOptions(_ value: JSONValue?, datasets: [String]) throws(ExperimentSpecError) -> [String: CSVReadPolicy] {
        guard let value, value != .null else { return [:] }
        var options: [String: CSVReadPolicy] = [:]
        for (dataset, entry) in try reader.object(value, "dataset_options").sorted(by: { $0.key < $1.key }) {
            let path = "dataset_options.\(dataset)"
            guard datasets.contains(dataset) else {
                throw fail(path, "not one of the spec's datasets (\(datasets.joined(separator: ", ")))")
            }
            let e = try reader.object(entry, path)
            try reader.checkKeys(e, allowed: ["strict_header", "on_bad_lines"], at: path)
            var policy = CSVReadPolicy()
            if let x = e["strict_header"] { policy.strictHeader = try reader.bool(x, "\(path).strict_header") }
            if let x = e["on_bad_lines"] {
                let allowed = CSVOptions.BadLinePolicy.allCases.map(\.rawValue)
                guard case .string(let s) = x, let p = CSVOptions.BadLinePolicy(rawValue: s) else {
                    throw fail("\(path).on_bad_lines", "expected one of \(allowed.joined(separator: ", "))")
                }
                policy.onBadLines = p
            }
            options[dataset] = policy
        }
        return options
    }

    /// `python`: one interpreter path for every reference backend, or an object per reference backend.
    func decodePython(_ value: JSONValue?) throws(ExperimentSpecError) -> [GridBackend: String] {
        guard let value, value != .null else { return [:] }
        let references = GridBackend.allCases.filter(\.isReference)
        var python: [GridBackend: String] = [:]
        if case .string(let path) = value, !path.isEmpty {
            for b in references { python[b] = path }
            return python
        }
        for (key, entry) in try reader.object(value, "python") {
            guard let b = GridBackend(rawValue: key), b.isReference else {
                throw fail("python.\(key)", "not a reference backend; allowed: \(references.map(\.rawValue).joined(separator: ", "))")
            }
            guard case .string(let path) = entry, !path.isEmpty else { throw fail("python.\(key)", "expected the path of a Python executable") }
            python[b] = path
        }
        return python
    }

    /// `keep_synthetic`: false or null (none), true (CSV), "csv" or "parquet".
    func decodeKeepSynthetic(_ value: JSONValue?) throws(ExperimentSpecError) -> KeptSynthetic? {
        switch value {
        case nil, .null?, .bool(false)?: return nil
        case .bool(true)?: return .csv
        case .string(let s)? where KeptSynthetic(rawValue: s) != nil: return KeptSynthetic(rawValue: s)
        default:
            let allowed = KeptSynthetic.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            throw fail("keep_synthetic", "expected true (CSV), false, null or one of \(allowed)")
        }
    }

    func decodeShadow(_ value: JSONValue?, suites: [String]) throws(ExperimentSpecError) -> ShadowAttackSettings? {
        guard let value, value != .null else { return nil }
        let defaults = ShadowAttackSettings()
        let o = try reader.object(value, "shadow", allowedKeys: defaults.fields.map(\.name))
        guard suites.contains(ShadowModelSuite.id) else {
            throw fail("shadow", "sets the shadow-model attack, so suites must include \"shadow\"")
        }
        var settings = defaults
        for (name, v) in o.sorted(by: { $0.key < $1.key }) {
            let value = try reader.int(v, "shadow.\(name)", 0...1_000_000)
            do { settings = try settings.setting(name, to: value, where: "shadow").validated("shadow") } catch {
                throw fail("shadow.\(name)", "\(error)")
            }
        }
        return settings
    }

    func decodeHoldout(_ value: JSONValue?) throws(ExperimentSpecError) -> Double? {
        guard let value, value != .null else { return nil }
        return try reader.number(value, "holdout",
                                 expected: "a share of the rows in [0, 1) (0: no hold-out), or null for the default",
                                 where: { $0 >= 0 && $0 < 1 })
    }

    /// One DP request object or a list of objects and nulls; `[nil]` for none.
    func decodeDP(_ value: JSONValue?, methods: [String]) throws(ExperimentSpecError) -> [DPRequest?] {
        guard let value, value != .null else { return [nil] }
        var entries = [value], listed = false
        if case .array(let a) = value { entries = a; listed = true }
        guard !entries.isEmpty else { throw fail("dp", "expected a DP request object or a non-empty list of them (null for none)") }
        let dp = try entries.enumerated().map { i, x throws(ExperimentSpecError) -> DPRequest? in
            try dpRequest(x, listed ? "dp[\(i)]" : "dp")
        }
        if validatingMethods, dp.contains(where: { $0 != nil }), !methods.contains(where: ExperimentSpec.isPrivate) {
            throw fail("dp", "none of the spec's methods (\(methods.joined(separator: ", "))) is differentially private; "
                + "see `synthbench methods`")
        }
        return dp
    }

    func dpRequest(_ x: JSONValue, _ path: String) throws(ExperimentSpecError) -> DPRequest? {
        if x == .null { return nil }
        let e = try reader.object(x, path)
        try reader.checkKeys(e, allowed: ["epsilon", "delta", "public_preprocessing"], at: path)
        guard let eps = e["epsilon"]?.doubleValue, eps > 0, eps.isFinite else {
            throw fail("\(path).epsilon", "expected a positive number")
        }
        var delta: Double? = nil
        if let d = e["delta"], d != .null {
            delta = try reader.number(d, "\(path).delta", expected: "a number in (0, 1)", where: { $0 > 0 && $0 < 1 })
        }
        let declared = try e["public_preprocessing"].map { v throws(ExperimentSpecError) in
            try reader.bool(v, "\(path).public_preprocessing")
        } ?? false
        return DPRequest(epsilon: eps, delta: delta, publicPreprocessing: declared)
    }

    // MARK: spec-specific values

    /// A name used in file and cell names: letters, digits, `.`, `_`, `-`, not starting with `.`, no `__`.
    func identifier(_ v: JSONValue, _ path: String) throws(ExperimentSpecError) -> String {
        let s = try reader.string(v, path)
        try checkIdentifier(s, path)
        return s
    }

    func identifiers(_ v: JSONValue, _ path: String) throws(ExperimentSpecError) -> [String] {
        let list = try reader.strings(v, path)
        for (i, s) in list.enumerated() { try checkIdentifier(s, "\(path)[\(i)]") }
        try reader.unique(list, path)
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

    /// A method parameter: a number (integral -> int), a boolean, a string, or a list of integers.
    func parameter(_ v: JSONValue, _ path: String) throws(ExperimentSpecError) -> ParameterValue {
        switch v {
        case .bool(let b): return .bool(b)
        case .number(let x): return x == x.rounded() && abs(x) < 9e15 ? .int(Int(x)) : .double(x)
        case .string(let s): return .string(s)
        case .array(let a):
            var out: [Int] = []
            for (i, x) in a.enumerated() { out.append(try reader.int(x, "\(path)[\(i)]", 1...Int(Int32.max))) }
            return .ints(out)
        default: throw fail(path, "expected a number, boolean, string or list of integers, got \(JSONPathReader.kind(v))")
        }
    }
}
