import ArgumentParser
import Foundation
import Harness
import SynthCore
import Reports

/// `synthbench doctor`: what this machine offers and what SynthBench made of it (docs/blas.md).
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Print the CPU features, the OpenBLAS kernel chosen and why, BLAS threads, gnuplot, the datasets, and what is missing.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var location: DatasetsLocation
    @Flag(help: "Print one JSON object instead of text.") var json = false

    func run() throws {
        global.apply()
        let report = DoctorReport.capture(datasetsDirectory: location.datasetsDir,
                                          gnuplot: GnuplotRenderer.fromEnvironment().executable)
        if json {
            let encoder = SynthJSON.encoder(pretty: true)
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.text)
        }
    }
}
