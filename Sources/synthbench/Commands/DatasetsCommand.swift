import ArgumentParser
import SynthTable

/// `synthbench datasets ...`: list, fetch and inspect the registered datasets.
struct DatasetsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "datasets",
        abstract: "List, fetch and inspect datasets.",
        subcommands: [DatasetsListCommand.self, DatasetsFetchCommand.self, DatasetsShowCommand.self]
    )
}

/// Where the dataset manifests are.
struct DatasetsLocation: ParsableArguments {
    @Option(name: .customLong("datasets-dir"),
            help: "The datasets directory (default: $SYNTHBENCH_DATASETS_DIR, else ./datasets or one in a parent folder).")
    var datasetsDir: String?

    func registry() throws -> DatasetRegistry { try DatasetRegistry.open(explicit: datasetsDir) }

    /// Checks `name` against the registry before anything is loaded: an unknown dataset is a usage error of the
    /// command (exit 64) with the registry's message (the near miss named), as a bad method is; it used to surface
    /// when the data was loaded, exit 1. Other failures (no registry found) are unchanged.
    func requireRegistered(_ name: String) throws {
        do { _ = try registry().manifest(named: name) } catch let error as DatasetError {
            guard case .unknownDataset = error else { throw error }
            throw ValidationError(error.description)
        }
    }
}
