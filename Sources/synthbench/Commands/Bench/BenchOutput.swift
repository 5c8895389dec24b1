import Foundation
import Harness
import SynthCore
import SynthNN

// What every `bench` subcommand prints: one line of JSON (`--json`) or an aligned table.

/// What `--json` prints: the benchmark's result with the machine load it was measured under.
struct BenchReport<R: Encodable>: Encodable {
    var benchmark: String
    /// The 1, 5 and 15 minute load averages from /proc/loadavg when the benchmark finished.
    var loadAverage: [Double]
    /// The OpenBLAS kernel the benchmark ran and why (docs/blas.md).
    var blasKernel = BLASKernelRecord.current
    /// The matrix-product precision asked for (`--precision`).
    var precision: MatrixPrecision = .fp32
    /// With `--precision bf16`: the bf16 kernel chosen and why, or why the products stayed fp32 (docs/nn.md).
    var bf16Kernel: BF16Selection?
    var result: R
}

/// Prints the report as one line of sorted-key JSON.
func printJSON<R: Encodable>(_ benchmark: String, _ result: R, precision: MatrixPrecision = .fp32) throws {
    let encoder = SynthJSON.encoder()
    let report = BenchReport(benchmark: benchmark, loadAverage: LoadAverage.current(), precision: precision,
                             bf16Kernel: precision == .bf16 ? BF16Selection.current : nil, result: result)
    print(String(decoding: try encoder.encode(report), as: UTF8.self))
}

/// Left-aligned label column, right-aligned values.
func printTable(_ rows: [(String, String)]) {
    let width = rows.map(\.0.count).max() ?? 0
    for (label, value) in rows {
        print(label.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + value)
    }
}

func fixed(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }
