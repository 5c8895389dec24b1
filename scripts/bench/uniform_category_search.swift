// UniformEncoder.categories alone (the copula's reverse transform of a categorical column): seeded values in
// [0, 1] searched among the intervals of 42 categories with adult native-country-like frequencies (one category
// holding 90 %, the rest a geometric tail) and of 7 categories. Compiled with one revision's `categories`, cut
// out of Sources/Synthesizers/Encoders/UniformEncoder.swift into a stand-in type (Shim.swift), by
// scripts/bench/uniform_category_search.sh (with bench_support.swift).
//   uniform_category_search VALUES REPEATS   CPU seconds per repeat and the digest of the categories
import Foundation

let arguments = CommandLine.arguments
guard arguments.count == 3, let n = Int(arguments[1]), let repeats = Int(arguments[2]) else {
    print("usage: uniform_category_search VALUES REPEATS")
    exit(2)
}
func encoder(_ frequencies: [Double]) -> Encoder {
    let total = frequencies.reduce(0, +)
    var bounds = [0.0], running = 0.0
    for f in frequencies { running += f / total; bounds.append(running) }
    bounds[bounds.count - 1] = 1
    return Encoder(coding: Coding(count: frequencies.count), bounds: bounds)
}
let encoders = [encoder([90] + (0..<41).map { 10 * pow(0.8, Double($0)) }), encoder([35, 25, 15, 10, 8, 5, 2])]
var stream = SeededStream(state: 3)
let values = (0..<n).map { _ in stream.uniform() }
for _ in 0..<repeats {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325, seconds = 0.0
    for e in encoders {
        let start = cpuSeconds()
        let categories = values.withUnsafeBufferPointer { e.categories($0) }
        seconds += cpuSeconds() - start
        for c in categories { h = (h ^ UInt64(UInt32(bitPattern: c))) &* 0x0000_0100_0000_01b3 }
    }
    print(String(format: "%d values x 2 columns: %.3f CPU s, %.2f ns per value, digest %016llx", n, seconds,
                 seconds / Double(2 * n) * 1e9, h))
}
