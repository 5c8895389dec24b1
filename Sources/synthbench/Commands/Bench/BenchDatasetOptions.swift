import ArgumentParser
import SynthTable

/// The registered dataset a bench measures on, and where the manifests are.
struct BenchDatasetOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("A registered dataset.", valueName: "dataset")) var name = "adult"
    @OptionGroup var location: DatasetsLocation

    /// An unknown name is a usage error (exit 64), as for `generate` and `evaluate` (``DatasetsLocation/requireRegistered(_:)``).
    func requireRegistered() throws { try location.requireRegistered(name) }

    func load(fetchIfMissing: Bool = false) throws -> LoadedDataset {
        try requireRegistered()
        return try location.registry().load(name, fetchIfMissing: fetchIfMissing)
    }
}
