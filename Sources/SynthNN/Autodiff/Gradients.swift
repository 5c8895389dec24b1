extension Tensor {
    /// Backpropagates from this tensor and adds the gradient to the ``grad`` of every leaf that
    /// ``requiresGrad`` (PyTorch's `loss.backward()`; gradients accumulate until ``zeroGrad()``).
    ///
    /// - Parameter seed: the gradient of the final objective with respect to this tensor; defaults to one
    ///   for a one-element tensor and must be given otherwise.
    public func backward(seed: Tensor? = nil) {
        precondition(seed != nil || count == 1, "backward() without a seed needs a one-element tensor, not \(shape)")
        let engine = BackwardEngine(createGraph: false, intoLeaves: true)
        _ = engine.run(root: self, seed: seed ?? Tensor.ones(shape), targets: [])
    }
}

/// The gradients of `output` with respect to each of `inputs` (PyTorch's `torch.autograd.grad`).
///
/// `.grad` fields are left untouched. With `createGraph` the returned gradients are recorded tensors, so a
/// function of them (a gradient penalty) can itself be backpropagated to the parameters (double backward).
/// An input that `output` does not depend on gets zeros.
///
/// - Parameter seed: the gradient with respect to `output` (PyTorch's `grad_outputs`); ones by default.
public func gradients(of output: Tensor, withRespectTo inputs: [Tensor], seed: Tensor? = nil,
                      createGraph: Bool = false) -> [Tensor] {
    let engine = BackwardEngine(createGraph: createGraph, intoLeaves: false)
    return engine.run(root: output, seed: seed ?? Tensor.ones(output.shape), targets: inputs)
}
