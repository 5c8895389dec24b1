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
}
