import ArgumentParser

/// `synthbench bench ...`: release-mode micro-benchmarks of the building blocks.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the speed of SynthBench's building blocks (build with -c release).",
        subcommands: [BenchCSVCommand.self, BenchBLASCommand.self, BenchNNCommand.self, BenchEncodersCommand.self,
                      BenchCopulaCommand.self, BenchScaleCommand.self, BenchCTGANCommand.self, BenchTVAECommand.self, BenchDDPMCommand.self,
                      BenchPIICommand.self, BenchPrivacyCommand.self, BenchExportCommand.self]
    )
}
