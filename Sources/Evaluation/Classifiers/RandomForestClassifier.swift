import SynthMath

/// A random forest of CART trees (bootstrap rows, a random feature subset at every split), with
/// scikit-learn's RandomForestClassifier defaults: 100 trees, Gini, `max_features = sqrt(d)`, fully grown,
/// probabilities averaged over trees. Splits are searched on binned features (see ``FeatureBinning``).
///
/// Seeded: the same seed and data give the same forest. Trees use streams derived from the seed by tree
/// index, so the forest does not depend on evaluation order.
public struct RandomForestClassifier: Sendable {
    public struct Options: Sendable {
        public var treeCount = 100
        public var maxDepth: Int? = nil
        public var minSamplesSplit = 2
        public var minSamplesLeaf = 1
        /// Features tried per split; nil means `max(1, floor(sqrt(d)))` as scikit-learn's "sqrt".
        public var maxFeatures: Int? = nil
        public var bootstrap = true
        public init(treeCount: Int = 100, maxDepth: Int? = nil, minSamplesSplit: Int = 2, minSamplesLeaf: Int = 1,
                    maxFeatures: Int? = nil, bootstrap: Bool = true) {
            self.treeCount = treeCount; self.maxDepth = maxDepth; self.minSamplesSplit = minSamplesSplit
            self.minSamplesLeaf = minSamplesLeaf; self.maxFeatures = maxFeatures; self.bootstrap = bootstrap
        }
    }

    public let classCount: Int
    let binning: FeatureBinning
    let trees: [DecisionTree]

    /// Fits a forest. `features` is column-major (`features[j][i]`), NaN marks a missing value;
    /// `labels` are classes in `0..<classCount`.
    public init(features: [[Double]], labels: [Int], classCount: Int? = nil, options: Options = Options(),
                seed: UInt64) {
        let rows = labels.count
        precondition(features.allSatisfy { $0.count == rows }, "every feature needs one value per label")
        precondition(options.treeCount > 0, "treeCount must be positive")
        let k = classCount ?? ((labels.max() ?? 0) + 1)
        self.classCount = k
        binning = FeatureBinning(fitting: features)
        let codes = binning.codes(for: features)
        let labels32 = labels.map(Int32.init)
        let d = features.count
        let treeOptions = DecisionTree.Options(
            maxDepth: options.maxDepth, minSamplesSplit: options.minSamplesSplit,
            minSamplesLeaf: options.minSamplesLeaf,
            maxFeatures: options.maxFeatures ?? max(1, Int(Double(d).squareRoot())))
        let root = RandomStream(seed: seed)
        var grown: [DecisionTree] = []
        grown.reserveCapacity(options.treeCount)
        codes.withUnsafeBufferPointer { cp in
            labels32.withUnsafeBufferPointer { lp in
                for t in 0..<options.treeCount {
                    var rng = root.derived(UInt64(t))
                    var counts = [Int32](repeating: options.bootstrap ? 0 : 1, count: rows)
                    if options.bootstrap { for _ in 0..<rows { counts[rng.nextInt(below: rows)] += 1 } }
                    grown.append(DecisionTree(codes: cp, rows: rows, featureCount: d, labels: lp, classCount: k,
                                              counts: counts, options: treeOptions, rng: &rng))
                }
            }
        }
        trees = grown
    }

    /// Class probabilities, row-major: `result[i * classCount + c]`.
    public func predictProbabilities(_ features: [[Double]]) -> [Double] {
        let rows = features.first?.count ?? 0
        let codes = binning.codes(for: features)
        var out = [Double](repeating: 0, count: rows * classCount)
        codes.withUnsafeBufferPointer { cp in
            out.withUnsafeMutableBufferPointer { op in
                for tree in trees { tree.accumulate(codes: cp, rows: rows, into: op) }
                let scale = 1 / Double(trees.count)
                for i in op.indices { op[i] *= scale }
            }
        }
        return out
    }

    /// Probability of class `positive` for each row.
    public func predictProbability(_ features: [[Double]], positive: Int = 1) -> [Double] {
        let p = predictProbabilities(features)
        return stride(from: positive, to: p.count, by: classCount).map { p[$0] }
    }
}
