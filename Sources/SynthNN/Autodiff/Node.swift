/// Computes the gradients of a node's inputs from the gradient of its output.
///
/// A backward function is written with differentiable tensor operations and ``BackwardContext``'s
/// accumulate calls. The engine runs it with recording off for a first-order pass, and with recording on
/// when `createGraph` is asked for: the gradients it produces are then themselves recorded tensors that can
/// be differentiated again (double backward).
typealias BackwardFunction = (BackwardContext) -> Void

/// One recorded operation: its inputs and how to send a gradient back to them.
final class Node {
    let name: StaticString
    let inputs: [Tensor]
    let backward: BackwardFunction

    init(name: StaticString, inputs: [Tensor], backward: @escaping BackwardFunction) {
        self.name = name
        self.inputs = inputs
        self.backward = backward
    }
}

extension Tensor {
    /// Attaches a node to `result` when any input requires a gradient and recording is on.
    @inline(__always)
    @discardableResult
    func recorded(_ name: StaticString, _ inputs: [Tensor], _ backward: @escaping BackwardFunction) -> Tensor {
        var any = false
        for t in inputs where t.requiresGrad { any = true; break }
        if any && GradMode.isEnabled { node = Node(name: name, inputs: inputs, backward: backward) }
        return self
    }
}
