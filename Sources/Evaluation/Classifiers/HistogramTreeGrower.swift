/// Grows the depth-wise histogram trees of ``GradientBoostedTrees`` (XGBoost's `hist` method). One grower
/// serves every tree of a fit and holds what they reuse, so growing a tree allocates nothing per node:
/// - the bin codes twice: row-major, so a node's histogram reads each member row's codes side by side and
///   its (gradient, hessian) pair once; column-major (``FeatureBinning``'s layout) for the partition on one
///   feature;
/// - the sample's row indices in one buffer, each node a range of it, split in place and stably, so every
///   node's rows stay ascending and every sum is taken in the order a per-node row list gives;
/// - the histograms of one level and of the next, node after node, (gradient, hessian) interleaved per bin.
///
/// Per split only the smaller child's histogram is summed over its rows; the larger one's is the parent's
/// minus it (XGBoost's and LightGBM's subtraction trick), and the last level, never split, gets none.
final class HistogramTreeGrower {
    let rows: Int
    let featureCount: Int
    /// Bins per feature: code 0 (missing) and 1...thresholds + 1.
    let bins: [Int]
    /// Doubles in one histogram: two per bin of every feature.
    let histogramLength: Int
    /// Twice feature j's first bin: where its pairs start in a histogram.
    private let pairOffsets: UnsafeMutablePointer<Int>
    /// `rowCodes[i * featureCount + j]`.
    private let rowCodes: UnsafeMutablePointer<UInt8>
    /// `columnCodes[j * rows + i]`.
    private let columnCodes: UnsafeMutablePointer<UInt8>
    /// The sample's rows, each node a range.
    private let members: UnsafeMutablePointer<Int32>
    /// A partition's right rows before they move back behind the left ones.
    private let spill: UnsafeMutablePointer<Int32>
    /// Histograms of the frontier (`level`) and of its children (`next`), `histogramLength` each.
    private var level: UnsafeMutablePointer<Double>
    private var next: UnsafeMutablePointer<Double>
    private var levelCapacity: Int
    private var nextCapacity: Int

    /// A frontier node: its rows are `members[start..<end]`, its histogram the `slot`-th of its level.
    struct Node {
        var node: Int
        var start: Int
        var end: Int
        var slot: Int
        var g: Double
        var h: Double
    }

    struct Split {
        var gain = 0.0
        var feature = -1
        var bin = 0
        var missingLeft = false
    }

    /// `codes` column-major from ``FeatureBinning/codes(for:)``; `bins[j]` = thresholds of feature j + 2.
    init(columnCodes codes: [UInt8], rows: Int, bins: [Int]) {
        precondition(rows < Int(Int32.max), "at most 2^31 - 1 rows")
        precondition(codes.count == rows * bins.count, "one code per row and feature")
        self.rows = rows
        featureCount = bins.count
        self.bins = bins
        pairOffsets = .allocate(capacity: max(1, bins.count))
        var total = 0
        for j in bins.indices { pairOffsets[j] = 2 * total; total += bins[j] }
        histogramLength = 2 * total
        let f = bins.count
        columnCodes = .allocate(capacity: max(1, codes.count))
        rowCodes = .allocate(capacity: max(1, codes.count))
        for (k, c) in codes.enumerated() { columnCodes[k] = c; rowCodes[(k % rows) * f + k / rows] = c }
        members = .allocate(capacity: max(1, rows))
        spill = .allocate(capacity: max(1, rows))
        levelCapacity = max(1, histogramLength)
        nextCapacity = max(1, 2 * histogramLength)
        level = .allocate(capacity: levelCapacity)
        next = .allocate(capacity: nextCapacity)
    }

    deinit {
        pairOffsets.deallocate(); rowCodes.deallocate(); columnCodes.deallocate()
        members.deallocate(); spill.deallocate(); level.deallocate(); next.deallocate()
    }

    /// One tree on the rows of `sample` (ascending) with interleaved gradient pairs (`gh[2i]`, `gh[2i + 1]`),
    /// splitting only on `features`; adds every sampled row's leaf value into `margin[i * stride + output]`.
    func grow(gh: UnsafeBufferPointer<Double>, sample: [Int], features: [Int], options: GradientBoostedTrees.Options,
              margin: UnsafeMutableBufferPointer<Double>, output: Int, stride: Int) -> GradientBoostedTrees.Tree {
        let lambda = options.lambda
        let leafValue = { (g: Double, h: Double) in -options.learningRate * g / (h + lambda) }
        var tree = GradientBoostedTrees.Tree()
        var G0 = 0.0, H0 = 0.0
        for (p, i) in sample.enumerated() { members[p] = Int32(i); G0 += gh[2 * i]; H0 += gh[2 * i + 1] }
        var frontier = [Node(node: tree.addLeaf(leafValue(G0, H0)), start: 0, end: sample.count, slot: 0, g: G0, h: H0)]
        var leaves: [Node] = []
        if options.maxDepth > 0 { accumulate(frontier[0], into: level, gh: gh) }
        var depth = 0
        while depth < options.maxDepth, !frontier.isEmpty {
            let childrenSplit = depth + 1 < options.maxDepth
            if childrenSplit { reserveNext(2 * frontier.count * histogramLength) }
            var children: [Node] = []
            children.reserveCapacity(2 * frontier.count)
            for item in frontier {
                let split = bestSplit(level + item.slot * histogramLength, G: item.g, H: item.h, features: features,
                                      options: options)
                guard split.feature >= 0, split.gain > 0 else { leaves.append(item); continue }
                let (mid, gL, hL) = partition(item, split, gh: gh)
                let gR = item.g - gL, hR = item.h - hL
                let l = tree.addLeaf(leafValue(gL, hL)), r = tree.addLeaf(leafValue(gR, hR))
                tree.split(item.node, feature: split.feature, bin: split.bin, missingLeft: split.missingLeft, left: l, right: r)
                let left = Node(node: l, start: item.start, end: mid, slot: children.count, g: gL, h: hL)
                let right = Node(node: r, start: mid, end: item.end, slot: children.count + 1, g: gR, h: hR)
                if childrenSplit { childHistograms(parent: level + item.slot * histogramLength, left, right, gh: gh) }
                children.append(left); children.append(right)
            }
            frontier = children
            if childrenSplit { swap(&level, &next); swap(&levelCapacity, &nextCapacity) }
            depth += 1
        }
        leaves += frontier
        for leaf in leaves {
            let v = tree.nodes[leaf.node].value
            for p in leaf.start..<leaf.end { margin[Int(members[p]) * stride + output] += v }
        }
        return tree
    }

