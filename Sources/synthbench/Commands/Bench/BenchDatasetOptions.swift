import ArgumentParser
import SynthTable

/// The registered dataset a bench measures on, and where the manifests are.
struct BenchDatasetOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("A registered dataset.", valueName: "dataset")) var name = "adult"
    @OptionGroup var location: DatasetsLocation

    func load(fetchIfMissing: Bool = false) throws -> LoadedDataset {
        try location.registry().load(name, fetchIfMissing: fetchIfMissing)
    }
}
