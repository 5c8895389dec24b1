import Foundation
import SynthMath

/// Gradient-boosted regression trees with XGBoost 2.x's defaults as SynthCity's `detection_xgb` and `xgb`
/// evaluators get them (`XGBClassifier()` / `XGBRegressor()`): 100 rounds, learning rate 0.3, depth-wise
/// growth to depth 6, L2 penalty λ = 1 on leaf weights, min split loss γ = 0, min child hessian 1, no row
/// or column subsampling, the `hist` method on at most 255 bins per feature (``FeatureBinning``; XGBoost
/// uses 256), and missing values sent the way that gains most at each split (XGBoost's learned default
/// direction). Objectives (``Objective``): `binary:logistic`, `reg:squarederror` and `multi:softprob`
/// (one tree per class and round).
///
/// The intercept is XGBoost 2's estimate, one Newton step from margin 0: `4(ȳ − ½)` for the logistic loss,
/// the mean target for squared error; XGBoost 2.1 does not estimate it for `multi:softprob`, where every
/// class starts at its default 0.5 (a constant that softmax cancels). A split is kept when its gain
/// `½[G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)] − γ` is positive and both children have hessian sum ≥
/// `minChildWeight`; a leaf's weight is `−η G/(H+λ)`. Histograms of the larger child are the parent's minus
/// the smaller child's.
///
/// Seeded: `subsample` and `columnSample` below 1 draw rows and features per round from streams derived
/// from the seed (at the defaults nothing random happens).
public struct GradientBoostedTrees: Sendable {
    public struct Options: Sendable {
        public var treeCount = 100
        public var learningRate = 0.3
        public var maxDepth = 6
        public var lambda = 1.0
        public var gamma = 0.0
        public var minChildWeight = 1.0
        public var subsample = 1.0
        public var columnSample = 1.0
        public init(treeCount: Int = 100, learningRate: Double = 0.3, maxDepth: Int = 6, lambda: Double = 1,
                    gamma: Double = 0, minChildWeight: Double = 1, subsample: Double = 1, columnSample: Double = 1) {
            self.treeCount = treeCount; self.learningRate = learningRate; self.maxDepth = maxDepth
            self.lambda = lambda; self.gamma = gamma; self.minChildWeight = minChildWeight
            self.subsample = subsample; self.columnSample = columnSample
        }
    }

    /// The loss the trees descend, XGBoost's `objective`.
    public enum Objective: Sendable, Equatable {
        /// `binary:logistic`: 0/1 targets, gradient p − y, hessian p(1 − p).
        case logistic
        /// `reg:squarederror`: gradient m − y, hessian 1.
        case squaredError
        /// `multi:softprob`: targets are class indices 0..<classes; per class gradient p_k − [y = k],
        /// hessian 2 p_k(1 − p_k) (XGBoost's factor 2).
        case softmax(classes: Int)

        /// Trees per round: one per class for softmax, else one.
        var outputs: Int { if case .softmax(let k) = self { return k } else { return 1 } }
    }

    /// One tree, its nodes in one array; a leaf has `feature == -1`. Rows with code ≤ `bin` (and > 0) go
    /// left; code 0 (missing) goes left when `missingLeft`.
    struct Tree: Sendable {
        struct Node: Sendable {
            var feature: Int32 = -1
            var bin: UInt8 = 0
            var missingLeft = false
            var left: Int32 = -1
            var right: Int32 = -1
            var value: Double
        }
        var nodes: [Node] = []

        mutating func addLeaf(_ v: Double) -> Int {
            nodes.append(Node(value: v))
            return nodes.count - 1
        }

        /// Makes leaf `n` a split on `feature` at `bin` with children `left` and `right`.
        mutating func split(_ n: Int, feature: Int, bin: Int, missingLeft: Bool, left: Int, right: Int) {
            nodes[n].feature = Int32(feature); nodes[n].bin = UInt8(bin); nodes[n].missingLeft = missingLeft
            nodes[n].left = Int32(left); nodes[n].right = Int32(right)
        }

