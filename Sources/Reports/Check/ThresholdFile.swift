import Evaluation
import Foundation
import SynthCore
import Harness
import Synthesizers

/// A threshold file (issue 4, item 8), JSON:
///
///     {
///       "_comment": "keys starting with _ are ignored",
///       "privacy.mia_auc": {"max": 0.60},
///       "privacy.dup_rate": {"max": 0.05},
///       "quality": {"min": 0.5},
///       "overrides": [
///         {"method": "identity", "thresholds": {"privacy.mia_auc": {"max": null}, "privacy.dup_rate": {"max": null}}}
///       ],
///       "allow_failures": false,
///       "tolerances": {"quality": 0.02, "privacy.mia_auc": 0.02}
///     }
///
/// A top-level key is a ``MetricPath`` with a bound object `{"min": x}` and/or `{"max": x}` (inclusive).
/// Precedence for a cell, lowest first: the top-level bounds (with `MIA_MAX` / `DUP_MAX` replacing the
/// `max` of `privacy.mia_auc` / `privacy.dup_rate` when set), then every override whose selectors all match
/// the cell, less specific before more specific (specificity = how many of method, dataset, backend it
/// names), and among equally specific ones in file order. So a more specific override beats a less
/// specific one wherever it is, and a later one beats an earlier one of the same specificity. An override
/// sets only the sides it names: `{"max": 0.9}` replaces the max and keeps an inherited min; `{"max": null}`
/// removes the max. Selectors: `method` matches the grid's method name or any alias of it, `dataset` the
/// dataset name, `backend` the requested backend.
package struct ThresholdFile: Sendable, Equatable {
    /// An inclusive bound; either side may be absent.
    package struct Bound: Sendable, Equatable, Codable {
        package var min: Double?
        package var max: Double?
        package init(min: Double? = nil, max: Double? = nil) { self.min = min; self.max = max }
        package var isEmpty: Bool { min == nil && max == nil }
    }

    /// What an override does to one side of a bound.
    package enum SidePatch: Sendable, Equatable {
        case keep, set(Double), remove

        func apply(_ x: Double?) -> Double? {
            switch self {
            case .keep: return x
            case .set(let v): return v
            case .remove: return nil
            }
        }
    }

    package struct Patch: Sendable, Equatable {
        package var min: SidePatch
        package var max: SidePatch
    }

    package struct Override: Sendable, Equatable {
        package var method: String?
        package var dataset: String?
        package var backend: String?
        package var thresholds: [MetricPath: Patch]

        package var specificity: Int { [method, dataset, backend].compactMap { $0 }.count }

        package func matches(_ cell: CellResult) -> Bool {
            if let dataset, dataset != cell.dataset { return false }
            if let backend, backend != cell.backendRequested { return false }
            if let method, method != cell.method {
                guard let a = MethodFactory.canonicalName(method), a == MethodFactory.canonicalName(cell.method) else { return false }
            }
            return true
        }
    }

    package var thresholds: [MetricPath: Bound]
    package var overrides: [Override]
    package var allowFailures: Bool
    /// Metric path -> allowed worsening against a baseline run; nil when the file has none (the check
    /// then uses the headline defaults, see ``ThresholdCheck``).
    package var tolerances: [MetricPath: Double]?
    /// Where it was read from.
    package var file: String

    package init(thresholds: [MetricPath: Bound] = [:], overrides: [Override] = [], allowFailures: Bool = false,
                tolerances: [MetricPath: Double]? = nil, file: String = "<memory>") {
        self.thresholds = thresholds; self.overrides = overrides; self.allowFailures = allowFailures
        self.tolerances = tolerances; self.file = file
    }

    /// The bounds that apply to `cell`, by the precedence above.
    package func bounds(for cell: CellResult) -> [MetricPath: Bound] {
        var out = thresholds
        let applicable = overrides.enumerated().filter { $0.element.matches(cell) }
            .sorted { ($0.element.specificity, $0.offset) < ($1.element.specificity, $1.offset) }
        for (_, o) in applicable {
            for (path, patch) in o.thresholds {
                let old = out[path] ?? Bound()
                out[path] = Bound(min: patch.min.apply(old.min), max: patch.max.apply(old.max))
            }
        }
        return out.filter { !$0.value.isEmpty }
    }

    /// The environment's `MIA_MAX` / `DUP_MAX` (validated as ``PrivacyThresholds`` does: a number in
    /// [0, 1]; unset or empty leaves the file alone) as the top-level max of `privacy.mia_auc` /
    /// `privacy.dup_rate`. Returns the variables applied.
    @discardableResult
    package mutating func applyEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(ReportError) -> [String: Double] {
        var applied: [String: Double] = [:]
        for (variable, path) in [(PrivacyThresholds.miaMaxVariable, "privacy.mia_auc"),
                                 (PrivacyThresholds.dupMaxVariable, "privacy.dup_rate")] {
            guard let raw = environment[variable], !raw.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            let value: Double
            do {
                let parsed = try PrivacyThresholds.fromEnvironment([variable: raw])
                value = variable == PrivacyThresholds.miaMaxVariable ? parsed.miaMax : parsed.dupMax
            } catch {
                throw .invalidOption(name: "environment variable \(variable)", value: raw, expected: "a number between 0 and 1")
            }
            let p = try! MetricPath(path)
            var b = thresholds[p] ?? Bound()
            b.max = value
            thresholds[p] = b
            applied[variable] = value
        }
        return applied
    }

    // MARK: reading

    package static func load(contentsOf url: URL) throws(ReportError) -> ThresholdFile {
        do throws(JSONPathError) {
            let (reader, root) = try UserJSONFile.load(url, expected: "the threshold file, e.g. experiments/thresholds.json",
                                                       describeReadFailure: OutputError.systemReason)
            return try decode(root, reader)
        } catch { throw ReportError(error) }
    }

    package static func parse(_ data: Data, file: String) throws(ReportError) -> ThresholdFile {
        let reader = JSONPathReader(source: file)
        do throws(JSONPathError) { return try decode(try reader.parse(data), reader) } catch { throw ReportError(error) }
    }

    static func decode(_ root: JSONValue, _ r: JSONPathReader) throws(JSONPathError) -> ThresholdFile {
        guard case .object(let top) = root else { throw r.fail("", "expected a JSON object mapping metric paths to bounds") }
        var result = ThresholdFile(file: r.source)
        for (key, value) in top.sorted(by: { $0.key < $1.key }) where !key.hasPrefix("_") {
            switch key {
            case "overrides":
                guard case .array(let items) = value else { throw r.fail(key, "expected a list of override objects") }
                result.overrides = try items.enumerated().map { i, item throws(JSONPathError) in
                    try override(item, location: "overrides[\(i)]", r)
                }
            case "allow_failures":
                guard case .bool(let b) = value else { throw r.fail(key, "expected true or false") }
                result.allowFailures = b
            case "tolerances":
                guard case .object(let entries) = value else { throw r.fail(key, "expected an object mapping metric path to allowed worsening") }
                var tolerances: [MetricPath: Double] = [:]
                for (p, v) in entries where !p.hasPrefix("_") {
                    let location = "tolerances.\(p)"
                    let path = try metricPath(p, location: location, r)
                    tolerances[path] = try r.number(v, location, expected: "a number ≥ 0", where: { $0 >= 0 })
                }
                result.tolerances = tolerances
            default:
                let path = try metricPath(key, location: key, r)
                let patch = try patch(value, location: key, r)
                result.thresholds[path] = Bound(min: patch.min.apply(nil), max: patch.max.apply(nil))
            }
        }
        return result
    }

    static func metricPath(_ raw: String, location: String, _ r: JSONPathReader) throws(JSONPathError) -> MetricPath {
        do { return try MetricPath(raw, location: location) } catch {
            throw r.fail(location, "unknown metric path '\(raw)'; known: \(MetricPath.known.joined(separator: ", "))")
        }
    }

    static func patch(_ value: JSONValue, location: String, _ r: JSONPathReader) throws(JSONPathError) -> Patch {
        guard case .object(let o) = value else {
            throw r.fail(location, "expected a bound object such as {\"min\": 0.5} or {\"max\": 0.6}")
        }
        var p = Patch(min: .keep, max: .keep)
        for (k, v) in o where !k.hasPrefix("_") {
            let side: SidePatch
            switch v {
            case .null: side = .remove
            case .number(let x): side = .set(x)
            default: throw r.fail("\(location).\(k)", "expected a number or null")
            }
            switch k {
            case "min": p.min = side
            case "max": p.max = side
            default: throw r.fail("\(location).\(k)", "unknown key; a bound has \"min\" and/or \"max\"")
            }
        }
        if case .set(let lo) = p.min, case .set(let hi) = p.max, lo > hi {
            throw r.fail(location, "min \(lo) is greater than max \(hi)")
        }
        if case .keep = p.min, case .keep = p.max {
            throw r.fail(location, "a bound needs \"min\" and/or \"max\"")
        }
        return p
    }

    static func override(_ value: JSONValue, location: String, _ r: JSONPathReader) throws(JSONPathError) -> Override {
        guard case .object(let o) = value else { throw r.fail(location, "expected an object") }
        var result = Override(thresholds: [:])
        var sawThresholds = false
        for (k, v) in o.sorted(by: { $0.key < $1.key }) where !k.hasPrefix("_") {
            switch k {
            case "method", "dataset", "backend":
                guard case .string(let s) = v, !s.isEmpty else { throw r.fail("\(location).\(k)", "expected a non-empty string") }
                if k == "method" { result.method = s } else if k == "dataset" { result.dataset = s } else { result.backend = s }
            case "thresholds":
                guard case .object(let entries) = v else {
                    throw r.fail("\(location).thresholds", "expected an object mapping metric paths to bounds")
                }
                sawThresholds = true
                for (p, b) in entries where !p.hasPrefix("_") {
                    let at = "\(location).thresholds.\(p)"
                    result.thresholds[try metricPath(p, location: at, r)] = try patch(b, location: at, r)
                }
            default:
                throw r.fail("\(location).\(k)", "unknown key; an override has \"method\", \"dataset\", \"backend\" and \"thresholds\"")
            }
        }
        guard sawThresholds else { throw r.fail(location, "an override needs \"thresholds\"") }
        return result
    }
}
