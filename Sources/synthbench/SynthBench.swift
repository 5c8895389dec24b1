import ArgumentParser
import Harness
import SynthMath

@main
struct SynthBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synthbench",
        abstract: "Benchmark synthetic tabular data generators (SDV and SynthCity conventions).",
        version: SynthBenchVersion.string,
        subcommands: [DatasetsCommand.self, MethodsCommand.self, GenerateCommand.self, EvaluateCommand.self, BenchCommand.self,
                      PlotCommand.self, CompareCommand.self, CheckCommand.self,
                      RunCommand.self, CellCommand.self]
    )
}
