import SynthMath
import SynthNN

/// FedAvg (McMahan et al. 2017) of a ``FederatedModel``: every client starts each round from the global
/// weights, trains its local epochs (the method's epochs spread over the rounds, ``FederationPlan``) on its
/// own rows through the model's usual training (the shared ``EpochLoop``, fresh optimiser state each round), and the round ends with the global weights set to the
/// clients' average weighted by their row counts. Parameters and buffers (BatchNorm's running statistics)
/// are averaged alike.
///
/// Privacy (dpgan, dp-ctgan): each client runs DP-SGD on its own rows; its noise is calibrated over all
/// its rounds and its accountant carries over from round to round (RDP composition of the client's steps,
/// sample rate `batch / n_k`). A row lives on one client only, so the clients' guarantees compose in
/// parallel: the run's epsilon is the largest client's. Averaging is post-processing.
struct FederatedAveraging {
    let request: FederatedRequest

    /// The training stream of `client` in `round`.
    static func clientStream(_ training: RandomStream, client: Int, round: Int) -> RandomStream {
        training.derived("client \(client)").derived("round \(round)")
    }

    /// The row-weighted average of the clients' states (`states[client][tensor]`), accumulated in Double.
    static func average(_ states: [[[Float]]], rows: [Int]) -> [[Float]] {
        precondition(states.count == rows.count && !states.isEmpty, "one state per client")
        let total = Double(rows.reduce(0, +))
        let weights = rows.map { Double($0) / total }
        return states[0].indices.map { t in
            var sum = [Double](repeating: 0, count: states[0][t].count)
            for (state, w) in zip(states, weights) where w > 0 {
                for (j, x) in state[t].enumerated() { sum[j] += w * Double(x) }
            }
            return sum.map { Float($0) }
        }
    }

    /// Trains `clients` rounds and returns the server model (the averaged weights, its condition sampler on
    /// the pooled frequencies) and what happened. `makeModel` builds a model with the initial weights.
    func train<Model: FederatedModel>(on data: EncodedTable, layout: TabularLayout, context: SynthesisContext,
                                         partitionStream: RandomStream, training: RandomStream,
                                         makeModel: () -> Model) throws -> (server: Model, record: FederatedRecord) {
        let partition = try ClientPartition(request, data: data, layout: layout, rng: partitionStream)
        let active = partition.clients.indices.filter { !partition.clients[$0].isEmpty }
        let rows = active.map { partition.clients[$0].count }
        let server = makeModel()
        let clients = active.map { _ in makeModel() }
        let clientData = active.map { data.rows(partition.clients[$0]) }
        for client in clients { client.federationPlan = FederationPlan(rounds: request.rounds, totalRows: data.rowCount) }
        var record = FederatedRecord(request: request, clientRows: partition.clients.map(\.count))
        for round in 0..<request.rounds {
            let global = server.federatedState.map { $0.toArray() }
            var states: [[[Float]]] = []
            var histories: [TrainingHistory] = []
            for (i, client) in clients.enumerated() {
                for (t, v) in zip(client.federatedState, global) { t.assign(v) }
                var rng = Self.clientStream(training, client: active[i], round: round)
                try client.train(on: clientData[i], context: context, rng: &rng)
                states.append(client.federatedState.map { $0.toArray() })
                histories.append(client.history)
            }
            for (t, v) in zip(server.federatedState, Self.average(states, rows: rows)) { t.assign(v) }
            record.addRound(histories, rows: rows)
        }
        try server.prepareSampler(on: data, trainingRows: nil)
        record.privacy = FederatedRecord.composed(clients.compactMap(\.privacyReport), request: request)
        return (server, record)
    }
}
