import Evaluation
import Foundation
import SynthCore

/// `RUN_DIR/results.json`: every finished cell of a run, with the environment and the spec, in the grid's
/// order. `pending` lists the cells that have no result yet (an interrupted run), so a reader can tell a
/// complete run from a partial one.
package struct RunResults: Codable, Sendable, Equatable {
    package var schemaVersion: Int = CellResult.schemaVersion
    package var experiment: String
    package var runID: String
    package var environment: EnvironmentRecord
    /// The normalized spec (as `spec.json`).
    package var spec: JSONValue
    package var cells: [CellResult]
    package var pending: [String]

    package init(experiment: String, runID: String, environment: EnvironmentRecord, spec: JSONValue,
                cells: [CellResult], pending: [String]) {
        self.experiment = experiment; self.runID = runID; self.environment = environment; self.spec = spec
        self.cells = cells; self.pending = pending
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version", experiment, runID = "run_id", environment, spec, cells, pending
    }

    package func write(to url: URL, using writer: any FileWriter = SystemFileWriter()) throws {
        try AtomicFile.write(try SynthJSON.string(self, pretty: true) + "\n", to: url, using: writer)
    }

    /// The run's spec as a typed value (methods are not re-validated: they need not be registered here).
    package func experimentSpec() throws -> ExperimentSpec {
        try ExperimentSpec.decode(try SynthJSON.encoder().encode(spec), source: "results.json spec",
                                  availableDatasets: nil, validatingMethods: false)
    }

    package static func read(from url: URL) throws -> RunResults {
        try SynthJSON.decoder().decode(RunResults.self, from: try Data(contentsOf: url))
    }
}
