import Testing
@testable import SynthTable

/// `Table.resized(toRows:seed:)`: whole copies, then a seeded subsample without replacement.
@Suite struct TableResizingTests {
    static let table = try! Table(columns: [.integer("i", (0..<10).map { $0 }), .categorical("c", (0..<10).map { "v\($0 % 3)" })])

    func ids(_ t: Table) -> [Int] {
        guard case .integer(let v) = t["i"]!.values else { return [] }
        return v
    }

    @Test func moreRowsAreWholeCopiesPlusASubsample() {
        let t = Self.table.resized(toRows: 34, seed: 1)
        let i = ids(t)
        #expect(i.count == 34)
        #expect(Array(i[..<30]) == Array(0..<10) + Array(0..<10) + Array(0..<10))
        #expect(Set(i[30...]).count == 4 && i[30...].sorted() == Array(i[30...]))
        #expect(t == Self.table.resized(toRows: 34, seed: 1))
        #expect(Self.table.resized(toRows: 30, seed: 1) == Self.table.resized(toRows: 30, seed: 2))   // exact copies need no draw
    }

    @Test func fewerRowsAreASeededSubsampleWithoutReplacement() {
        let a = ids(Self.table.resized(toRows: 6, seed: 1)), b = ids(Self.table.resized(toRows: 6, seed: 2))
        #expect(Set(a).count == 6 && a == a.sorted())
        #expect(a != b)   // negative control: the seed decides
        #expect(Self.table.resized(toRows: 10, seed: 3) == Self.table)
        #expect(Self.table.resized(toRows: 0, seed: 3).rowCount == 0)
    }
}
