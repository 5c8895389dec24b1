import SynthMath

/// The clients' rows of a federated fit: disjoint, covering every row of the encoded table, each client's
/// rows ascending (so one client holds exactly the table). Drawn from `rng`; column-based partitions read
/// the category of a discrete column in every row (a read of the raw data that the run lists).
struct ClientPartition: Equatable {
    /// Row indices per client; a client the partition left empty is kept (with no rows).
    let clients: [[Int]]

    init(clients: [[Int]]) { self.clients = clients }

    init(_ request: FederatedRequest, data: EncodedTable, layout: TabularLayout, rng: RandomStream) throws(SynthesisError) {
        var rng = rng
        let k = request.clients, n = data.rowCount
        let groups = try request.column.map { name throws(SynthesisError) in try Self.categoryGroups(name, data, layout) }
        var out = [[Int]](repeating: [], count: k)
        switch request.partition {
        case .iid:
            // Contiguous slices of a random permutation, the first n mod k clients one row longer.
            let order = rng.permutation(n)
            var start = 0
            for c in 0..<k {
                let size = n / k + (c < n % k ? 1 : 0)
                out[c] = Array(order[start..<(start + size)])
                start += size
            }
        case .dirichlet(let alpha):
            // Per group (the whole table without a column): client shares ~ Dirichlet(alpha), the group's rows
            // shuffled and cut at the cumulative shares.
            for group in groups ?? [Array(0..<n)] {
                let shares = rng.nextDirichlet(Array(repeating: alpha, count: k))
                var rows = group
                rng.shuffle(&rows)
                var cumulative = 0.0, start = 0
                for c in 0..<k {
                    cumulative += shares[c]
                    let end = c == k - 1 ? rows.count : min(rows.count, Int((cumulative * Double(rows.count)).rounded()))
                    out[c] += rows[start..<max(start, end)]
                    start = max(start, end)
                }
            }
        case .byColumn:
            let groups = groups!
            guard groups.count >= k else {
                throw FederatedRequest.invalid("clients", "\(k)", "column '\(request.column!)' has \(groups.count) categories; by-column needs at least one per client")
            }
            // Largest category first, each to the client with the fewest rows (lowest index on ties).
            var sizes = [Int](repeating: 0, count: k)
            for group in groups.enumerated().sorted(by: { ($0.element.count, -$0.offset) > ($1.element.count, -$1.offset) }) {
                let c = sizes.indices.min { (sizes[$0], $0) < (sizes[$1], $1) }!
                out[c] += group.element
                sizes[c] += group.element.count
            }
        }
        clients = out.map { $0.sorted() }
    }

    /// The rows of each category of the discrete column `name` (categories in code order, then the rows with
    /// an unseen category as one more group), empty categories left out.
    static func categoryGroups(_ name: String, _ data: EncodedTable, _ layout: TabularLayout) throws(SynthesisError) -> [[Int]] {
        let discrete = data.frequencies.map { layout.columnNames[$0.span.column] }
        guard let index = discrete.firstIndex(of: name) else {
            throw FederatedRequest.invalid("column", name, "must be a discrete column the generator models; "
                                           + "discrete columns: \(discrete.joined(separator: ", "))")
        }
        let f = data.frequencies[index]
        var seen = [Bool](repeating: false, count: data.rowCount)
        var groups: [[Int]] = (0..<f.span.width).map { c in
            let rows = Array(f.rows(ofCategory: c))
            for r in rows { seen[r] = true }
            return rows
        }
        groups.append(seen.indices.filter { !seen[$0] })
        return groups.filter { !$0.isEmpty }
    }
}
