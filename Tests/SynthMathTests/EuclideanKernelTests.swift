import Testing
@testable import SynthMath

/// Every Euclidean kernel this CPU runs (AVX-512, AVX2) gives the scalar loop's squared distances, second
/// distances and indices bit for bit: excluded rows, ties between equal rows (the lowest index wins), one
/// column, and row counts that are not multiples of a tile, a lane chunk or a packed block. The scalar loop
/// is checked against a plain sort of every pair.
@Suite struct EuclideanKernelTests {
    /// Coarse non-integer values (many equal distances) with a wide-ranged column like adult's fnlwgt.
    static func matrix(_ rows: Int, columns: Int, rng: inout RandomStream) -> Matrix {
        Matrix(rows: rows, cols: columns, storage: (0..<(rows * columns)).map { k in
            k % columns == 1 ? (rng.nextDouble() * 8).rounded() * 123_456.7 : (rng.nextDouble() * 6).rounded() / 3 - 0.7
        })
    }

    @Test(arguments: [(37, 1100, 6), (5, 9, 4), (64, 515, 3), (1, 17, 1), (130, 2048, 15), (9, 257, 15)])
    func everyKernelEqualsTheScalarLoop(_ shape: (nq: Int, nr: Int, columns: Int)) {
        var rng = RandomStream(seed: UInt64(shape.nq * 7919 + shape.nr))
        let reference = Self.matrix(shape.nr, columns: shape.columns, rng: &rng)
        let picked = (0..<shape.nq).map { _ in rng.nextInt(below: shape.nr) }
        let query = reference.selectingRows(picked)  // rows of the reference: exact twins, ties
        for excluding in [nil, picked] {
            let oracle = EuclideanNeighbourKernel.scalarSearch(query: query, reference: reference, excluding: excluding)
            for kernel in EuclideanNeighbourKernel.available where kernel != .scalar {
                let out = EuclideanNeighbourKernel.search(query: query, reference: reference, excluding: excluding, using: kernel)
                #expect(out.first == oracle.first && out.second == oracle.second && out.index == oracle.index,
                        "\(kernel), excluding: \(excluding != nil)")
            }
            if excluding == nil {
                // Each query row is a reference row: its twin is at exactly 0 (the direct sum has no norm
                // cancellation), and the nearest is the lowest equal index.
                #expect(oracle.first.allSatisfy { $0 == 0 })
                #expect(zip(oracle.index, picked).allSatisfy { $0 <= $1 })
            }
        }
    }

    /// The scalar loop against every pair's sum (the same fused products) sorted by distance, then index, with
    /// and without exclusion; the negative control: a query moved off its twin is no longer at 0.
    @Test func scalarLoopEqualsSortedPairs() {
        var rng = RandomStream(seed: 5)
        let reference = Self.matrix(300, columns: 5, rng: &rng)
        var query = reference.selectingRows(Array(0..<40))
        let excluding = Array(0..<40)
        for skip in [nil, excluding] {
            let out = EuclideanNeighbourKernel.scalarSearch(query: query, reference: reference, excluding: skip)
            for i in 0..<query.rows {
                var pairs: [(Double, Int)] = []
                for j in 0..<reference.rows where skip?[i] != j {
                    var s = 0.0
                    for c in 0..<5 { let x = query[i, c] - reference[j, c]; s = s.addingProduct(x, x) }
                    pairs.append((s, j))
                }
                pairs.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
                #expect(out.first[i] == pairs[0].0 && out.second[i] == pairs[1].0 && out.index[i] == pairs[0].1)
            }
        }
        query[0, 0] += 0.001
        let moved = EuclideanNeighbourKernel.search(query: query, reference: reference, excluding: nil)
        #expect(moved.first[0] > 0 && moved.first[1...].allSatisfy { $0 == 0 })
    }

    /// Three equal reference rows: every kernel names the first as the nearest, with both distances 0.
    @Test func tiesGoToTheLowestIndex() {
        let reference = Matrix([[9, 9], [0.1, 123_456.7], [0.1, 123_456.7], [0.1, 123_456.7]])
        let query = Matrix([[0.1, 123_456.7]])
        for kernel in EuclideanNeighbourKernel.available {
            let out = EuclideanNeighbourKernel.search(query: query, reference: reference, excluding: nil, using: kernel)
            #expect(out.index == [1] && out.first == [0] && out.second == [0], "\(kernel)")
        }
    }

    @Test func theWidestKernelThisCPURunsIsTheDefault() {
        #expect(EuclideanNeighbourKernel.best == EuclideanNeighbourKernel.available[0])
        #expect(EuclideanNeighbourKernel.available.last == .scalar)
    }
}
