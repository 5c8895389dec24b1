/// Whether operations record the graph that gradients need.
///
/// Recording is on by default. Inside ``noGrad(_:)`` no operation records, so evaluation and sampling
/// allocate no graph and keep no intermediate tensors alive. The setting is task-local.
public enum GradMode {
    @TaskLocal public static var isEnabled: Bool = true
}

/// Runs `body` without recording gradients (PyTorch's `torch.no_grad()`).
@discardableResult
public func noGrad<R>(_ body: () throws -> R) rethrows -> R {
    try GradMode.$isEnabled.withValue(false, operation: body)
}

/// Runs `body` with gradient recording on (inside an enclosing ``noGrad(_:)``).
@discardableResult
public func enableGrad<R>(_ body: () throws -> R) rethrows -> R {
    try GradMode.$isEnabled.withValue(true, operation: body)
}
