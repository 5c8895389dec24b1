import Evaluation
import Foundation
import SynthCore
import SynthTable
import Synthesizers

/// The files a run leaves in its output directory:
/// - `synthetic.csv`: the synthetic table;
/// - `report.json`: exactly the production payload, `utility`, `privacy`, `fairness` and
///   `meta {model, backend, attempt, n_real, n_synth}`;
/// - `run.json`: everything else a user needs to trust the numbers (method resolution and fallback,
///   parameters, seed, timings, fit notes, further suites, the privacy verdict).
/// The three are committed as one set (``ArtifactSet``); identical runs give identical bytes (no timestamps inside).
package enum RunArtifacts {
    /// `report.json`'s shape.
    package struct Report: Codable, Sendable, Equatable {
        package struct Meta: Codable, Sendable, Equatable {
            package var model: String
            package var backend: String
            package var attempt: Int
            package var nReal: Int
            package var nSynth: Int
            enum CodingKeys: String, CodingKey {
                case model, backend, attempt
                case nReal = "n_real"
                case nSynth = "n_synth"
            }
        }
        package var utility: ProductionPayload.Utility
        package var privacy: ProductionPayload.Privacy
        package var fairness: ProductionPayload.Fairness
        package var meta: Meta
    }

    /// `run.json`'s shape.
    package struct RunRecord: Encodable {
        package var dataset: String
        package var methodRequested: String?
        package var method: String
        package var methodRule: String
        package var methodReason: String
        package var backendRequested: String
        package var backend: String
        package var fallbackReason: String?
        package var dpRequested: Bool
        package var dpEffective: Bool
        package var dpNotes: [String]
        package var seed: UInt64
        package var params: [String: ParameterValue]
        package var postProcessing: [String]
        package var rows: [String: Int]
        package var timingsSeconds: PhaseTimings
        package var fitNotes: [String: NoteValue]
        package var privacyVerdict: PrivacyVerdict?
        package var privacyAssessment: PrivacyAssessment?
        /// `{source, fraction, rows}`: where the hold-out came from (see ``PreparedData/holdoutSource``).
        package var holdout: [String: JSONValue]
        package var metricErrors: [String: String]
        package var payloadMetrics: SuiteResult?
        package var suites: [SuiteResult]
        /// Header names the reader renamed and rows it dropped (the first 20 lines listed).
        package var csv: CSVReadNotes
        /// The classifier metrics' row cap and the rows each table kept (docs/scale.md); null when nothing
        /// was evaluated.
        package var evalSubsample: EvaluationSubsample.Record? = nil
        /// The same for the neighbour and density metrics (the quadratic cap).
        package var evalSubsampleQuadratic: EvaluationSubsample.Record? = nil

        enum CodingKeys: String, CodingKey {
            case dataset, method, seed, params, rows, suites, csv
            case methodRequested = "method_requested", methodRule = "method_rule", methodReason = "method_reason"
            case backendRequested = "backend_requested", backend, fallbackReason = "fallback_reason"
            case dpRequested = "dp_requested", dpEffective = "dp_effective", dpNotes = "dp_notes"
            case postProcessing = "post_processing", timingsSeconds = "timings_s", fitNotes = "fit_notes"
            case privacyAssessment = "privacy_assessment", holdout
            case privacyVerdict = "privacy_verdict", metricErrors = "metric_errors", payloadMetrics = "payload_metrics"
            case evalSubsample = "eval_subsample"
            case evalSubsampleQuadratic = "eval_subsample_quadratic"
        }

        package func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(dataset, forKey: .dataset)
            try c.encode(methodRequested, forKey: .methodRequested)  // null when chosen from the schema
            try c.encode(method, forKey: .method)
            try c.encode(methodRule, forKey: .methodRule)
            try c.encode(methodReason, forKey: .methodReason)
            try c.encode(backendRequested, forKey: .backendRequested)
            try c.encode(backend, forKey: .backend)
            try c.encode(fallbackReason, forKey: .fallbackReason)
            try c.encode(dpRequested, forKey: .dpRequested)
            try c.encode(dpEffective, forKey: .dpEffective)
            try c.encode(dpNotes, forKey: .dpNotes)
            try c.encode(seed, forKey: .seed)
            try c.encode(params, forKey: .params)
            try c.encode(postProcessing, forKey: .postProcessing)
            try c.encode(rows, forKey: .rows)
            try c.encode(timingsSeconds, forKey: .timingsSeconds)
            try c.encode(fitNotes, forKey: .fitNotes)
            try c.encode(privacyVerdict, forKey: .privacyVerdict)
            try c.encode(privacyAssessment, forKey: .privacyAssessment)
            try c.encode(holdout, forKey: .holdout)
            try c.encode(evalSubsample, forKey: .evalSubsample)
            try c.encode(evalSubsampleQuadratic, forKey: .evalSubsampleQuadratic)
            try c.encode(metricErrors, forKey: .metricErrors)
            try c.encode(payloadMetrics, forKey: .payloadMetrics)
            try c.encode(suites, forKey: .suites)
            try c.encode(csv, forKey: .csv)
        }
    }

    package static func report(_ outcome: RunOutcome) -> Report? {
        guard let e = outcome.evaluation else { return nil }
        return Report(utility: e.payload.utility, privacy: e.payload.privacy, fairness: e.payload.fairness,
                      meta: .init(model: outcome.resolution.descriptor.name, backend: outcome.recordedBackends.used,
                                  attempt: outcome.config.attempt, nReal: outcome.data.table.rowCount,
                                  nSynth: outcome.syntheticRows))
    }

    package static func record(_ outcome: RunOutcome, includeTimings: Bool) -> RunRecord {
        let r = outcome.resolution, backends = outcome.recordedBackends
        return RunRecord(
            dataset: outcome.data.name, methodRequested: outcome.config.method, method: r.descriptor.name,
            methodRule: outcome.choice.rule, methodReason: outcome.choice.reason,
            backendRequested: backends.requested, backend: backends.used,
            fallbackReason: backends.fallbackReason, dpRequested: outcome.privacy.requested,
            dpEffective: outcome.privacy.effective, dpNotes: outcome.privacy.notes,
            seed: outcome.config.seed, params: outcome.parameters.values,
            postProcessing: outcome.config.postProcessing.enabledSteps,
            rows: ["real": outcome.data.table.rowCount, "synthetic": outcome.syntheticRows,
                   "synthetic_evaluated": outcome.synthetic.rowCount,
                   "holdout": outcome.data.holdout?.rowCount ?? 0],
            timingsSeconds: includeTimings ? outcome.timings : PhaseTimings(), fitNotes: outcome.fitNotes,
            privacyVerdict: outcome.evaluation?.privacyVerdict,
            privacyAssessment: outcome.evaluation?.privacyAssessment, holdout: outcome.data.holdoutRecord,
            metricErrors: outcome.evaluation?.metricErrors ?? [:],
            payloadMetrics: outcome.evaluation?.payloadMetrics, suites: outcome.evaluation?.suites ?? [],
            csv: outcome.data.csvNotes, evalSubsample: outcome.evaluation?.subsample,
            evalSubsampleQuadratic: outcome.evaluation?.quadraticSubsample)
    }

    /// The names of the set's files; an output directory holding anything else is refused before the run.
    package static let fileNames: Set<String> = ["synthetic.csv", "report.json", "run.json"]

    /// Commits the files into `directory` as one set (``ArtifactSet``): a reader sees the previous complete
    /// set or the new one, never a mix. `run.json` carries timings only when asked, so that two identical
    /// runs can be compared byte for byte. A streamed synthetic file goes in as `syntheticName`
    /// (`synthetic.parquet` after `generate --format parquet`).
    package static func write(_ outcome: RunOutcome, to directory: URL, includeTimings: Bool = true,
                             syntheticName: String = "synthetic.csv",
                             using writer: any FileWriter = SystemFileWriter()) throws {
        var files: [(name: String, data: Data)] = []
        var written: [(name: String, file: URL)] = []
        if let streamed = outcome.syntheticFile {
            written.append((syntheticName, streamed))
        } else {
            files.append(("synthetic.csv", Data(try CSVWriter().encode(outcome.synthetic))))
        }
        if let report = report(outcome) {
            files.append(("report.json", Data((try SynthJSON.string(report, pretty: true) + "\n").utf8)))
        }
        let record = try SynthJSON.string(record(outcome, includeTimings: includeTimings), pretty: true) + "\n"
        files.append(("run.json", Data(record.utf8)))
        try ArtifactSet.commit(files, written: written, to: directory, using: writer)
    }

    /// A conservative size of the set for a real table stored in `sourceBytes` bytes: the synthetic CSV as
    /// large as the source scaled by `rowFactor`, twice over (staging copy and the previous set), plus 1 MB
    /// for the JSON files.
    package static func estimatedBytes(sourceBytes: UInt64, rowFactor: Double = 1) -> UInt64 {
        UInt64(2 * Double(sourceBytes) * max(rowFactor, 1)) + 1_000_000
    }
}