        func predict(codes: UnsafeBufferPointer<UInt8>, rows: Int, row i: Int) -> Double {
            nodes.withUnsafeBufferPointer { Self.leaf(of: i, nodes: $0, codes: codes, rows: rows) }
        }

        /// Adds every row's leaf value into `out[i * stride + output]`.
        func addPredictions(codes: UnsafeBufferPointer<UInt8>, rows: Int, into out: UnsafeMutableBufferPointer<Double>,
                            output: Int, stride: Int) {
            nodes.withUnsafeBufferPointer { t in
                for i in 0..<rows { out[i &* stride &+ output] += Self.leaf(of: i, nodes: t, codes: codes, rows: rows) }
            }
        }

        @inline(__always)
        static func leaf(of i: Int, nodes t: UnsafeBufferPointer<Node>, codes: UnsafeBufferPointer<UInt8>, rows: Int) -> Double {
            var n = 0
            while t[n].feature >= 0 {
                let c = codes[Int(t[n].feature) &* rows &+ i]
                let goLeft = c == 0 ? t[n].missingLeft : c <= t[n].bin
                n = Int(goLeft ? t[n].left : t[n].right)
            }
            return t[n].value
        }
    }

    public let options: Options
    public let objective: Objective
    /// The initial margin every prediction starts from (each class's, for softmax).
    public let baseMargin: Double
    let binning: FeatureBinning
    /// Round-major: round t's tree for output k is `trees[t * outputs + k]`.
    let trees: [Tree]

    /// A binary classifier (`binary:logistic`) on `features` (column-major, `features[j][i]`, NaN = missing)
    /// and 0/1 `labels`.
    public init(features: [[Double]], labels: [Int], options: Options = Options(), seed: UInt64) {
        self.init(features: features, targets: labels.map(Double.init), objective: .logistic, options: options, seed: seed)
    }

    /// Fits `objective` on `features` (column-major, NaN = missing) and `targets` (0/1 labels, values, or
    /// class indices).
    public init(features: [[Double]], targets y: [Double], objective: Objective, options: Options = Options(), seed: UInt64) {
        let rows = y.count, outputs = objective.outputs
        precondition(features.allSatisfy { $0.count == rows }, "every feature needs one value per target")
        precondition(options.treeCount > 0 && options.maxDepth >= 0, "treeCount must be positive, maxDepth non-negative")
        precondition(outputs >= 1, "softmax needs at least one class")
        self.options = options
        self.objective = objective
        binning = FeatureBinning(fitting: features)
        let mean = rows > 0 ? y.reduce(0, +) / Double(rows) : 0
        let base: Double
        switch objective {
        case .logistic: base = rows > 0 ? 4 * (mean - 0.5) : 0
        case .squaredError: base = mean
        case .softmax: base = 0.5
        }
        baseMargin = base
        trees = Self.boost(codes: binning.codes(for: features), bins: binning.thresholds.map { $0.count + 2 }, targets: y,
                           objective: objective, base: base, options: options, seed: seed).trees
    }

    /// The rounds of boosting from margin `base` on column-major bin `codes`: the trees, round-major, and the
    /// training rows' margins after the last one (row-major `rows x outputs`; a model's ``predictMargin(_:)``
    /// of its training rows, bit for bit).
    static func boost(codes: [UInt8], bins: [Int], targets y: [Double], objective: Objective, base: Double,
                      options: Options, seed: UInt64) -> (trees: [Tree], margins: [Double]) {
        let rows = y.count, outputs = objective.outputs
        var margin = [Double](repeating: base, count: rows * outputs)
        // Per output, (gradient, hessian) interleaved per row.
        var gh = [[Double]](repeating: [Double](repeating: 0, count: 2 * rows), count: outputs)
        let root = RandomStream(seed: seed)
        var grown: [Tree] = []
        grown.reserveCapacity(options.treeCount * outputs)
        let grower = HistogramTreeGrower(columnCodes: codes, rows: rows, bins: bins)
        for t in 0..<options.treeCount {
            Self.gradients(objective, margin: margin, targets: y, gh: &gh)
            var rng = root.derived(UInt64(t))
            var sample = Array(0..<rows)
            if options.subsample < 1 { sample = sample.filter { _ in rng.nextDouble() < options.subsample } }
            var allowed = Array(0..<bins.count)
            if options.columnSample < 1 {
                let keep = max(1, Int(Double(allowed.count) * options.columnSample))
                allowed = Array(rng.permutation(allowed.count).prefix(keep)).sorted()
            }
            for k in 0..<outputs {
                let tree = margin.withUnsafeMutableBufferPointer { m in
                    gh[k].withUnsafeBufferPointer { g in
                        grower.grow(gh: g, sample: sample, features: allowed, options: options, margin: m, output: k,
                                    stride: outputs)
                    }
                }
                if sample.count < rows {  // rows outside the sample get their leaf from the tree
                    var inSample = [Bool](repeating: false, count: rows)
                    for i in sample { inSample[i] = true }
                    codes.withUnsafeBufferPointer { cp in
                        for i in 0..<rows where !inSample[i] { margin[i * outputs + k] += tree.predict(codes: cp, rows: rows, row: i) }
                    }
                }
                grown.append(tree)
            }
        }
        return (grown, margin)
    }

