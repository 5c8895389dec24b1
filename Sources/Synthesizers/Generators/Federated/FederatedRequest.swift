import Foundation

/// A request to train a neural generator by federated averaging (FedAvg, McMahan et al. 2017): the table's
/// rows split into `clients` disjoint partitions, `rounds` rounds of local training on every client from
/// the current global weights, each round ending with the row-weighted average of the clients' weights.
/// `--federated clients=K,rounds=R,partition=P[,column=C]` on `generate`, `federated` in grid specs.
public struct FederatedRequest: Sendable, Hashable, Codable, CustomStringConvertible {
    /// How the rows are split among the clients.
    public enum Partition: Sendable, Hashable {
        /// Uniformly at random, sizes as equal as possible.
        case iid
        /// Sizes (or, with a `column`, each category's share per client: label skew) drawn from a symmetric
        /// Dirichlet(`alpha`); small alpha gives very unequal, skewed clients.
        case dirichlet(alpha: Double)
        /// Whole categories of `column` per client (a site or region column): the categories, largest first,
        /// each go to the client with the fewest rows so far.
        case byColumn
    }

    public var clients: Int
    public var rounds: Int
    public var partition: Partition
    /// The discrete column `by-column` groups by and `dirichlet` skews (optional there; unused for iid).
    public var column: String?

    public init(clients: Int, rounds: Int, partition: Partition = .iid, column: String? = nil) {
        self.clients = clients; self.rounds = rounds; self.partition = partition; self.column = column
    }

    /// The partition as written: `iid`, `dirichlet(0.5)`, `by-column`.
    public var partitionText: String {
        switch partition {
        case .iid: "iid"
        case .dirichlet(let alpha): "dirichlet(\(Self.number(alpha)))"
        case .byColumn: "by-column"
        }
    }

    /// `clients=K,rounds=R,partition=P[,column=C]`, the form ``parse(_:)`` reads.
    public var description: String {
        "clients=\(clients),rounds=\(rounds),partition=\(partitionText)" + (column.map { ",column=\($0)" } ?? "")
    }

    /// The grid cell id's suffix, e.g. `fed-k4-r5-iid`, `fed-k4-r5-dirichlet0.5-income`.
    public var idSuffix: String {
        let p: String = switch partition {
        case .iid: "iid"
        case .dirichlet(let alpha): "dirichlet\(Self.number(alpha))"
        case .byColumn: "by-column"
        }
        return "fed-k\(clients)-r\(rounds)-\(p)" + (column.map { "-\($0)" } ?? "")
    }

    private static func number(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
    }

    /// Checks the request's values; `key` names where they came from in errors.
    public func validated() throws(SynthesisError) -> FederatedRequest {
        guard clients >= 1 else { throw Self.invalid("clients", "\(clients)", "must be at least 1") }
        guard rounds >= 1 else { throw Self.invalid("rounds", "\(rounds)", "must be at least 1") }
        switch partition {
        case .iid:
            if let column { throw Self.invalid("column", column, "is only used by partition=by-column or dirichlet(alpha)") }
        case .dirichlet(let alpha):
            guard alpha > 0, alpha.isFinite else { throw Self.invalid("partition", partitionText, "alpha must be positive and finite") }
        case .byColumn:
            guard column != nil else { throw Self.invalid("column", "", "partition=by-column needs column=NAME (a discrete column)") }
        }
        return self
    }

    static func invalid(_ name: String, _ value: String, _ requirement: String) -> SynthesisError {
        .invalidParameter(method: "federated", name: name, value: value, requirement: requirement)
    }

    /// Reads `iid`, `dirichlet(ALPHA)` or `by-column`.
    public static func parsePartition(_ text: String) throws(SynthesisError) -> Partition {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t == "iid" { return .iid }
        if t == "by-column" { return .byColumn }
        if t.hasPrefix("dirichlet("), t.hasSuffix(")") {
            let inner = t.dropFirst("dirichlet(".count).dropLast()
            guard let alpha = Double(inner) else { throw invalid("partition", t, "write dirichlet(ALPHA) with a number ALPHA") }
            return .dirichlet(alpha: alpha)
        }
        throw invalid("partition", t, "must be iid, dirichlet(ALPHA) or by-column")
    }

    /// Parses `clients=K,rounds=R[,partition=iid|dirichlet(ALPHA)|by-column][,column=NAME]` (partition iid
    /// by default).
    public static func parse(_ text: String) throws(SynthesisError) -> FederatedRequest {
        var clients: Int? = nil, rounds: Int? = nil, partition = Partition.iid, column: String? = nil
        for part in text.split(separator: ",", omittingEmptySubsequences: true) {
            let kv = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard kv.count == 2 else {
                throw invalid(String(part), "", "write clients=K,rounds=R[,partition=P][,column=NAME]")
            }
            switch kv[0] {
            case "clients":
                guard let v = Int(kv[1]) else { throw invalid("clients", kv[1], "must be an integer") }
                clients = v
            case "rounds":
                guard let v = Int(kv[1]) else { throw invalid("rounds", kv[1], "must be an integer") }
                rounds = v
            case "partition": partition = try parsePartition(kv[1])
            case "column": column = kv[1]
            default: throw invalid(kv[0], kv[1], "unknown key; use clients, rounds, partition, column")
            }
        }
        guard let clients else { throw invalid("clients", text, "is required (clients=K)") }
        guard let rounds else { throw invalid("rounds", text, "is required (rounds=R)") }
        return try FederatedRequest(clients: clients, rounds: rounds, partition: partition, column: column).validated()
    }

    enum CodingKeys: String, CodingKey { case clients, rounds, partition, column }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let text = try c.decodeIfPresent(String.self, forKey: .partition) ?? "iid"
        do {
            self = try FederatedRequest(clients: try c.decode(Int.self, forKey: .clients),
                                        rounds: try c.decode(Int.self, forKey: .rounds),
                                        partition: try Self.parsePartition(text),
                                        column: try c.decodeIfPresent(String.self, forKey: .column)).validated()
        } catch let error as SynthesisError {
            throw DecodingError.dataCorruptedError(forKey: .partition, in: c, debugDescription: error.description)
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(clients, forKey: .clients)
        try c.encode(rounds, forKey: .rounds)
        try c.encode(partitionText, forKey: .partition)
        try c.encodeIfPresent(column, forKey: .column)
    }
}
