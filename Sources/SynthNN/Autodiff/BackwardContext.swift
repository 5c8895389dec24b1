/// What a node's backward function sees: the output it made, the gradient that output received, and
/// calls to send gradients to its inputs (by input position).
struct BackwardContext {
    unowned let engine: BackwardEngine
    let node: Node
    /// The tensor the node computed.
    let output: Tensor
    /// The gradient of the final output with respect to ``output``.
    let gradient: Tensor

    /// True when the gradients being built must themselves be recorded (double backward).
    var createGraph: Bool { engine.createGraph }

    /// Whether input `i` needs a gradient in this pass.
    func needsGradient(_ i: Int) -> Bool { engine.slot(of: node.inputs[i]) != nil }

    /// Sends `g` to input `i`. Pass `exclusive: true` only for a tensor made for this call alone (not the
    /// incoming gradient, nor a reshape or broadcast that may share its buffer): the engine may then add
    /// later contributions into it in place.
    func accumulate(_ i: Int, _ g: Tensor, exclusive: Bool = false) {
        guard let s = engine.slot(of: node.inputs[i]) else { return }
        engine.accumulate(slot: s, g, exclusive: exclusive)
    }

    /// Sends `alpha * op(a) * op(b)` to input `i` (written by sgemm into the running sum when possible).
    func accumulateProduct(_ i: Int, _ a: Tensor, transposeA: Bool = false, _ b: Tensor,
                           transposeB: Bool = false, alpha: Float = 1) {
        guard let s = engine.slot(of: node.inputs[i]) else { return }
        engine.accumulateProduct(slot: s, a, transposeA: transposeA, b, transposeB: transposeB, alpha: alpha)
    }

    /// Lets `write` add its contribution to input `i`'s gradient straight into the running sum, for
    /// gradients that are not one product of whole tensors (a product into a column block, a scatter).
    /// `write` gets a buffer of the input's element count and whether it already holds a sum to add to
    /// (when not, every element must be written). First order only: a `createGraph` pass needs recorded
    /// operations (see ``accumulateByReference(_:)``).
    func accumulateInPlace(_ i: Int, _ write: (UnsafeMutablePointer<Float>, _ accumulate: Bool) -> Void) {
        guard let s = engine.slot(of: node.inputs[i]) else { return }
        engine.accumulateInPlace(slot: s, write)
    }

    /// Sends the column sums of `g` to input `i` (a bias: one value per column).
    func accumulateColumnSums(_ i: Int, _ g: Tensor) {
        guard let s = engine.slot(of: node.inputs[i]) else { return }
        engine.accumulateColumnSums(slot: s, g)
    }
}

extension BackwardContext {
    /// Double-backward fallback for fused operations: rebuilds the operation from recorded elementary
    /// operations (`reference` maps the node's inputs to its output) and sends the gradients of that
    /// rebuilt function, themselves recorded, to the inputs.
    func accumulateByReference(_ reference: ([Tensor]) -> Tensor) {
        let inputs = node.inputs
        let wanted = inputs.indices.filter { needsGradient($0) }
        guard !wanted.isEmpty else { return }
        let rebuilt = enableGrad { reference(inputs) }
        let grads = gradients(of: rebuilt, withRespectTo: wanted.map { inputs[$0] }, seed: gradient,
                              createGraph: true)
        for (k, i) in wanted.enumerated() { accumulate(i, grads[k]) }
    }
}
