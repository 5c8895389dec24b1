import Foundation
import Harness
import SynthCore

/// The body of `POST /v1/runs`: a grid spec and either one cell of it or, without `cell`, every cell.
///
///     {"spec": {...}, "cell": "penguins__gc__sdv__s0", "group": "nightly", "max_attempts": 3}
///
/// The spec is validated exactly as `synthbench run` validates a spec file (``ExperimentSpec/decode(_:source:baseDirectory:availableDatasets:validatingMethods:)``),
/// so a bad key fails with its JSON path (`spec.methods[2]`); a spec that chooses what the worker's host executes or
/// reads (``ServerSideField``: `python`, hierarchy files), lifts the time limit or passes the operator's limits
/// (``SubmissionLimits``) is refused, and `thresholds` is dropped
/// (only `synthbench check` reads it, on the machine where it runs). Each cell becomes one ``RunSubmission`` carrying the
/// spec's normalized JSON; `group` defaults to the spec's run id (`<name>-<content hash>`), the directory
/// `synthbench run` would write.
package struct SubmissionRequest: Sendable, Equatable {
    package var submissions: [RunSubmission]

    package static let keys = ["spec", "cell", "group", "max_attempts"]
    package static let attemptsRange = 1...20

    /// `availableDatasets`: the dataset registry's names, nil to leave dataset names unchecked.
    /// `limits`: what the operator lets one submission ask for (``SubmissionLimits``).
    package static func parse(_ body: Data, availableDatasets: [String]?,
                              limits: SubmissionLimits = SubmissionLimits()) throws(ServiceError) -> SubmissionRequest {
        let reader = JSONPathReader(source: "request body")
        do throws(JSONPathError) {
            let object = try reader.object(try reader.parse(body), "")
            try reader.checkKeys(object, allowed: keys, at: "")
            guard let specValue = object["spec"] else { throw reader.fail("spec", "required: the grid spec (docs/runner.md)") }
            _ = try reader.object(specValue, "spec")
            var spec = try decodeSpec(specValue, availableDatasets: availableDatasets)
            try refuseServerSideChoices(spec, reader)
            try limits.check(spec, reader)
            // A threshold file is read by `synthbench check` only (never by a worker), by default the one the group's
            // spec.json names: a submitter's path would be one on the server, so the queued spec names none.
            spec.thresholds = nil
            let maxAttempts = try object["max_attempts"].map { v throws(JSONPathError) in try reader.int(v, "max_attempts", attemptsRange) } ?? 3
            let group = try object["group"].map { v throws(JSONPathError) in try groupName(reader.string(v, "group"), reader) } ?? spec.defaultRunID
            let cells: [GridCell]
            if let c = object["cell"] {
                let id = try reader.string(c, "cell")
                guard let cell = spec.cell(id: id) else {
                    let known = spec.cells.prefix(5).map(\.id).joined(separator: ", ")
                    throw reader.fail("cell", "no cell '\(id)' in the spec's grid (\(spec.cells.count) cells: \(known)\(spec.cells.count > 5 ? ", ..." : ""))")
                }
                cells = [cell]
            } else {
                cells = spec.cells
                try limits.check(cells: cells.count, reader, path: "spec")
            }
            let json = spec.normalizedJSON
            return SubmissionRequest(submissions: cells.map {
                RunSubmission(spec: json, cellID: $0.id, group: group, maxAttempts: maxAttempts)
            })
        } catch {
            throw .badRequest(error.message, path: error.path.isEmpty ? nil : error.path)
        }
    }

    /// The spec, its errors' paths moved under `spec`.
    private static func decodeSpec(_ value: JSONValue, availableDatasets: [String]?) throws(JSONPathError) -> ExperimentSpec {
        let data: Data
        do { data = try SynthJSON.encoder().encode(value) } catch { throw JSONPathError(source: "request body", path: "spec", message: "cannot encode: \(error)") }
        do throws(JSONPathError) {
            return try ExperimentSpec.decode(data, source: "request body", availableDatasets: availableDatasets)
        } catch {
            throw JSONPathError(source: error.source, path: error.path.isEmpty ? "spec" : JSONPathReader.member("spec", error.path), message: error.message)
        }
    }

    /// A submitter chooses what is computed, not what the worker's host executes or reads (``ServerSideField``), nor a
    /// cell without a time limit, which could hold a worker for ever (docs/service.md).
    private static func refuseServerSideChoices(_ spec: ExperimentSpec, _ reader: JSONPathReader) throws(JSONPathError) {
        if let field = ServerSideField.find(in: spec).first { throw reader.fail(JSONPathReader.member("spec", field.path), field.reason) }
        guard spec.timeoutS != nil else {
            throw reader.fail("spec.timeout_s", "a submitted spec may not lift the per-cell time limit (null): a cell without one "
                + "could hold a worker for ever. Give a number of seconds, or leave the key out for the default, "
                + "\(Int(ExperimentSpec.defaultTimeoutS)) s")
        }
    }

    /// A group names a results directory: one path segment of letters, digits, `-`, `_` and `.`, not `.` or `..`.
    private static func groupName(_ s: String, _ reader: JSONPathReader) throws(JSONPathError) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
        guard !s.isEmpty, s.count <= 128, s.allSatisfy(allowed.contains), s != ".", s != ".." else {
            throw reader.fail("group", "'\(s)' is not a directory name: use 1-128 letters, digits, '-', '_' or '.'")
        }
        return s
    }
}
