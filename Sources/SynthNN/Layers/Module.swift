/// The base of every layer and model: owns parameters (leaf tensors that require gradients), buffers
/// (state that is not trained, such as BatchNorm's running statistics) and child modules, and a training
/// flag that layers such as Dropout and BatchNorm read.
///
/// Subclasses list their own tensors and children by overriding ``ownParameters``, ``ownBuffers`` and
/// ``children``; everything else (collecting, switching modes, snapshots) follows from those.
open class Module {
    /// Whether the module is in training mode (the default), as PyTorch's `module.training`.
    public private(set) var isTraining = true

    public init() {}

    /// Parameters held directly by this module.
    open var ownParameters: [Tensor] { [] }
    /// Non-trained state held directly by this module.
    open var ownBuffers: [Tensor] { [] }
    /// Direct sub-modules.
    open var children: [Module] { [] }

    /// Every parameter of this module and its descendants, each once, in a stable order (own first, then
    /// children depth-first).
    public func parameters() -> [Tensor] { collect { $0.ownParameters } }

    /// Every buffer of this module and its descendants, each once.
    public func buffers() -> [Tensor] { collect { $0.ownBuffers } }

    private func collect(_ pick: (Module) -> [Tensor]) -> [Tensor] {
        var seen = Set<ObjectIdentifier>()
        var out: [Tensor] = []
        func visit(_ m: Module) {
            for t in pick(m) where seen.insert(ObjectIdentifier(t)).inserted { out.append(t) }
            for c in m.children { visit(c) }
        }
        visit(self)
        return out
    }

    /// The number of trainable scalars.
    public var parameterCount: Int { parameters().reduce(0) { $0 + $1.count } }

    /// Sets training mode on this module and all descendants.
    public func train(_ on: Bool = true) {
        isTraining = on
        for c in children { c.train(on) }
    }

    /// Sets evaluation mode (``train(_:)`` with false).
    public func eval() { train(false) }

    /// Forgets every parameter's gradient (keeping the buffers for reuse).
    public func zeroGrad() { for p in parameters() { p.zeroGrad() } }

    /// A copy of every parameter and buffer, to restore later (keeping the best model seen during early
    /// stopping, as synthcity does).
    public func snapshot() -> ModuleSnapshot {
        ModuleSnapshot(values: (parameters() + buffers()).map { $0.toArray() })
    }

    /// Restores the values of a snapshot taken from this module (or one of identical structure).
    public func restore(_ snapshot: ModuleSnapshot) {
        let tensors = parameters() + buffers()
        precondition(tensors.count == snapshot.values.count,
                     "snapshot has \(snapshot.values.count) tensors, module has \(tensors.count)")
        for (t, v) in zip(tensors, snapshot.values) { t.assign(v) }
    }
}

/// The values of a module's parameters and buffers at one moment.
public struct ModuleSnapshot: Sendable, Equatable {
    public let values: [[Float]]
}
