import Evaluation
import Foundation
import SynthCore

/// The result store's schema as docs/results-schema.md documents it, as checkable shapes: every key must
/// be present with the right JSON type, and no undocumented key may appear.
indirect enum Shape: Sendable {
    case string
    case oneOf([String])
    case number
    case integer
    case bool
    case any
    case nullable(Shape)
    /// Exactly these keys; `rest` (when given) is the shape of any further key.
    case object([String: Shape], rest: Shape?)
    case array(Shape)

    static func exact(_ keys: [String: Shape]) -> Shape { .object(keys, rest: nil) }
    static func map(_ value: Shape) -> Shape { .object([:], rest: value) }

    /// Problems found, as `path: what` lines (empty when `value` conforms; nil = the key is missing).
    func problems(_ value: JSONValue?, at path: String = "$") -> [String] {
        guard let value else { return ["\(path): missing"] }
        switch (self, value) {
        case (.any, _): return []
        case (.nullable, .null): return []
        case (.nullable(let inner), _): return inner.problems(value, at: path)
        case (.string, .string): return []
        case (.oneOf(let options), .string(let s)):
            return options.contains(s) ? [] : ["\(path): '\(s)' is not one of \(options)"]
        case (.bool, .bool): return []
        case (.number, .number): return []
        case (.integer, .number(let x)):
            return x == x.rounded() ? [] : ["\(path): expected an integer, got \(x)"]
        case (.array(let element), .array(let a)):
            return a.enumerated().flatMap { element.problems($1, at: "\(path)[\($0)]") }
        case (.object(let keys, let rest), .object(let o)):
            var out: [String] = []
            for (k, shape) in keys.sorted(by: { $0.key < $1.key }) { out += shape.problems(o[k], at: "\(path).\(k)") }
            for (k, v) in o.sorted(by: { $0.key < $1.key }) where keys[k] == nil {
                if let rest { out += rest.problems(v, at: "\(path).\(k)") } else { out.append("\(path).\(k): undocumented key") }
            }
            return out
        default:
            return ["\(path): expected \(self.name), got \(Self.describe(value))"]
        }
    }

    var name: String {
        switch self {
        case .string, .oneOf: "a string"
        case .number: "a number"
        case .integer: "an integer"
        case .bool: "a boolean"
        case .any: "a value"
        case .nullable(let s): s.name + " or null"
        case .object: "an object"
        case .array: "a list"
        }
    }

    static func describe(_ v: JSONValue) -> String { JSONPathReader.kind(v) }

    /// Parses JSON text into a ``JSONValue`` tree (booleans stay booleans).
    static func parse(_ data: Data) throws -> JSONValue { try SynthJSON.decoder().decode(JSONValue.self, from: data) }
}

/// The documented shapes (docs/results-schema.md).
enum ResultSchema {
    static let nullableNumber = Shape.nullable(.number)
    static let phases = ["setup", "load", "metadata", "resolve", "fit", "sample", "postprocess", "evaluate", "write", "done"]

    /// The OpenBLAS kernel record (docs/blas.md).
    static let blasKernel: Shape = .exact([
        "core": .string, "detected_core": .nullable(.string),
        "selection": .oneOf(["auto_selected", "detected", "set_by_user", "disabled", "not_selected"]),
        "reason": .string,
        "self_check": .array(.exact(["kernel": .string,
                                     "status": .oneOf(["passed", "failed", "crashed", "unavailable", "error"]),
                                     "detail": .nullable(.string), "worst_error_ratio": nullableNumber])),
        "self_check_cached": .bool,
    ])

