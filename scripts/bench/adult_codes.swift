// adult.data label-encoded for the standalone benches (kmeans.swift, kmeans_fits.swift, privacy_kernels.swift;
// each compiles this file beside its own as main.swift): per column, codes by first appearance, numbers unscaled;
// the first `columns` columns (14: without income). The benches declare `Matrix(rows:cols:storage:)` (their own,
// or SynthMath's).
import Foundation

func loadAdult(_ path: String, columns: Int = 15) -> Matrix {
    let text = try! String(contentsOfFile: path, encoding: .utf8)
    var codes: [[String: Double]] = Array(repeating: [:], count: 15)
    var storage: [Double] = [], rows = 0
    for line in text.split(separator: "\n") {
        let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard fields.count == 15 else { continue }
        for (c, f) in fields.enumerated() where c < columns {
            if let x = Double(f) { storage.append(x); continue }
            if codes[c][f] == nil { codes[c][f] = Double(codes[c].count) }
            storage.append(codes[c][f]!)
        }
        rows += 1
    }
    return Matrix(rows: rows, cols: columns, storage: storage)
}
