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

    /// One tree, nodes in arrays; a leaf has `feature == -1`. Rows with code ≤ `bin` (and > 0) go left;
    /// code 0 (missing) goes left when `missingLeft`.
    struct Tree: Sendable {
        var feature: [Int32] = []
        var bin: [UInt8] = []
        var missingLeft: [Bool] = []
        var left: [Int32] = []
        var right: [Int32] = []
        var value: [Double] = []

        mutating func addLeaf(_ v: Double) -> Int {
            feature.append(-1); bin.append(0); missingLeft.append(false); left.append(-1); right.append(-1); value.append(v)
            return value.count - 1
        }

        func predict(codes: UnsafeBufferPointer<UInt8>, rows: Int, row i: Int) -> Double {
            var n = 0
            while feature[n] >= 0 {
                let c = codes[Int(feature[n]) * rows + i]
                let goLeft = c == 0 ? missingLeft[n] : c <= bin[n]
                n = Int(goLeft ? left[n] : right[n])
            }
            return value[n]
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
        let codes = binning.codes(for: features)
        let mean = rows > 0 ? y.reduce(0, +) / Double(rows) : 0
        let base: Double
        switch objective {
        case .logistic: base = rows > 0 ? 4 * (mean - 0.5) : 0
        case .squaredError: base = mean
        case .softmax: base = 0.5
        }
        baseMargin = base
        var margin = [Double](repeating: base, count: rows * outputs)  // row-major rows x outputs
        var grad = [[Double]](repeating: [Double](repeating: 0, count: rows), count: outputs)
        var hess = grad
        let root = RandomStream(seed: seed)
        var grown: [Tree] = []
        grown.reserveCapacity(options.treeCount * outputs)
        let bins = binning.thresholds.map { $0.count + 2 }  // code 0 (missing) and 1...thresholds+1
        codes.withUnsafeBufferPointer { cp in
            for t in 0..<options.treeCount {
                Self.gradients(objective, margin: margin, targets: y, grad: &grad, hess: &hess)
                var rng = root.derived(UInt64(t))
                var sample = Array(0..<rows)
                if options.subsample < 1 { sample = sample.filter { _ in rng.nextDouble() < options.subsample } }
                var allowed = Array(0..<features.count)
                if options.columnSample < 1 {
                    let keep = max(1, Int(Double(allowed.count) * options.columnSample))
                    allowed = Array(rng.permutation(allowed.count).prefix(keep)).sorted()
                }
                for k in 0..<outputs {
                    let tree = Self.grow(codes: cp, rows: rows, bins: bins, features: allowed, sample: sample,
                                         grad: grad[k], hess: hess[k], options: options)
                    for i in 0..<rows { margin[i * outputs + k] += tree.predict(codes: cp, rows: rows, row: i) }
                    grown.append(tree)
                }
            }
        }
        trees = grown
    }

    /// The objective's gradient and hessian per output at the current margins.
    static func gradients(_ objective: Objective, margin: [Double], targets y: [Double],
                          grad: inout [[Double]], hess: inout [[Double]]) {
        let rows = y.count
        switch objective {
        case .logistic:
            for i in 0..<rows {
                let p = 1 / (1 + exp(-margin[i]))
                grad[0][i] = p - y[i]
                hess[0][i] = max(p * (1 - p), 1e-16)
            }
        case .squaredError:
            for i in 0..<rows { grad[0][i] = margin[i] - y[i]; hess[0][i] = 1 }
        case .softmax(let k):
            var p = [Double](repeating: 0, count: k)
            for i in 0..<rows {
                Self.softmax(margin[(i * k)..<(i * k + k)], into: &p)
                for c in 0..<k {
                    grad[c][i] = p[c] - (Int(y[i]) == c ? 1 : 0)
                    hess[c][i] = max(2 * p[c] * (1 - p[c]), 1e-16)
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
            for (t, tree) in trees.enumerated() {
                let k = t % outputs
                for i in 0..<rows { out[i * outputs + k] += tree.predict(codes: cp, rows: rows, row: i) }
            }
        }
        return out
    }

    // MARK: Growing one tree

    /// Per feature and bin, (gradient sum, hessian sum); feature j's bins start at `offsets[j]`.
    struct Histogram {
        var g: [Double]
        var h: [Double]
    }

    struct Split {
        var gain = 0.0
        var feature = -1
        var bin = 0
        var missingLeft = false
    }

    static func grow(codes: UnsafeBufferPointer<UInt8>, rows: Int, bins: [Int], features: [Int], sample: [Int],
                     grad: [Double], hess: [Double], options: Options) -> Tree {
        var offsets = [Int](repeating: 0, count: bins.count + 1)
        for j in 0..<bins.count { offsets[j + 1] = offsets[j] + bins[j] }
        let width = offsets[bins.count]
        func histogram(_ members: [Int]) -> Histogram {
            var hist = Histogram(g: [Double](repeating: 0, count: width), h: [Double](repeating: 0, count: width))
            hist.g.withUnsafeMutableBufferPointer { g in
                hist.h.withUnsafeMutableBufferPointer { h in
                    for j in features {
                        let base = j * rows, off = offsets[j]
                        for i in members {
                            let b = off + Int(codes[base + i])
                            g[b] += grad[i]; h[b] += hess[i]
                        }
                    }
                }
            }
            return hist
        }
        let lambda = options.lambda
        func score(_ g: Double, _ h: Double) -> Double { g * g / (h + lambda) }
        func bestSplit(_ hist: Histogram, G: Double, H: Double) -> Split {
            var best = Split()
            let parent = score(G, H)
            for j in features where bins[j] >= 3 {
                let off = offsets[j], nb = bins[j]
                let gMiss = hist.g[off], hMiss = hist.h[off]
                var gl = 0.0, hl = 0.0
                // Thresholds between bin b and b+1 for b in 1..<nb-1; each with missing right, then left.
                for b in 1..<(nb - 1) {
                    gl += hist.g[off + b]; hl += hist.h[off + b]
                    for missingLeft in [false, true] {
                        let gL = missingLeft ? gl + gMiss : gl, hL = missingLeft ? hl + hMiss : hl
                        let gR = G - gL, hR = H - hL
                        guard hL >= options.minChildWeight, hR >= options.minChildWeight else { continue }
                        let gain = 0.5 * (score(gL, hL) + score(gR, hR) - parent) - options.gamma
                        if gain > best.gain + 1e-12 { best = Split(gain: gain, feature: j, bin: b, missingLeft: missingLeft) }
                        if hMiss == 0 { break }  // no missing rows: both directions are the same split
                    }
                }
            }
            return best
        }

        var tree = Tree()
        // Depth-wise: the frontier holds (node index, member rows, histogram, G, H).
        var G0 = 0.0, H0 = 0.0
        for i in sample { G0 += grad[i]; H0 += hess[i] }
        var frontier: [(node: Int, members: [Int], hist: Histogram, g: Double, h: Double)] = []
        let leafValue = { (g: Double, h: Double) in -options.learningRate * g / (h + lambda) }
        frontier.append((tree.addLeaf(leafValue(G0, H0)), sample, histogram(sample), G0, H0))
        for _ in 0..<options.maxDepth {
            var next: [(node: Int, members: [Int], hist: Histogram, g: Double, h: Double)] = []
            for item in frontier {
                let split = bestSplit(item.hist, G: item.g, H: item.h)
                guard split.feature >= 0, split.gain > 0 else { continue }
                let base = split.feature * rows, cut = UInt8(split.bin)
                var leftRows: [Int] = [], rightRows: [Int] = []
                var gL = 0.0, hL = 0.0
                for i in item.members {
                    let c = codes[base + i]
                    if c == 0 ? split.missingLeft : c <= cut { leftRows.append(i); gL += grad[i]; hL += hess[i] }
                    else { rightRows.append(i) }
                }
                let gR = item.g - gL, hR = item.h - hL
                let smallIsLeft = leftRows.count <= rightRows.count
                let small = histogram(smallIsLeft ? leftRows : rightRows)
                var large = item.hist
                for b in 0..<width { large.g[b] -= small.g[b]; large.h[b] -= small.h[b] }
                let (lh, rh) = smallIsLeft ? (small, large) : (large, small)
                let l = tree.addLeaf(leafValue(gL, hL)), r = tree.addLeaf(leafValue(gR, hR))
                let n = item.node
                tree.feature[n] = Int32(split.feature); tree.bin[n] = cut; tree.missingLeft[n] = split.missingLeft
                tree.left[n] = Int32(l); tree.right[n] = Int32(r)
                next.append((l, leftRows, lh, gL, hL))
                next.append((r, rightRows, rh, gR, hR))
            }
            if next.isEmpty { break }
            frontier = next
        }
        return tree
    }
}
