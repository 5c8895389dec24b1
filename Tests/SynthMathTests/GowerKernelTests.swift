import Testing
@testable import SynthMath

/// Every Gower kernel this CPU runs (AVX-512, AVX2, SSE) gives the scalar loop's sums, second sums and
/// indices bit for bit: missing values (the 1e30 sentinel, code −1), excluded rows, ties between equal rows
/// (the lowest index wins), constant and all-discrete tables, and row counts that are not multiples of a
/// tile, a lane chunk or a packed block.
@Suite struct GowerKernelTests {
    static func table(_ rows: Int, columns: Int, discreteFrom: Int, rng: inout RandomStream) -> [[Float]] {
        (0..<columns).map { c in
            (0..<rows).map { _ in
                if c < discreteFrom {
                    if rng.nextDouble() < 0.05 { return 1e30 }
                    return Float((rng.nextDouble() * 6).rounded() / 4)  // coarse: many equal sums
                }
                return rng.nextDouble() < 0.05 ? -1 : Float(rng.nextInt(below: 3))
            }
        }
    }

    @Test(arguments: [(37, 1100, 6, 3), (5, 9, 4, 0), (64, 515, 3, 3), (1, 17, 1, 1), (130, 2048, 15, 6)])
    func everyKernelEqualsTheScalarLoop(_ shape: (nq: Int, nr: Int, columns: Int, discreteFrom: Int)) {
        var rng = RandomStream(seed: UInt64(shape.nq * 7919 + shape.nr))
        let reference = Self.table(shape.nr, columns: shape.columns, discreteFrom: shape.discreteFrom, rng: &rng)
        let picked = (0..<shape.nq).map { _ in rng.nextInt(below: shape.nr) }
        let query = reference.map { c in picked.map { c[$0] } }  // rows of the reference: exact twins, ties
        for excluding in [nil, picked] {
            let oracle = GowerNeighbourKernel.scalarSearch(query: query, reference: reference,
                                                           discreteFrom: shape.discreteFrom, excluding: excluding)
            for kernel in GowerNeighbourKernel.available where kernel != .scalar {
                let out = GowerNeighbourKernel.search(query: query, reference: reference, discreteFrom: shape.discreteFrom,
                                                      excluding: excluding, using: kernel)
                #expect(out.first == oracle.first && out.second == oracle.second && out.index == oracle.index,
                        "\(kernel), excluding: \(excluding != nil)")
            }
            if excluding == nil {
                // Each query row is a reference row: its nearest is at distance 0, at the lowest equal index.
                #expect(oracle.first.allSatisfy { $0 == 0 })
                #expect(zip(oracle.index, picked).allSatisfy { $0 <= $1 })
            }
        }
    }

    /// Three equal reference rows: every kernel names the first as the nearest, with both sums 0.
    @Test func tiesGoToTheLowestIndex() {
        let reference: [[Float]] = [[0.25, 0.5, 0.5, 0.5], [1, 2, 2, 2]], query: [[Float]] = [[0.5], [2]]
        for kernel in GowerNeighbourKernel.available {
            let out = GowerNeighbourKernel.search(query: query, reference: reference, discreteFrom: 1, excluding: nil, using: kernel)
            #expect(out.index == [1] && out.first == [0] && out.second == [0], "\(kernel)")
        }
    }

    @Test func theWidestKernelThisCPURunsIsTheDefault() {
        #expect(GowerNeighbourKernel.best == GowerNeighbourKernel.available[0])
        #expect(GowerNeighbourKernel.available.last == .scalar)
    }
}