    static let cell: Shape = .exact([
        "schema_version": .integer, "experiment": .string, "run_id": .string, "cell_id": .string,
        "dataset": .string, "method": .string, "method_resolved": .nullable(.string),
        "backend_requested": .oneOf(["sdv", "synthcity"]), "backend": .nullable(.oneOf(["sdv", "synthcity"])),
        "fallback_reason": .nullable(.string), "seed": .integer, "params": .map(.any), "params_resolved": .nullable(.map(.any)),
        "status": .oneOf(["ok", "error", "timeout", "cancelled"]), "error": .nullable(.string), "phase": .oneOf(phases),
        "timings_s": .exact(["load": nullableNumber, "fit": nullableNumber, "sample": nullableNumber,
                             "evaluate": nullableNumber, "total": nullableNumber]),
        "cpu_s": .nullable(.exact(["user": .number, "system": .number])),
        "peak_rss_mb": nullableNumber,
        "rows": .exact(["real": .nullable(.integer), "synthetic": .nullable(.integer)]),
        "throughput_rows_per_s": .exact(["fit": nullableNumber, "sample": nullableNumber]),
        "blas_threads": .integer, "blas_kernel": .nullable(blasKernel), "dp_requested": .bool, "dp_effective": .bool,
        "dp_notes": .nullable(.array(.string)),
        "metrics": .object([
            "utility": .nullable(.exact(["ks_mean": nullableNumber, "corr_delta": nullableNumber,
                                         "auroc": nullableNumber, "c_index": nullableNumber])),
            "privacy": .nullable(.exact(["mia_auc": nullableNumber, "dup_rate": nullableNumber, "dp_requested": .bool,
                                         "dp_effective": .bool, "dp_epsilon": nullableNumber, "synthcity_evaluated": .bool])),
            "fairness": .nullable(.exact(["rare_coverage": nullableNumber, "freq_skew": nullableNumber])),
        ], rest: .map(nullableNumber)),
        "metric_errors": .map(.string),
        "fit_notes": .map(.any),
        "privacy_assessment": .nullable(.exact(["risk": .oneOf(["low", "medium", "high", "unknown"]),
                                                "reasons": .array(.string), "dp_score": nullableNumber,
                                                "recommendations": .array(.string)])),
        "holdout": .nullable(.exact(["source": .string, "fraction": nullableNumber, "rows": .integer])),
        "eval_subsample": .nullable(.exact(["cap": .nullable(.integer), "real": .integer, "synthetic": .integer,
                                            "holdout": .nullable(.integer)])),
        "eval_subsample_quadratic": .nullable(.exact(["cap": .nullable(.integer), "real": .integer,
                                                      "synthetic": .integer, "holdout": .nullable(.integer)])),
        "build": .nullable(.exact(["commit": .nullable(.string), "dirty": .nullable(.bool), "configuration": .string])),
    ])

    static let environment: Shape = .exact([
        "synthbench_version": .string, "git_commit": .nullable(.string), "git_dirty": .nullable(.bool),
        "build_configuration": .nullable(.string),
        "swift_compiler": .string, "swift_toolchain": .nullable(.string), "cpu_model": .nullable(.string),
        "cores": .integer, "memory_total_mb": nullableNumber,
        "blas": .exact(["core": .string, "threads": .integer, "config": .string, "coretype_env": .nullable(.string),
                       "selection": .nullable(blasKernel)]),
        "bf16": .nullable(.exact(["kernel": .nullable(.string), "reason": .string, "sgemm_gflops": nullableNumber,
                                  "bf16_gflops": nullableNumber, "blas_core": .string, "sbgemm_exported": .bool])),
        "os": .exact(["name": .nullable(.string), "kernel": .string, "release": .string, "version": .string, "machine": .string]),
        "hostname": .string, "command": .array(.string), "jobs": .integer, "started_at": .string,
        "finished_at": .nullable(.string), "previous": .array(.any),
    ])

    static let spec: Shape = .exact([
        "name": .string, "datasets": .array(.string), "methods": .array(.string),
        "backends": .array(.oneOf(["sdv", "synthcity"])), "seeds": .array(.integer), "params": .map(.map(.any)),
        "rows": .any, "suites": .array(.oneOf(["sdmetrics", "stats", "membership", "distance", "detection", "c2st", "fidelity", "performance", "anonymity", "pii", "anonymeter", "shadow"])), "timeout_s": nullableNumber, "jobs": .integer,
        "thresholds": .nullable(.string), "blas_threads": .integer,
        "post_processing": .exact(["quantile_matching": .bool, "jitter": .bool, "jitter_scale": .number,
                                   "categorical_correction": .bool]),
        "monitor": .nullable(.exact(["window": .integer, "min_quality": .number])),
        "holdout": nullableNumber,
        "dp": .array(.nullable(.exact(["epsilon": .number, "delta": nullableNumber, "public_preprocessing": .bool]))),
    ])

    static let results: Shape = .exact([
        "schema_version": .integer, "experiment": .string, "run_id": .string, "environment": environment,
        "spec": spec, "cells": .array(cell), "pending": .array(.string),
    ])

    /// Every key path the shapes name (for checking that the doc mentions each).
    static func keys(of shape: Shape) -> Set<String> {
        switch shape {
        case .nullable(let s), .array(let s): return keys(of: s)
        case .object(let o, let rest):
            var out = Set(o.keys)
            for s in o.values { out.formUnion(keys(of: s)) }
            if let rest { out.formUnion(keys(of: rest)) }
            return out
        default: return []
        }
    }
}
