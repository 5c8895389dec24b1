import ArgumentParser
import Benchmarks

struct BenchTVAECommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tvae",
        abstract: "Fit TVAE on a dataset for a few epochs; print preprocessing, seconds per epoch, projection, peak RSS, rows/s.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: BenchNeuralOptions
    func run() throws { try options.run(method: "tvae", global: global) }
}
