/// Records operations defined outside SynthNN: a fused kernel computes its output (and usually its
/// analytic gradient) in one pass over raw buffers, then attaches a backward function here so that the
/// tape differentiates through it like a built-in operation.
///
/// The backward function runs with recording off and sees ``Backward``. It serves first-order passes
/// (`backward()`, `gradients(of:withRespectTo:)`); a double-backward pass (`createGraph: true`) uses the
/// `reference` closure, which rebuilds the operation from recorded elementary operations, and stops with
/// a precondition failure when the operation has none.
public enum CustomOperation {
    /// What a custom operation's backward function sees.
    public struct Backward {
        let context: BackwardContext

        /// The gradient of the final objective with respect to the operation's output (its shape).
        public var gradient: Tensor { context.gradient }
        /// The tensor the operation computed.
        public var output: Tensor { context.output }

        /// Whether input `i` needs a gradient in this pass (skip computing the others).
        public func needsGradient(_ i: Int) -> Bool { context.needsGradient(i) }

        /// Adds `g` (the input's element count) to the gradient of input `i`. Pass `exclusive: true` only
        /// for a tensor made for this call alone and not kept by the operation: the engine may then add
        /// later contributions into it in place. A tensor the operation keeps (a gradient computed in the
        /// forward pass, sent again if the graph is backpropagated twice) must go with `exclusive: false`.
        public func accumulate(_ i: Int, _ g: Tensor, exclusive: Bool = false) {
            context.accumulate(i, g, exclusive: exclusive)
        }
    }

    /// Whether an operation on `inputs` made now is recorded: recording is on and an input requires a
    /// gradient. A fused kernel skips its gradient work when this is false.
    public static func isRecorded(_ inputs: [Tensor]) -> Bool {
        guard GradMode.isEnabled else { return false }
        for t in inputs where t.requiresGrad { return true }
        return false
    }

    /// Records `output` as computed from `inputs` by the operation `name`, when ``isRecorded(_:)``; returns
    /// `output` either way. `output` must be a fresh tensor not yet part of a graph.
    ///
    /// - Parameters:
    ///   - reference: the same function of the inputs written with recorded SynthNN operations, used only
    ///     for double backward; nil for an operation that supports first-order gradients only.
    ///   - backward: sends the inputs' gradients through ``Backward/accumulate(_:_:exclusive:)``. It must
    ///     not capture `output` (read ``Backward/output`` instead): the output holds the node that holds the
    ///     closure, and the cycle would keep the whole graph alive.
    @discardableResult
    public static func record(_ output: Tensor, name: StaticString, inputs: [Tensor],
                              reference: (([Tensor]) -> Tensor)? = nil,
                              backward: @escaping (Backward) -> Void) -> Tensor {
        precondition(output.isLeaf && !output.leafRequiresGrad,
                     "CustomOperation \(name): the output must be a fresh tensor, not part of a graph")
        return output.recorded(name, inputs) { ctx in
            if ctx.createGraph {
                guard let reference else {
                    preconditionFailure("CustomOperation \(name) has a first-order gradient only; double backward "
                                        + "(createGraph) needs its reference formulation")
                }
                ctx.accumulateByReference(reference)
                return
            }
            backward(Backward(context: ctx))
        }
    }
}

extension Tensor {
    /// A tensor with undefined contents, for kernels that write every element.
    public static func uninitialized(_ shape: TensorShape) -> Tensor { Tensor(uninitialized: shape) }
}
