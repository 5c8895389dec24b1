// Driver of scripts/bench/c2st_learners.sh: the five fits of `c2st.detection_xgb` (LEARNER xgb) or
// `c2st.detection_linear` (linear) on adult, compiled with one revision's learner (and the files it needs) into
// one program.
//
// Data: adult's training rows (label 0) stacked on a synthetic adult CSV with a header (label 1), every column
// label-encoded as SynthCity sees it (numbers unscaled, categories as codes shared by both tables, a missing
// category its own code); rows dealt to 5 folds by position within each label (fold = index % 5). Per fold,
// GradientBoostedTrees at XGBoost's defaults or LogisticRegression (C = 1) on the other four folds,
// P(synthetic) on this one.
// Prints the process CPU seconds of the fits and predictions alone (not the loading), the mean fold AUC, and
// writes every test probability (fold after fold) to OUT as raw doubles, for a bit-for-bit comparison.
//   usage: bench ADULT_DATA SYNTHETIC_CSV OUT xgb|linear
import Foundation

func cpuSeconds() -> Double { Double(clock()) / Double(CLOCKS_PER_SEC) }

let numeric: Set<Int> = [0, 2, 4, 10, 11, 12]
var categories: [[String: Double]] = Array(repeating: [:], count: 15)

func load(_ path: String, header: Bool) -> [[Double]] {
    let text = try! String(contentsOfFile: path, encoding: .utf8)
    var columns: [[Double]] = Array(repeating: [], count: 15)
    for (n, line) in text.split(separator: "\n").enumerated() where !(header && n == 0) {
        let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard fields.count == 15 else { continue }
        for (c, f) in fields.enumerated() {
            if numeric.contains(c) { columns[c].append(Double(f) ?? .nan); continue }
            let key = f == "?" ? "" : f.replacingOccurrences(of: ".", with: "")
            if categories[c][key] == nil { categories[c][key] = Double(categories[c].count) }
            columns[c].append(categories[c][key]!)
        }
    }
    return columns
}

func auc(_ labels: [Int], _ scores: [Double]) -> Double {
    let order = scores.indices.sorted { scores[$0] < scores[$1] }
    var rank = [Double](repeating: 0, count: scores.count)
    var a = 0
    while a < order.count {
        var b = a
        while b + 1 < order.count && scores[order[b + 1]] == scores[order[a]] { b += 1 }
        for k in a...b { rank[order[k]] = Double(a + b) / 2 + 1 }
        a = b + 1
    }
    let pos = labels.filter { $0 == 1 }.count, neg = labels.count - pos
    let sum = zip(labels, rank).filter { $0.0 == 1 }.map { $0.1 }.reduce(0, +)
    return (sum - Double(pos * (pos + 1)) / 2) / Double(pos * neg)
}

let args = CommandLine.arguments
let real = load(args[1], header: false), synthetic = load(args[2], header: true)
let features = (0..<15).map { real[$0] + synthetic[$0] }
let labels = [Int](repeating: 0, count: real[0].count) + [Int](repeating: 1, count: synthetic[0].count)
let fold = real[0].indices.map { $0 % 5 } + synthetic[0].indices.map { $0 % 5 }
var probabilities: [Double] = [], aucs: [Double] = []
let start = cpuSeconds()
for f in 0..<5 {
    let train = fold.indices.filter { fold[$0] != f }, test = fold.indices.filter { fold[$0] == f }
    let trainX = features.map { c in train.map { c[$0] } }, testX = features.map { c in test.map { c[$0] } }
    let p = args[4] == "linear"
        ? try! LogisticRegression(features: trainX, labels: train.map { labels[$0] }).predictProbability(testX)
        : GradientBoostedTrees(features: trainX, labels: train.map { labels[$0] }, seed: UInt64(f)).predictProbability(testX)
    probabilities += p
    aucs.append(auc(test.map { labels[$0] }, p))
}
let cpu = cpuSeconds() - start
print(String(format: "cpu %.2f s  mean AUC %.6f  (%d + %d rows)", cpu, aucs.reduce(0, +) / 5, real[0].count, synthetic[0].count))
_ = FileManager.default.createFile(atPath: args[3], contents: probabilities.withUnsafeBytes { Data($0) })
