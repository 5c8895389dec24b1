import SynthCore
import Synthesizers

/// The grid's `federated` key: one federated training or a list of them and nulls (null: centralised),
/// `{"clients": K, "rounds": R, "partition": "iid" | "dirichlet(ALPHA)" | "by-column", "column": NAME}`.
extension ExperimentSpecDecoder {
    func decodeFederated(_ value: JSONValue?, methods: [String],
                         backends: [GridBackend]) throws(ExperimentSpecError) -> [FederatedRequest?] {
        guard let value, value != .null else { return [nil] }
        var entries = [value], listed = false
        if case .array(let a) = value { entries = a; listed = true }
        guard !entries.isEmpty else {
            throw fail("federated", "expected a federated training object or a non-empty list of them (null for centralised)")
        }
        let requests = try entries.enumerated().map { i, x throws(ExperimentSpecError) -> FederatedRequest? in
            try federatedRequest(x, listed ? "federated[\(i)]" : "federated")
        }
        if validatingMethods, requests.contains(where: { $0 != nil }),
           !methods.contains(where: { m in backends.contains { ExperimentSpec.trainsFederated(m, on: $0) } }) {
            throw fail("federated", "none of the spec's methods (\(methods.joined(separator: ", "))) trains federated; "
                + "the neural generators on encoded rows do (ctgan, tvae, dpgan, dp-ctgan, adsgan)")
        }
        return requests
    }

    func federatedRequest(_ x: JSONValue, _ path: String) throws(ExperimentSpecError) -> FederatedRequest? {
        if x == .null { return nil }
        let e = try reader.object(x, path)
        try reader.checkKeys(e, allowed: ["clients", "rounds", "partition", "column"], at: path)
        guard let c = e["clients"] else { throw fail("\(path).clients", "missing; give the number of clients") }
        guard let r = e["rounds"] else { throw fail("\(path).rounds", "missing; give the number of rounds") }
        let clients = try reader.int(c, "\(path).clients", 1...100_000)
        let rounds = try reader.int(r, "\(path).rounds", 1...1_000_000)
        let column = try e["column"].map { v throws(ExperimentSpecError) in try reader.string(v, "\(path).column") }
        let text = try e["partition"].map { v throws(ExperimentSpecError) in try reader.string(v, "\(path).partition") } ?? "iid"
        do throws(SynthesisError) {
            let partition = try FederatedRequest.parsePartition(text)
            return try FederatedRequest(clients: clients, rounds: rounds, partition: partition, column: column).validated()
        } catch {
            throw fail(path, error.description)
        }
    }
}

extension ExperimentSpec {
    static func json(_ f: FederatedRequest) -> JSONValue {
        var o: [String: JSONValue] = ["clients": .number(Double(f.clients)), "rounds": .number(Double(f.rounds)),
                                      "partition": .string(f.partitionText)]
        if let column = f.column { o["column"] = .string(column) }
        return .object(o)
    }
}
