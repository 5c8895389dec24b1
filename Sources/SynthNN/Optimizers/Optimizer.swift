/// Updates parameters from their gradients. `step()` skips parameters whose gradient is nil, as PyTorch
/// does (their state does not advance either).
public protocol Optimizer: AnyObject {
    /// The parameters updated, in order.
    var parameters: [Tensor] { get }
    /// The learning rate (a Python float in PyTorch: kept in Double, cast where PyTorch casts).
    var learningRate: Double { get set }
    /// One update from the current gradients.
    func step()
}

extension Optimizer {
    /// Forgets every parameter's gradient (PyTorch's `zero_grad()`, which sets them to None), keeping
    /// the buffers for the next backward pass to write into.
    public func zeroGrad() { for p in parameters { p.zeroGrad() } }
}
