import ArgumentParser

/// `synthbench bench tvae`: TVAE for a few epochs, projected to its default run.
struct BenchTVAECommand: AsyncParsableCommand {
    static let configuration = BenchNeuralOptions.configuration("tvae", "TVAE")
    @OptionGroup var options: BenchNeuralOptions
    func run() throws { try options.run(method: "tvae") }
}
