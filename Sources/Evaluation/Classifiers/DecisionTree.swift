import SynthMath

/// A CART classification tree (Gini impurity) grown on binned features, as one tree of
/// ``RandomForestClassifier``. Leaves store class probabilities.
public struct DecisionTree: Sendable {
    // Node arrays; a leaf has feature == -1 and `leafOffset` into `leafProbabilities`.
    var feature: [Int32] = []
    var threshold: [UInt8] = []
    var left: [Int32] = []
    var right: [Int32] = []
    var leafOffset: [Int32] = []
    var leafProbabilities: [Double] = []
    let classCount: Int

    /// Tree-growing limits, as scikit-learn's parameters of the same names.
    public struct Options: Sendable {
        public var maxDepth: Int? = nil
        public var minSamplesSplit: Int = 2
        public var minSamplesLeaf: Int = 1
        /// Features tried per split; nil means all.
        public var maxFeatures: Int? = nil
        public init(maxDepth: Int? = nil, minSamplesSplit: Int = 2, minSamplesLeaf: Int = 1, maxFeatures: Int? = nil) {
            self.maxDepth = maxDepth; self.minSamplesSplit = minSamplesSplit
            self.minSamplesLeaf = minSamplesLeaf; self.maxFeatures = maxFeatures
        }
    }

    /// Grows a tree on the rows with positive `weights` (bootstrap counts).
    /// - Parameters:
    ///   - codes: column-major bin codes from ``FeatureBinning``, `featureCount * rows` long.
    ///   - labels: class of each row in `0..<classCount`.
    init(codes: UnsafeBufferPointer<UInt8>, rows: Int, featureCount: Int, labels: UnsafeBufferPointer<Int32>,
         classCount: Int, weights: [Double], options: Options, rng: inout RandomStream) {
        self.classCount = classCount
        var index = (0..<rows).filter { weights[$0] > 0 }
        let k = classCount
        var hist = [Double](repeating: 0, count: 256 * k)
        var featureOrder = Array(0..<featureCount)
        let maxFeatures = min(featureCount, max(1, options.maxFeatures ?? featureCount))
        var total = [Double](repeating: 0, count: k)
        var leftCounts = [Double](repeating: 0, count: k)

        struct Pending { var node: Int; var start: Int; var end: Int; var depth: Int }
        var stack: [Pending] = []
        func newNode() -> Int {
            feature.append(-1); threshold.append(0); left.append(-1); right.append(-1); leafOffset.append(-1)
            return feature.count - 1
        }
        stack.append(Pending(node: newNode(), start: 0, end: index.count, depth: 0))

        while let task = stack.popLast() {
            // Class totals of this node.
            for c in 0..<k { total[c] = 0 }
            var sampleCount = 0
            for p in task.start..<task.end {
                let i = index[p]
                total[Int(labels[i])] += weights[i]
                sampleCount += 1
            }
            let weightSum = total.reduce(0, +)
            let pure = total.filter { $0 > 0 }.count <= 1
            let depthOK = options.maxDepth.map { task.depth < $0 } ?? true
            var bestScore = -Double.infinity, bestFeature = -1, bestBin = 0
            if !pure, depthOK, sampleCount >= options.minSamplesSplit, sampleCount >= 2 * options.minSamplesLeaf {
                let parentScore = total.reduce(0) { $0 + $1 * $1 } / weightSum
                // Shuffle feature order (partial Fisher-Yates is enough for the prefix we may visit).
                for a in 0..<featureCount - 1 {
                    let b = a + rng.nextInt(below: featureCount - a)
                    featureOrder.swapAt(a, b)
                }
                var visited = 0
                for f in featureOrder {
                    if visited >= maxFeatures && bestFeature >= 0 { break }
                    visited += 1
                    let base = f * rows
                    var lo = 255, hi = 0
                    for p in task.start..<task.end {
                        let code = Int(codes[base + index[p]])
                        if code < lo { lo = code }
                        if code > hi { hi = code }
                    }
                    if lo == hi { continue }
                    for x in (lo * k)..<((hi + 1) * k) { hist[x] = 0 }
                    for p in task.start..<task.end {
                        let i = index[p]
                        hist[Int(codes[base + i]) * k + Int(labels[i])] += weights[i]
                    }
                    for c in 0..<k { leftCounts[c] = 0 }
                    var leftWeight = 0.0
                    for bin in lo..<hi {
                        for c in 0..<k { leftCounts[c] += hist[bin * k + c]; leftWeight += hist[bin * k + c] }
                        let rightWeight = weightSum - leftWeight
                        if leftWeight <= 0 || rightWeight <= 0 { continue }
                        var l2 = 0.0, r2 = 0.0
                        for c in 0..<k {
                            let l = leftCounts[c], r = total[c] - l
                            l2 += l * l; r2 += r * r
                        }
                        let score = l2 / leftWeight + r2 / rightWeight
                        if score > bestScore + 1e-12 * weightSum {
                            bestScore = score; bestFeature = f; bestBin = bin
                        }
                    }
                }
                if bestScore <= parentScore + 1e-12 * weightSum { bestFeature = -1 }
            }
            if bestFeature < 0 {
                leafOffset[task.node] = Int32(leafProbabilities.count)
                for c in 0..<k { leafProbabilities.append(total[c] / weightSum) }
                continue
            }
            // Partition [start, end) so rows with code <= bestBin come first.
            let base = bestFeature * rows
            var i = task.start, j = task.end - 1
            while i <= j {
                if Int(codes[base + index[i]]) <= bestBin { i += 1 } else { index.swapAt(i, j); j -= 1 }
            }
            let leftCount = i - task.start, rightCount = task.end - i
            if leftCount < options.minSamplesLeaf || rightCount < options.minSamplesLeaf {
                leafOffset[task.node] = Int32(leafProbabilities.count)
                for c in 0..<k { leafProbabilities.append(total[c] / weightSum) }
                continue
            }
            feature[task.node] = Int32(bestFeature)
            threshold[task.node] = UInt8(bestBin)
            let l = newNode(), r = newNode()
            left[task.node] = Int32(l); right[task.node] = Int32(r)
            stack.append(Pending(node: r, start: i, end: task.end, depth: task.depth + 1))
            stack.append(Pending(node: l, start: task.start, end: i, depth: task.depth + 1))
        }
    }

    public var nodeCount: Int { feature.count }

    /// Adds this tree's class probabilities for each row into `out` (row-major, `rows * classCount`).
    func accumulate(codes: UnsafeBufferPointer<UInt8>, rows: Int, into out: UnsafeMutableBufferPointer<Double>) {
        for i in 0..<rows {
            var node = 0
            while feature[node] >= 0 {
                let f = Int(feature[node])
                node = Int(codes[f * rows + i] <= threshold[node] ? left[node] : right[node])
            }
            let o = Int(leafOffset[node])
            for c in 0..<classCount { out[i * classCount + c] += leafProbabilities[o + c] }
        }
    }
}
