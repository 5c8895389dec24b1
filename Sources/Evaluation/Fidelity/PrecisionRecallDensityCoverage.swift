import SynthMath

/// Precision, recall, density and coverage of Naeem et al. (2020) as SynthCity's `prdc` computes them
/// (`PRDCScore._compute_prdc`, `nearest_k = 5`), with Euclidean distances between rows. A real row's
/// radius is the distance to its k-th nearest other real row (the (k+1)-th smallest distance counting
/// itself, duplicates included); likewise for synthetic rows.
/// - precision: share of synthetic rows within some real row's radius (strictly closer);
/// - recall: share of real rows within some synthetic row's radius;
/// - density: (1/k) × mean over synthetic rows of the number of real radii they fall in;
/// - coverage: share of real rows whose nearest synthetic row is within the real row's radius.
/// Distances come in blocks (``SquaredDistanceBlocks``), so memory stays bounded whatever the row counts.
struct PrecisionRecallDensityCoverage: Equatable {
    var precision: Double
    var recall: Double
    var density: Double
    var coverage: Double

    init(real: Matrix, synthetic: Matrix, k: Int = 5) {
        let realRadius = Self.kthNeighbourSquaredDistance(real, k: k)
        let fakeRadius = Self.kthNeighbourSquaredDistance(synthetic, k: k)
        var inSomeRealBall = [Bool](repeating: false, count: synthetic.rows)
        var ballCount = [Int](repeating: 0, count: synthetic.rows)
        var realRecalled = [Bool](repeating: false, count: real.rows)
        var nearestFake = [Double](repeating: .infinity, count: real.rows)
        SquaredDistanceBlocks.forEach(query: real, reference: synthetic) { rows, columns, block in
            let w = columns.count
            for i in rows {
                let row = block + (i - rows.lowerBound) * w
                let ri = realRadius[i]
                var recalled = realRecalled[i], nearest = nearestFake[i]
                for j in 0..<w {
                    let d = row[j], jj = columns.lowerBound + j
                    if d < ri { inSomeRealBall[jj] = true; ballCount[jj] += 1 }
                    if d < fakeRadius[jj] { recalled = true }
                    nearest = min(nearest, d)
                }
                realRecalled[i] = recalled; nearestFake[i] = nearest
            }
        }
        let m = Double(synthetic.rows), n = Double(real.rows)
        precision = Double(inSomeRealBall.filter { $0 }.count) / m
        recall = Double(realRecalled.filter { $0 }.count) / n
        density = Double(ballCount.reduce(0, +)) / (Double(k) * m)
        coverage = Double(zip(nearestFake, realRadius).filter { $0 < $1 }.count) / n
    }

    /// Per row, the (k+1)-th smallest squared distance to the rows of `x` (the row itself included).
    static func kthNeighbourSquaredDistance(_ x: Matrix, k: Int) -> [Double] {
        let keep = k + 1
        var smallest = [[Double]](repeating: [], count: x.rows)
        SquaredDistanceBlocks.forEach(query: x, reference: x) { rows, columns, block in
            let w = columns.count
            for i in rows {
                let row = block + (i - rows.lowerBound) * w
                var s = smallest[i]
                for j in 0..<w {
                    // The row's distance to itself is 0 exactly (the clamp absorbs rounding).
                    let d = columns.lowerBound + j == i ? 0 : row[j]
                    if s.count < keep {
                        s.append(d); s.sort()
                    } else if d < s[keep - 1] {
                        var p = keep - 1
                        while p > 0 && s[p - 1] > d { s[p] = s[p - 1]; p -= 1 }
                        s[p] = d
                    }
                }
                smallest[i] = s
            }
        }
        return smallest.map { $0.count == keep ? $0[keep - 1] : .infinity }
    }
}
