import Testing
@testable import Evaluation

/// The boosting loop's bookkeeping: the margins each round's gradients are taken at are what the model
/// predicts for its training rows. The tree grower adds leaf values to the sampled rows from the leaves' row
/// ranges and walks the tree for the rows outside the sample, so a wrong range or a missed row would show
/// here. (The trees themselves are checked against XGBoost in ``DetectionOracleTests`` and
/// ``PerformanceOracleTests``.)
@Suite struct GradientBoostedTreesTests {
    static let settings: [(GradientBoostedTrees.Objective, GradientBoostedTrees.Options)] = [
        (.logistic, .init(treeCount: 12)),
        (.logistic, .init(treeCount: 12, subsample: 0.6, columnSample: 0.5)),
        (.squaredError, .init(treeCount: 8, maxDepth: 3, subsample: 0.7)),
        (.softmax(classes: 3), .init(treeCount: 6, subsample: 0.8)),
    ]

    static func targets(_ objective: GradientBoostedTrees.Objective, _ f: [[Double]], _ labels: [Int]) -> [Double] {
        switch objective {
        case .logistic: return labels.map(Double.init)
        case .squaredError: return f[1].indices.map { f[1][$0] + 0.5 * f[2][$0] }
        case .softmax: return f[2].map { Double(Int($0) % 3) }
        }
    }

    static func boosted(_ objective: GradientBoostedTrees.Objective, _ options: GradientBoostedTrees.Options)
        -> (features: [[Double]], margins: [Double], targets: [Double]) {
        let (f, labels) = DetectionOracleTests.integerTable()
        let y = targets(objective, f, labels)
        let model = GradientBoostedTrees(features: f, targets: y, objective: objective, options: options, seed: 3)
        let binning = FeatureBinning(fitting: f)
        let fit = GradientBoostedTrees.boost(codes: binning.codes(for: f), bins: binning.thresholds.map { $0.count + 2 },
                                             targets: y, objective: objective, base: model.baseMargin, options: options, seed: 3)
        #expect(fit.trees.count == model.trees.count)
        #expect(model.predictMargin(f) == fit.margins, "\(objective), \(options.subsample)")
        return (f, fit.margins, y)
    }

    @Test(arguments: 0..<settings.count)
    func trainingMarginsAreTheModelsPredictions(_ k: Int) {
        let (objective, options) = Self.settings[k]
        let (f, margins, y) = Self.boosted(objective, options)
        // Negative control: one round fewer predicts other margins, so the comparison above can fail.
        var fewer = options
        fewer.treeCount -= 1
        let shorter = GradientBoostedTrees(features: f, targets: y, objective: objective, options: fewer, seed: 3)
        #expect(shorter.predictMargin(f) != margins)
    }
}
