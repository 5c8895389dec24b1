import ArgumentParser
import Benchmarks

struct BenchCTGANCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ctgan",
        abstract: "Fit CTGAN on a dataset for a few epochs; print preprocessing, seconds per epoch, projection, peak RSS, rows/s.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: BenchNeuralOptions
    func run() throws { try options.run(method: "ctgan", global: global) }
}
