import SynthMath

extension Table {
    /// The table at `rows` rows, for scale runs (`adult@976830`, `bench scale`): fewer rows are a seeded
    /// subsample without replacement (row order kept); more rows are the whole table repeated ⌊rows/n⌋
    /// times followed by a seeded subsample of the remaining `rows mod n` rows. So `adult@976830` is adult
    /// repeated exactly 30 times, and no row is copied more often than the repetition needs.
    public func resized(toRows rows: Int, seed: UInt64) -> Table {
        precondition(rows >= 0, "a table cannot have \(rows) rows")
        let n = rowCount
        guard n > 0, rows != n else { return self }
        var rng = RandomStream(seed: seed).derived("resize")
        let rest = Array(rng.permutation(n).prefix(rows % n)).sorted()
        let copies = rows / n
        guard copies > 0 else { return selectingRows(rest) }
        var indices: [Int] = []
        indices.reserveCapacity(rows)
        for _ in 0..<copies { indices.append(contentsOf: 0..<n) }
        indices.append(contentsOf: rest)
        return selectingRows(indices)
    }
}
