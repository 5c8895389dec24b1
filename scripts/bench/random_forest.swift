// The random forest (RandomForestClassifier, DecisionTree, FeatureBinning) of one revision, timed and digested:
// compiled alone by scripts/bench/random_forest.sh. A seeded adult-like table (six continuous features, eight
// categorical with 2-40 levels, a binary label depending on both), ROWS training rows (the classifier cap:
// 50,000) and 16,281 test rows; 100 trees with scikit-learn's defaults. Prints the process CPU seconds of the fit
// and of the prediction, and the FNV-1a digest of the predicted probabilities' bits.
import Foundation

func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

func table(rows: Int, seed: UInt64) -> (features: [[Double]], labels: [Int]) {
    var rng = RandomStream(seed: seed)
    let levels = [2, 3, 5, 7, 9, 16, 40, 6]
    var features = [[Double]](repeating: [], count: 14)
    var labels = [Int]()
    for _ in 0..<rows {
        var score = 0.0
        for j in 0..<6 {
            let x = j % 2 == 0 ? (rng.nextNormal() * 10).rounded() : rng.nextNormal() * 1e4
            features[j].append(x); score += x / (j % 2 == 0 ? 10 : 1e4) * Double(j + 1) * 0.3
        }
        for (j, l) in levels.enumerated() {
            let c = rng.nextInt(below: l)
            features[6 + j].append(Double(c)); score += Double(c % 3) * 0.4 - 0.4
        }
        labels.append(score + rng.nextNormal() > 0.5 ? 1 : 0)
    }
    return (features, labels)
}

let rows = Int(CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "50000")!
let train = table(rows: rows, seed: 7), test = table(rows: 16_281, seed: 8)
let start = cpuSeconds()
let forest = RandomForestClassifier(features: train.features, labels: train.labels, seed: 11)
let fitted = cpuSeconds()
let p = forest.predictProbabilities(test.features)
let predicted = cpuSeconds()
var hash: UInt64 = 0xcbf2_9ce4_8422_2325
for v in p { hash = (hash ^ v.bitPattern) &* 0x100_0000_01b3 }
print(String(format: "fit %.3f CPU s, predict %.3f CPU s, digest %@", fitted - start, predicted - fitted, String(hash, radix: 16)))
