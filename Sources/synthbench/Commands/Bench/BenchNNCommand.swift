import ArgumentParser
import Benchmarks
import SynthMath
import SynthNN

/// `synthbench bench nn`: the neural-network engine's single-thread figures.
struct BenchNNCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nn",
        abstract: "Time sgemm, an MLP training step and CTGAN discriminator and generator steps (one BLAS thread).",
        discussion: """
            Prints the sgemm GFLOP/s at the MLP's shapes; a forward + backward + Adam step of a \
            156 -> 256 -> 256 -> 156 ReLU MLP at batch 500 (ms, GFLOP/s, fraction of sgemm); a CTGAN \
            discriminator step (2600 -> 256 -> 256 -> 1, LeakyReLU 0.2, dropout 0.5, gradient penalty 10, \
            batch 500 in pac groups of 10); a CTGAN generator step (232 -> 256, 488 -> 256, 744 -> 156 \
            residual, batch 500) with [z, c] as column blocks and concatenated, alternately; and VmHWM before \
            and after the timed MLP steps. \
            Build with -c release for meaningful figures.
            """)

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Print one JSON object instead of text.")
    var json = false

    @Option(name: .long, help: "Timed MLP steps.")
    var mlpSteps = 1000

    @Option(name: .long, help: "Timed discriminator steps.")
    var discriminatorSteps = 200

    @Option(name: .long, help: "Timed generator steps (each of the two input forms).")
    var generatorSteps = 200

    @Option(name: .long, help: "Matrix-product precision of every step and product timed: fp32, or bf16 (docs/nn.md).")
    var precision: MatrixPrecision = .fp32

    func validate() throws {
        if mlpSteps < 1 { throw ValidationError("--mlp-steps must be at least 1, got \(mlpSteps)") }
        if discriminatorSteps < 1 {
            throw ValidationError("--discriminator-steps must be at least 1, got \(discriminatorSteps)")
        }
        if generatorSteps < 1 { throw ValidationError("--generator-steps must be at least 1, got \(generatorSteps)") }
    }

    func run() throws {
        global.apply()
        if global.blasThreads == nil { BLAS.setThreads(1) }  // the figures are for one thread unless asked
        print(try NNBenchmarkReport.run(mlpSteps: mlpSteps, discriminatorSteps: discriminatorSteps,
                                             generatorSteps: generatorSteps, precision: precision, json: json))
    }
}