    private func reserveNext(_ count: Int) {
        guard nextCapacity < count else { return }
        next.deallocate()
        next = .allocate(capacity: count)
        nextCapacity = count
    }

    /// Sums the node's rows' gradient pairs into their bins.
    private func accumulate(_ node: Node, into hist: UnsafeMutablePointer<Double>, gh: UnsafeBufferPointer<Double>) {
        hist.update(repeating: 0, count: histogramLength)
        let f = featureCount, bytes = UnsafeMutableRawPointer(hist)
        for p in node.start..<node.end {
            let i = Int(members[p])
            let pair = SIMD2(gh[2 &* i], gh[2 &* i &+ 1])
            let row = rowCodes + i &* f
            for j in 0..<f {
                let at = bytes + (8 &* pairOffsets[j] &+ 16 &* Int(row[j]))
                at.storeBytes(of: at.load(as: SIMD2<Double>.self) + pair, as: SIMD2<Double>.self)
            }
        }
    }

    /// The smaller child's histogram from its rows, the larger one's as the parent's minus it.
    private func childHistograms(parent: UnsafePointer<Double>, _ left: Node, _ right: Node, gh: UnsafeBufferPointer<Double>) {
        let leftSmall = left.end - left.start <= right.end - right.start
        let (small, large) = leftSmall ? (left, right) : (right, left)
        let s = next + small.slot * histogramLength, l = next + large.slot * histogramLength
        accumulate(small, into: s, gh: gh)
        for b in 0..<histogramLength { l[b] = parent[b] - s[b] }
    }

    /// Splits the node's rows in place, stably, left rows first. Returns the boundary and the left rows'
    /// gradient and hessian sums (in row order).
    private func partition(_ node: Node, _ split: Split, gh: UnsafeBufferPointer<Double>) -> (Int, Double, Double) {
        let cut = UInt8(split.bin), missingLeft = split.missingLeft
        let column = columnCodes + split.feature * rows
        // Branch-free: the direction is data, so a branch on it mispredicts about every other row.
        var write = node.start, spilled = 0
        for p in node.start..<node.end {
            let i = members[p], c = column[Int(i)]
            let left = Int(unsafeBitCast((c == 0) ? missingLeft : c <= cut, to: UInt8.self))
            members[write] = i; spill[spilled] = i
            write &+= left; spilled &+= 1 &- left
        }
        (members + write).update(from: spill, count: spilled)
        var gL = 0.0, hL = 0.0
        for p in node.start..<write { let i = Int(members[p]); gL += gh[2 * i]; hL += gh[2 * i + 1] }
        return (write, gL, hL)
    }

    /// The best split of a node with histogram `hist` and sums G, H: the largest gain
    /// `½[G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)] − γ` with both children's hessian sums at least
    /// `minChildWeight`, over features, thresholds and (when the node has missing values) their direction.
    private func bestSplit(_ hist: UnsafePointer<Double>, G: Double, H: Double, features: [Int],
                           options: GradientBoostedTrees.Options) -> Split {
        let lambda = options.lambda, minChild = options.minChildWeight, gamma = options.gamma
        func score(_ g: Double, _ h: Double) -> Double { g * g / (h + lambda) }
        let parent = score(G, H)
        var best = Split()
        func consider(_ gL: Double, _ hL: Double, _ j: Int, _ b: Int, _ missingLeft: Bool) {
            let gR = G - gL, hR = H - hL
            guard hL >= minChild, hR >= minChild else { return }
            let gain = 0.5 * (score(gL, hL) + score(gR, hR) - parent) - gamma
            if gain > best.gain + 1e-12 { best = Split(gain: gain, feature: j, bin: b, missingLeft: missingLeft) }
        }
        for j in features where bins[j] >= 3 {
            let h = hist + pairOffsets[j], nb = bins[j]
            let gMiss = h[0], hMiss = h[1]
            var gl = 0.0, hl = 0.0
            // Thresholds between bin b and b+1 for b in 1..<nb-1; each with the missing rows right, then left.
            for b in 1..<(nb - 1) {
                gl += h[2 * b]; hl += h[2 * b + 1]
                consider(gl, hl, j, b, false)
                if hMiss != 0 { consider(gl + gMiss, hl + hMiss, j, b, true) }
            }
        }
        return best
    }
}
