/// What a federated client's training needs to know about the federation: how many rounds it trains in and
/// how many rows the whole table has. Set on a model by ``FederatedAveraging``; nil for centralised training.
public struct FederationPlan: Sendable, Equatable {
    public let rounds: Int
    /// The whole table's rows (a row-count delta resolves on them, not on the client's rows).
    public let totalRows: Int

    /// The local epochs of one round: the method's `epochs` spread over the rounds (rounded up), so a
    /// federated fit passes over every row as often as a centralised fit of the same `epochs`.
    public func localEpochs(_ epochs: Int) -> Int { Swift.max((epochs + rounds - 1) / rounds, 1) }
}
