extension Table {
    /// The rows of `parts` one table after another (same column names and kinds; categorical levels are
    /// merged by text in order of first appearance).
    public static func concatenating(_ parts: [Table]) -> Table {
        guard let first = parts.first else { return try! Table(columns: []) }
        if parts.count == 1 { return first }
        var columns: [Column] = []
        for (c, template) in first.columns.enumerated() {
            let pieces = parts.map { $0.columns[c] }
            let missing = pieces.flatMap(\.missing)
            switch template.values {
            case .numerical:
                columns.append(Column(name: template.name, values: .numerical(pieces.flatMap { p -> [Double] in
                    if case .numerical(let v) = p.values { return v }; preconditionFailure("kind mismatch") }), missing: missing))
            case .integer:
                columns.append(Column(name: template.name, values: .integer(pieces.flatMap { p -> [Int] in
                    if case .integer(let v) = p.values { return v }; preconditionFailure("kind mismatch") }), missing: missing))
            case .boolean:
                columns.append(Column(name: template.name, values: .boolean(pieces.flatMap { p -> [Bool] in
                    if case .boolean(let v) = p.values { return v }; preconditionFailure("kind mismatch") }), missing: missing))
            case .datetime(_, let format):
                columns.append(Column(name: template.name, values: .datetime(seconds: pieces.flatMap { p -> [Double] in
                    if case .datetime(let v, _) = p.values { return v }; preconditionFailure("kind mismatch") }, format: format),
                    missing: missing))
            case .categorical(_, let levels0):
                var levels = levels0
                var index = Dictionary(levels0.enumerated().map { ($1, Int32($0)) }, uniquingKeysWith: { a, _ in a })
                var codes: [Int32] = []
                for p in pieces {
                    guard case .categorical(let pc, let pl) = p.values else { preconditionFailure("kind mismatch") }
                    if pl == levels0 { codes.append(contentsOf: pc); continue }
                    let map: [Int32] = pl.map { level in
                        if let k = index[level] { return k }
                        let k = Int32(levels.count); levels.append(level); index[level] = k; return k
                    }
                    codes.append(contentsOf: pc.map { $0 < 0 ? -1 : map[Int($0)] })
                }
                columns.append(Column(name: template.name, values: .categorical(codes: codes, levels: levels), missing: missing))
            }
        }
        return try! Table(columns: columns)
    }
}
