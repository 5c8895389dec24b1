/// Runs one reverse-mode pass over a recorded graph.
///
/// 1. A depth-first walk from the output lists every tensor that requires a gradient, inputs before the
///    tensors made from them, and marks those that lead to a wanted gradient (a target, or a leaf
///    parameter for ``Tensor/backward(seed:)``).
/// 2. Walking that list backwards, each recorded node receives the sum of the gradients sent to its output
///    and sends gradients to its inputs through ``BackwardContext``.
///
/// Gradient sums are built in place whenever the engine owns the buffer: a matrix-product contribution is
/// written by sgemm with `beta = 1` straight into the running sum (or into a parameter's reused `.grad`
/// buffer), so a first-order pass makes no extra copies. With `createGraph` every contribution is instead a
/// recorded operation, which is what makes the result differentiable again.
final class BackwardEngine {
    let createGraph: Bool
    /// True for `backward()`: leaves that require gradients receive them in `.grad`.
    let intoLeaves: Bool

    private var slotOf: [ObjectIdentifier: Int] = [:]
    private var tensors: [Tensor] = []
    private var needed: [Bool] = []
    private var grads: [Tensor?] = []
    private var owned: [Bool] = []
    private var leafBuffer: [Tensor?] = []
    private var leafHasData: [Bool] = []
    private var targetIndex: [Int] = []

    init(createGraph: Bool, intoLeaves: Bool) {
        precondition(!(createGraph && intoLeaves), "createGraph applies to gradients(of:withRespectTo:), not backward()")
        self.createGraph = createGraph
        self.intoLeaves = intoLeaves
    }

    /// Backpropagates `seed` (the gradient of `root`) and returns the gradients of `targets`
    /// (zeros for a target that `root` does not depend on).
    func run(root: Tensor, seed: Tensor, targets: [Tensor]) -> [Tensor] {
        precondition(seed.count == root.count, "seed of shape \(seed.shape) for an output of shape \(root.shape)")
        var targetOf: [ObjectIdentifier: Int] = [:]
        for (i, t) in targets.enumerated() { targetOf[ObjectIdentifier(t)] = i }
        sort(root: root, targetOf: targetOf)

        var results = [Tensor?](repeating: nil, count: targets.count)
        let body = {
            let rootSlot = self.tensors.count - 1
            self.accumulate(slot: rootSlot, seed.shape == root.shape ? seed : seed.reshaped(root.shape),
                            exclusive: false)
            for s in stride(from: self.tensors.count - 1, through: 0, by: -1) where self.needed[s] {
                let t = self.tensors[s]
                if self.targetIndex[s] >= 0, let g = self.grads[s] {
                    results[self.targetIndex[s]] = (self.createGraph || self.owned[s]) ? g : g.copy()
                }
                guard let node = t.node, let g = self.grads[s] else { continue }
                var anyInputNeeded = false
                for input in node.inputs {
                    if let j = self.slotOf[ObjectIdentifier(input)], self.needed[j] { anyInputNeeded = true; break }
                }
                self.grads[s] = nil
                if anyInputNeeded {
                    node.backward(BackwardContext(engine: self, node: node, output: t, gradient: g))
                }
            }
        }
        if createGraph { enableGrad(body) } else { noGrad(body) }
        return zip(results, targets).map { r, t in r ?? Tensor.zeros(t.shape) }
    }

    /// Iterative post-order walk: fills `tensors` (inputs first), `slotOf`, `needed`, `targetIndex`.
    private func sort(root: Tensor, targetOf: [ObjectIdentifier: Int]) {
        precondition(root.requiresGrad, "backward from a tensor that does not require a gradient")
        var stack: [(Tensor, Int)] = [(root, 0)]
        slotOf[ObjectIdentifier(root)] = -1
        while !stack.isEmpty {
            let (t, i) = stack[stack.count - 1]
            if let node = t.node, i < node.inputs.count {
                stack[stack.count - 1].1 = i + 1
                let input = node.inputs[i]
                let id = ObjectIdentifier(input)
                if input.requiresGrad && slotOf[id] == nil {
                    slotOf[id] = -1
                    stack.append((input, 0))
                }
                continue
            }
            stack.removeLast()
            let id = ObjectIdentifier(t)
            let slot = tensors.count
            slotOf[id] = slot
            tensors.append(t)
            let target = targetOf[id] ?? -1
            targetIndex.append(target)
            var need = target >= 0 || (intoLeaves && t.node == nil && t.leafRequiresGrad)
            if !need, let node = t.node {
                for input in node.inputs {
                    if let j = slotOf[ObjectIdentifier(input)], j >= 0, needed[j] { need = true; break }
                }
            }
            needed.append(need)
        }
        grads = [Tensor?](repeating: nil, count: tensors.count)
        owned = [Bool](repeating: false, count: tensors.count)
        leafBuffer = [Tensor?](repeating: nil, count: tensors.count)
        leafHasData = [Bool](repeating: false, count: tensors.count)
    }

    // MARK: - Accumulation

    func slot(of t: Tensor) -> Int? {
        guard let s = slotOf[ObjectIdentifier(t)], s >= 0, needed[s] else { return nil }
        return s
    }

