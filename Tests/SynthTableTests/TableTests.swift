import Testing
@testable import SynthTable
@Test func placeholderTable() throws { let t = try Table(columns: [.numerical("x", [1, nil])]); #expect(t.rowCount == 2) }
