import Foundation
import SynthCore
import SynthTable
import Synthesizers

/// The spec with every key written, and the content hash that names its run directory.
extension ExperimentSpec {
    /// SHA-256 (first 10 hex digits) of everything that decides which cells exist and what each computes:
    /// datasets, methods, backends, seeds, params, rows, suites, blas_threads, post_processing, holdout, and
    /// keep_synthetic (which files each cell leaves; absent when unset, so older specs keep their hash). How the grid
    /// is run (jobs, timeout_s, monitor, thresholds) is left out, so changing it resumes the same run.
    package var contentHash: String {
        var object = normalizedJSON
        guard case .object(var o) = object else { return "" }
        for key in ["name", "jobs", "timeout_s", "monitor", "thresholds", "python"] { o[key] = nil }
        if o["dp"] == .array([.null]) { o["dp"] = nil }  // specs without DP keep their hash
        object = .object(o)
        let data = (try? SynthJSON.encoder().encode(object)) ?? Data()
        return String(Checksum.sha256Hex(of: data).prefix(10))
    }

    /// `<name>-<content hash>`: the same spec resumes the same run directory.
    package var defaultRunID: String { "\(name)-\(contentHash)" }

    /// The spec with every key written (defaults filled in), as `spec.json` and `results.json` carry it.
    package var normalizedJSON: JSONValue {
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
        if let evalCap { o["eval_cap"] = .number(Double(evalCap)) }
        if let quasiIdentifiers { o["quasi_identifiers"] = .array(quasiIdentifiers.map { .string($0) }) }
        if let evalCapClassifier { o["eval_cap_classifier"] = .number(Double(evalCapClassifier)) }
        if let evalCapQuadratic { o["eval_cap_quadratic"] = .number(Double(evalCapQuadratic)) }
        if federated != [nil] { o["federated"] = .array(federated.map { $0.map(Self.json) ?? .null }) }
        if let keepSynthetic { o["keep_synthetic"] = .string(keepSynthetic.rawValue) }
        if let shadow {
            o["shadow"] = .object(Dictionary(uniqueKeysWithValues: shadow.fields.map { ($0.name, .number(Double($0.value))) }))
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
    package func normalizedText() throws -> String {
        try SynthJSON.string(normalizedJSON, pretty: true) + "\n"
    }
}