    private func isLeafDestination(_ s: Int) -> Bool {
        intoLeaves && tensors[s].node == nil && tensors[s].leafRequiresGrad
    }

    /// The leaf's `.grad` buffer, fetched (and marked written) on first use.
    private func leafDestination(_ s: Int) -> (Tensor, hasData: Bool) {
        if let b = leafBuffer[s] { return (b, leafHasData[s]) }
        let (b, fresh) = tensors[s].gradientBuffer()
        leafBuffer[s] = b
        leafHasData[s] = !fresh
        return (b, !fresh)
    }

    /// Adds `g` to the gradient of slot `s`. `exclusive` promises that nobody else holds `g`, so the
    /// engine may write into it.
    func accumulate(slot s: Int, _ gIn: Tensor, exclusive: Bool) {
        let t = tensors[s]
        precondition(gIn.count == t.count, "gradient of shape \(gIn.shape) for a tensor of shape \(t.shape)")
        let g = gIn.shape == t.shape ? gIn : gIn.reshaped(t.shape)
        if isLeafDestination(s) && !createGraph {
            let (dst, hasData) = leafDestination(s)
            if hasData { Kernels.addInPlace(dst.pointer, g.pointer, g.count) } else {
                dst.pointer.update(from: g.pointer, count: g.count)
            }
            leafHasData[s] = true
            return
        }
        if createGraph {
            grads[s] = grads[s].map { $0 + g } ?? g
            return
        }
        if let existing = grads[s] {
            if owned[s] {
                Kernels.addInPlace(existing.pointer, g.pointer, g.count)
            } else if exclusive {
                Kernels.addInPlace(g.pointer, existing.pointer, g.count)
                grads[s] = g; owned[s] = true
            } else {
                let sum = Tensor(uninitialized: t.shape)
                Kernels.add(existing.pointer, g.pointer, sum.pointer, g.count)
                grads[s] = sum; owned[s] = true
            }
        } else {
            grads[s] = g; owned[s] = exclusive
        }
    }

    /// Adds `alpha * op(a) * op(b)` to the gradient of slot `s`.
    func accumulateProduct(slot s: Int, _ a: Tensor, transposeA: Bool, _ b: Tensor, transposeB: Bool,
                           alpha: Float) {
        if createGraph {
            var p = matmul(a, b, transposeA: transposeA, transposeB: transposeB)
            if alpha != 1 { p = p * alpha }
            accumulate(slot: s, p, exclusive: true)
            return
        }
        let t = tensors[s]
        if isLeafDestination(s) {
            let (dst, hasData) = leafDestination(s)
            Kernels.gemm(a, transposeA: transposeA, b, transposeB: transposeB, into: dst.pointer, alpha: alpha,
                         beta: hasData ? 1 : 0)
            leafHasData[s] = true
            return
        }
        if let existing = grads[s], owned[s] {
            Kernels.gemm(a, transposeA: transposeA, b, transposeB: transposeB, into: existing.pointer,
                         alpha: alpha, beta: 1)
            return
        }
        let p = Tensor(uninitialized: t.shape)
        Kernels.gemm(a, transposeA: transposeA, b, transposeB: transposeB, into: p.pointer, alpha: alpha, beta: 0)
        accumulate(slot: s, p, exclusive: true)
    }

    /// Lets `write` add a contribution straight into the gradient sum of slot `s` (first order only). It
    /// receives a buffer of the tensor's element count and whether that buffer already holds a sum to add
    /// to; when it does not, `write` must set every element.
    func accumulateInPlace(slot s: Int, _ write: (UnsafeMutablePointer<Float>, _ accumulate: Bool) -> Void) {
        precondition(!createGraph, "accumulateInPlace writes raw buffers; a recorded (createGraph) pass cannot use it")
        if isLeafDestination(s) {
            let (dst, hasData) = leafDestination(s)
            write(dst.pointer, hasData)
            leafHasData[s] = true
            return
        }
        if let existing = grads[s], owned[s] {
            write(existing.pointer, true)
            return
        }
        let p = Tensor(uninitialized: tensors[s].shape)
        write(p.pointer, false)
        accumulate(slot: s, p, exclusive: true)
    }

    /// Adds the column sums of `g` (a `rows x n` matrix) to the gradient of slot `s` (n elements).
    func accumulateColumnSums(slot s: Int, _ g: Tensor) {
        if createGraph {
            accumulate(slot: s, g.sum(axis: 0), exclusive: true)
            return
        }
        let t = tensors[s]
        precondition(t.count == g.cols, "column sums of \(g.shape) for a tensor of shape \(t.shape)")
        if isLeafDestination(s) {
            let (dst, hasData) = leafDestination(s)
            Kernels.columnSums(g.pointer, rows: g.rows, cols: g.cols, into: dst.pointer, accumulate: hasData)
            leafHasData[s] = true
            return
        }
        if let existing = grads[s], owned[s] {
            Kernels.columnSums(g.pointer, rows: g.rows, cols: g.cols, into: existing.pointer, accumulate: true)
            return
        }
        let p = Tensor(uninitialized: t.shape)
        Kernels.columnSums(g.pointer, rows: g.rows, cols: g.cols, into: p.pointer, accumulate: false)
        accumulate(slot: s, p, exclusive: true)
    }
}