    /// The objective's gradient and hessian per output at the current margins, interleaved per row
    /// (`gh[k][2i]`, `gh[k][2i + 1]`).
    static func gradients(_ objective: Objective, margin: [Double], targets y: [Double], gh: inout [[Double]]) {
        let rows = y.count
        switch objective {
        case .logistic:
            for i in 0..<rows {
                let p = 1 / (1 + exp(-margin[i]))
                gh[0][2 * i] = p - y[i]
                gh[0][2 * i + 1] = max(p * (1 - p), 1e-16)
            }
        case .squaredError:
            for i in 0..<rows { gh[0][2 * i] = margin[i] - y[i]; gh[0][2 * i + 1] = 1 }
        case .softmax(let k):
            var p = [Double](repeating: 0, count: k)
            for i in 0..<rows {
                Self.softmax(margin[(i * k)..<(i * k + k)], into: &p)
                for c in 0..<k {
                    gh[c][2 * i] = p[c] - (Int(y[i]) == c ? 1 : 0)
                    gh[c][2 * i + 1] = max(2 * p[c] * (1 - p[c]), 1e-16)
                }
            }
        }
    }

    static func softmax(_ m: ArraySlice<Double>, into p: inout [Double]) {
        let top = m.max() ?? 0
        var total = 0.0
        for (c, x) in m.enumerated() { p[c] = exp(x - top); total += p[c] }
        for c in p.indices { p[c] /= total }
    }

    /// P(label = 1) for each row of `features` (column-major); a logistic model.
    public func predictProbability(_ features: [[Double]]) -> [Double] {
        precondition(objective == .logistic, "predictProbability is the binary classifier's")
        return predictMargin(features).map { 1 / (1 + exp(-$0)) }
    }

    /// Class probabilities, row-major `rows x classes`; a softmax model.
    public func predictProbabilities(_ features: [[Double]]) -> [Double] {
        guard case .softmax(let k) = objective else { preconditionFailure("predictProbabilities is the softmax model's") }
        let m = predictMargin(features)
        var out = m, p = [Double](repeating: 0, count: k)
        for i in 0..<(m.count / k) {
            Self.softmax(m[(i * k)..<(i * k + k)], into: &p)
            for c in 0..<k { out[i * k + c] = p[c] }
        }
        return out
    }

    /// The margins, row-major `rows x outputs` (the log-odds of a logistic model, the prediction of a
    /// squared-error one).
    public func predictMargin(_ features: [[Double]]) -> [Double] {
        let rows = features.first?.count ?? 0, outputs = objective.outputs
        let codes = binning.codes(for: features)
        var out = [Double](repeating: baseMargin, count: rows * outputs)
        codes.withUnsafeBufferPointer { cp in
            out.withUnsafeMutableBufferPointer { o in
                for (t, tree) in trees.enumerated() {
                    tree.addPredictions(codes: cp, rows: rows, into: o, output: t % outputs, stride: outputs)
                }
            }
        }
        return out
    }
}
