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

    /// Grows a tree on the rows with positive `counts` (bootstrap counts: how many times each row was drawn).
    ///
    /// The class weights are the counts, integers, so every sum (class totals, histograms, the left side of a
    /// split) is exact in any order: they are kept as integers, each node's labels and counts are gathered once
    /// before its features are searched, a feature's histogram fills in one pass with its lowest and highest
    /// bin, alternating between two copies so that rows falling in one bin do not wait on each other. The
    /// scores are the same Doubles computed from the same integers, so the tree is the one summing Doubles grew.
    /// - Parameters:
    ///   - codes: column-major bin codes from ``FeatureBinning``, `featureCount * rows` long.
    ///   - labels: class of each row in `0..<classCount`.
    init(codes: UnsafeBufferPointer<UInt8>, rows: Int, featureCount: Int, labels: UnsafeBufferPointer<Int32>,
         classCount: Int, counts: [Int32], options: Options, rng: inout RandomStream) {
        self.classCount = classCount
        let k = classCount
        var index = [Int32]()
        index.reserveCapacity(rows)
        for i in 0..<rows where counts[i] > 0 { index.append(Int32(i)) }
        // The node's labels and counts in its index order (scratch), and two histograms of 256 bins x k
        // classes, all zero between features.
        var nodeLabels = [Int32](repeating: 0, count: index.count), nodeCounts = [Int](repeating: 0, count: index.count)
        var scratch = [Int32](repeating: 0, count: index.count)
        let copy = 256 * k
        var hist = [Int](repeating: 0, count: 2 * copy)
        var featureOrder = Array(0..<featureCount)
        let maxFeatures = min(featureCount, max(1, options.maxFeatures ?? featureCount))
        var total = [Int](repeating: 0, count: k)
        var leftCounts = [Int](repeating: 0, count: k)

        struct Pending { var node: Int; var start: Int; var end: Int; var depth: Int }
        var stack: [Pending] = []
        func newNode() -> Int {
            feature.append(-1); threshold.append(0); left.append(-1); right.append(-1); leafOffset.append(-1)
            return feature.count - 1
        }
        stack.append(Pending(node: newNode(), start: 0, end: index.count, depth: 0))

        while let task = stack.popLast() {
            let m = task.end - task.start
            // Class totals of this node, its labels and counts gathered.
            index.withUnsafeBufferPointer { ip in
                nodeLabels.withUnsafeMutableBufferPointer { nl in
                    nodeCounts.withUnsafeMutableBufferPointer { nc in
                        counts.withUnsafeBufferPointer { cp in
                            hist.withUnsafeMutableBufferPointer { h in   // bins 0 of both copies as scratch
                                for q in 0..<m {
                                    let i = Int(ip[task.start &+ q])
                                    let label = Int(labels[i]), count = Int(cp[i])
                                    nl[q] = Int32(label); nc[q] = count
                                    h[(q & 1) &* copy &+ label] &+= count
                                }
                                for c in 0..<k {
                                    total[c] = h[c] &+ h[copy &+ c]
                                    h[c] = 0; h[copy &+ c] = 0
                                }
                            }
                        }
                    }
                }
            }
            let weightSum = Double(total.reduce(0, &+))
            let pure = total.filter { $0 > 0 }.count <= 1
            let depthOK = options.maxDepth.map { task.depth < $0 } ?? true
            var bestScore = -Double.infinity, bestFeature = -1, bestBin = 0
            if !pure, depthOK, m >= options.minSamplesSplit, m >= 2 * options.minSamplesLeaf {
                let parentScore = total.reduce(0.0) { $0 + Double($1) * Double($1) } / weightSum
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
                    index.withUnsafeBufferPointer { ip in
                        nodeLabels.withUnsafeBufferPointer { nl in
                            nodeCounts.withUnsafeBufferPointer { nc in
                                hist.withUnsafeMutableBufferPointer { h in
                                    let rowsIndex = ip.baseAddress! + task.start
                                    var q = 0
                                    while q &+ 1 < m {
                                        let c0 = Int(codes[base &+ Int(rowsIndex[q])])
                                        let c1 = Int(codes[base &+ Int(rowsIndex[q &+ 1])])
                                        lo = min(lo, min(c0, c1)); hi = max(hi, max(c0, c1))
                                        h[c0 &* k &+ Int(nl[q])] &+= nc[q]
                                        h[copy &+ c1 &* k &+ Int(nl[q &+ 1])] &+= nc[q &+ 1]
                                        q &+= 2
                                    }
                                    if q < m {
                                        let c0 = Int(codes[base &+ Int(rowsIndex[q])])
                                        lo = min(lo, c0); hi = max(hi, c0)
                                        h[c0 &* k &+ Int(nl[q])] &+= nc[q]
                                    }
                                }
                            }
                        }
                    }
                    hist.withUnsafeMutableBufferPointer { h in
                        leftCounts.withUnsafeMutableBufferPointer { l in
                            total.withUnsafeBufferPointer { t in
                                if let bin = Self.bestBin(h.baseAddress!, copy: copy, lo: lo, hi: hi, total: t, left: l,
                                                          weightSum: weightSum, bestScore: &bestScore) {
                                    bestFeature = f; bestBin = bin
                                }
                            }
                        }
                        for x in (lo * k)..<((hi + 1) * k) { h[x] = 0; h[copy &+ x] = 0 }
                    }
                }
                if bestScore <= parentScore + 1e-12 * weightSum { bestFeature = -1 }
            }
            if bestFeature < 0 {
                leafOffset[task.node] = Int32(leafProbabilities.count)
                for c in 0..<k { leafProbabilities.append(Double(total[c]) / weightSum) }
                continue
            }
            // Partition [start, end) so rows with code <= bestBin come first.
            let base = bestFeature * rows
            // Branch-free (the branch is a coin toss): the rows' order within a side does not matter, every
            // sum over them being exact.
            // Each row is written to both ends of a scratch buffer and one end advances; then copied back.
            var i = task.start
            index.withUnsafeMutableBufferPointer { ip in
                scratch.withUnsafeMutableBufferPointer { sp in
                    var front = 0, back = m - 1
                    for r in task.start..<task.end {
                        let v = ip[r]
                        let goesLeft = Int(codes[base &+ Int(v)]) <= bestBin ? 1 : 0
                        sp[front] = v; sp[back] = v
                        front &+= goesLeft; back &-= 1 &- goesLeft
                    }
                    for q in 0..<m { ip[task.start &+ q] = sp[q] }
                    i = task.start &+ front
                }
            }
            let leftCount = i - task.start, rightCount = task.end - i
            if leftCount < options.minSamplesLeaf || rightCount < options.minSamplesLeaf {
                leafOffset[task.node] = Int32(leafProbabilities.count)
                for c in 0..<k { leafProbabilities.append(Double(total[c]) / weightSum) }
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

    /// The split of one feature's histogram (two copies `copy` apart, bins `lo...hi` of `total.count` classes)
    /// whose Gini score beats `bestScore` by more than 1e-12 · weightSum, scanning the thresholds `lo..<hi`
    /// in order; updates `bestScore` and returns the threshold bin, or nil. `left` is scratch.
    @inline(__always)
    private static func bestBin(_ h: UnsafeMutablePointer<Int>, copy: Int, lo: Int, hi: Int, total: UnsafeBufferPointer<Int>,
                                left: UnsafeMutableBufferPointer<Int>, weightSum: Double, bestScore: inout Double) -> Int? {
        let k = total.count
        var found: Int?
        for c in 0..<k { left[c] = 0 }
        var leftWeight = 0
        let totalWeight = Int(weightSum)
        for bin in lo..<hi {
            var binWeight = 0
            for c in 0..<k {
                let v = h[bin &* k &+ c] &+ h[copy &+ bin &* k &+ c]
                left[c] &+= v; binWeight &+= v
            }
            // An empty bin repeats the previous threshold's score, which cannot beat itself.
            if binWeight == 0 { continue }
            leftWeight &+= binWeight
            let rightWeight = totalWeight &- leftWeight
            if leftWeight <= 0 || rightWeight <= 0 { continue }
            var l2 = 0.0, r2 = 0.0
            for c in 0..<k {
                let l = Double(left[c]), r = Double(total[c] &- left[c])
                l2 += l * l; r2 += r * r
            }
            let score = l2 / Double(leftWeight) + r2 / Double(rightWeight)
            if score > bestScore + 1e-12 * weightSum {
                bestScore = score; found = bin
            }
        }
        return found
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
