import Testing
@testable import SynthMath

@Suite struct MatrixTests {
    @Test func multiplyWithTransposes() {
        let a = Matrix([[1, 2, 3], [4, 5, 6]])
        let b = Matrix([[7, 8], [9, 10], [11, 12]])
        #expect(Matrix.multiply(a, b) == Matrix([[58, 64], [139, 154]]))
        #expect(Matrix.multiply(b, a, transposeA: true, transposeB: true) == Matrix([[58, 139], [64, 154]]))
        #expect(Matrix.multiply(a, a, transposeB: true) == Matrix([[14, 32], [32, 77]]))
    }

    @Test func choleskyOfSPD() throws {
        let m = Matrix([[4, 12, -16], [12, 37, -43], [-16, -43, 98]])
        let l = try m.cholesky()
        #expect(l == Matrix([[2, 0, 0], [6, 1, 0], [-8, 5, 3]]))
    }

    @Test func choleskyRejectsIndefinite() {
        #expect(throws: LinearAlgebraError.notPositiveDefinite(order: 2)) {
            try Matrix([[1, 2], [2, 1]]).cholesky()
        }
    }

    @Test func solveAndSingular() throws {
        let x = try Matrix([[2, 1], [1, 3]]).solve(Matrix([[3], [5]]))
        #expect(abs(x[0, 0] - 0.8) < 1e-12 && abs(x[1, 0] - 1.4) < 1e-12)
        #expect(throws: LinearAlgebraError.self) { try Matrix([[1, 2], [2, 4]]).solve(Matrix([[1], [1]])) }
    }

    @Test func eigenOfSymmetric() throws {
        let (w, _) = try Matrix([[2, 1], [1, 2]]).symmetricEigen()
        #expect(abs(w[0] - 1) < 1e-12 && abs(w[1] - 3) < 1e-12)
    }
}
