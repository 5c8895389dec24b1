import ArgumentParser
import Harness
import SynthMath

@main
struct SynthBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synthbench",
        abstract: "Benchmark synthetic tabular data generators (SDV and SynthCity conventions).",
        version: BuildStamp.thisBuild.versionLine(SynthBenchVersion.string),
        subcommands: [DatasetsCommand.self, MethodsCommand.self, GenerateCommand.self, EvaluateCommand.self, BenchCommand.self,
                      PlotCommand.self, CompareCommand.self, CheckCommand.self, ReportCommand.self,
                      RunCommand.self, CellCommand.self, WorkerCommand.self, QueueCommand.self, DoctorCommand.self,
                      BLASSelfCheckCommand.self, ExportCommand.self, DecryptCommand.self, ServeCommand.self, TokenCommand.self]
    )

    /// Selects the OpenBLAS kernel first (docs/blas.md): this may re-execute the process with
    /// `OPENBLAS_CORETYPE` set, which has to happen before any BLAS call. Parsing errors exit as ArgumentParser
    /// maps them; errors of a command's run through ``CommandFailure``, which knows which command failed.
    static func main() async {
        KernelSelection.bootstrap()
        var command: ParsableCommand
        do {
            command = try await asyncParseAsRoot(nil)
        } catch {
            exit(withError: error)
        }
        do {
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            CommandFailure.exit(error, in: type(of: command))
        }
    }
}
