extension Tensor {
    /// Records this tensor, computed outside the tape from `input`, as a differentiable function of `input`
    /// whose backward pass is `pullback`: given the gradient of the objective with respect to this tensor
    /// (same shape), it returns the gradient with respect to `input` (the vector-Jacobian product, shape of
    /// `input`). This is the hook for operations whose derivative is derived by hand, such as CTGAN's critic
    /// seen as a function of its input during the generator's update.
    ///
    /// The pullback must return a tensor that nothing else holds (the engine may add later contributions
    /// into it in place), and must stay valid until the backward pass has run. First order only: a
    /// pullback's result is not itself recorded, so a `createGraph` pass through this node stops with a
    /// precondition failure rather than returning a gradient that silently ignores second-order terms.
    ///
    /// Returns `self`, which must be a fresh leaf (not already part of a recorded graph). Nothing is
    /// recorded when `input` does not require a gradient or recording is off (``noGrad(_:)``).
    @discardableResult
    public func recordingPullback(of input: Tensor, _ pullback: @escaping (Tensor) -> Tensor) -> Tensor {
        precondition(isLeaf && !leafRequiresGrad, "recordingPullback: the output must be a fresh, untracked tensor")
        return recorded("handDerived", [input]) { ctx in
            precondition(!ctx.createGraph, "a hand-derived function has a first-order pullback only (no double backward)")
            let g = pullback(ctx.gradient)
            precondition(g.count == input.count, "pullback returned \(g.shape) for an input of shape \(input.shape)")
            ctx.accumulate(0, g, exclusive: true)
        }
    }
}
