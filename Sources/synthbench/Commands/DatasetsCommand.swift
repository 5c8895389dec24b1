import ArgumentParser

/// `synthbench datasets ...`: list, fetch and inspect the registered datasets.
struct DatasetsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "datasets",
        abstract: "List, fetch and inspect datasets.",
        subcommands: []
    )
}
