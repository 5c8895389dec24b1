import ArgumentParser

/// `synthbench bench ctgan`: CTGAN for a few epochs, projected to its default run.
struct BenchCTGANCommand: AsyncParsableCommand {
    static let configuration = BenchNeuralOptions.configuration("ctgan", "CTGAN")
    @OptionGroup var options: BenchNeuralOptions
    func run() throws { try options.run(method: "ctgan") }
}
