/// What a federated fit did, for the result's fit notes (`federated`) and its privacy report.
struct FederatedRecord {
    let request: FederatedRequest
    /// Rows per client, empty clients included (they take no part).
    let clientRows: [Int]
    /// Per round: the clients' row-weighted mean of each loss over their local epochs.
    var roundLosses: [String: [Double]] = [:]
    /// Per round: the local epochs each active client ran (a DP client out of budget runs none).
    var localEpochs: [[Int]] = []
    /// The clients' DP-SGD reports composed (nil without DP).
    var privacy: PrivacyReport?

    init(request: FederatedRequest, clientRows: [Int]) { self.request = request; self.clientRows = clientRows }

    mutating func addRound(_ histories: [TrainingHistory], rows: [Int]) {
        localEpochs.append(histories.map(\.epochsRun))
        let names = Set(histories.flatMap { $0.losses.keys })
        for name in names {
            var sum = 0.0, weight = 0.0
            for (h, n) in zip(histories, rows) {
                guard let values = h.losses[name], !values.isEmpty else { continue }
                sum += Double(n) * values.reduce(0, +) / Double(values.count)
                weight += Double(n)
            }
            roundLosses[name, default: []].append(weight > 0 ? sum / weight : .nan)
        }
    }

    var note: NoteValue {
        var o: [String: NoteValue] = [
            "clients": .number(Double(request.clients)), "rounds": .number(Double(request.rounds)),
            "partition": .string(request.partitionText), "client_rows": .numbers(clientRows.map(Double.init)),
            "local_epochs": .numbers(localEpochs.flatMap { $0.map(Double.init) }),
            "aggregation": .string("FedAvg: row-weighted mean of every parameter and buffer after each round"),
        ]
        if let column = request.column { o["column"] = .string(column) }
        for (name, values) in roundLosses { o["round_loss_\(name)"] = .numbers(values) }
        return .object(o)
    }

    /// The clients' reports as one: each client's accountant already composes its rounds (RDP); the clients
    /// hold disjoint rows, so their guarantees compose in parallel and the run's epsilon is the largest one.
    static func composed(_ reports: [PrivacyReport], request: FederatedRequest) -> PrivacyReport? {
        guard var worst = reports.max(by: { $0.epsilon < $1.epsilon }) else { return nil }
        worst.mechanism += "; federated over \(reports.count) clients: each client's rounds compose in its RDP "
            + "accountant, disjoint clients compose in parallel (epsilon = the largest client's)"
        worst.details["client_epsilons"] = .numbers(reports.map(\.epsilon))
        var inputs: [String] = []
        for r in reports { for i in r.nonPrivateInputs where !inputs.contains(i) { inputs.append(i) } }
        if let column = request.column { inputs.append("client partition by column '\(column)'") }
        inputs.append("the server's condition frequencies pooled over all clients (for sampling)")
        worst.nonPrivateInputs = inputs
        var releases: [String] = []
        for r in reports { for i in r.nonPrivateReleases where !releases.contains(i) { releases.append(i) } }
        worst.nonPrivateReleases = releases
        return worst
    }
}
