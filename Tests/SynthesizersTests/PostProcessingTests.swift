import Testing
import SynthMath
import SynthTable
@testable import Synthesizers

@Suite struct PostProcessingTests {
    static func tables() throws -> (Table, Table, Metadata) {
        var r = RandomStream(seed: 1)
        let real = try Table(columns: [
            .numerical("x", (0..<200).map { _ in r.nextNormal() * 3 + 10 }),
            .integer("k", (0..<200).map { _ in r.nextInt(below: 50) }),
            .categorical("c", (0..<200).map { i in i < 150 ? "a" : (i < 190 ? "b" : "c") }),
        ])
        let syn = try Table(columns: [
            .numerical("x", (0..<200).map { _ in r.nextDouble() }),
            .integer("k", (0..<200).map { _ in r.nextInt(below: 5) }),
            .categorical("c", (0..<200).map { _ in ["a", "b"][r.nextInt(below: 2)] }),
        ])
        var meta = Metadata.detect(from: real)
        for i in meta.columns.indices where meta.columns[i].name != "c" { meta.columns[i].sdtype = .numerical }
        meta.columns[meta.columns.firstIndex { $0.name == "c" }!].sdtype = .categorical
        return (real, syn, meta)
    }

    @Test func quantileMatchingReproducesTheRealMarginalAndKeepsRanks() throws {
        let (real, syn, meta) = try Self.tables()
        let out = try PostProcessing(quantileMatching: true).apply(to: syn, real: real, metadata: meta, seed: 1)
        // Equal sizes: the matched values are exactly the real values (mid-rank quantiles hit the order statistics
        // only approximately, so compare sorted values within the interpolation step).
        let a = out["x"]!.doubles().sorted(), b = real["x"]!.doubles().sorted()
        let maxGap = zip(b.dropFirst(), b).map { $0 - $1 }.max()!
        #expect(zip(a, b).allSatisfy { abs($0 - $1) <= maxGap })
        let before = syn["x"]!.doubles(), after = out["x"]!.doubles()
        for i in 0..<199 { #expect((before[i] < before[i + 1]) == (after[i] < after[i + 1]) || before[i] == before[i + 1]) }
        #expect(out["k"]!.kind == .integer)
    }

    @Test func categoricalCorrectionHitsRealShares() throws {
        let (real, syn, meta) = try Self.tables()
        let out = try PostProcessing(categoricalCorrection: true).apply(to: syn, real: real, metadata: meta, seed: 3)
        let labels = (0..<200).map { out["c"]!.text(at: $0)! }
        #expect(labels.filter { $0 == "a" }.count == 150)
        #expect(labels.filter { $0 == "b" }.count == 40)
        #expect(labels.filter { $0 == "c" }.count == 10)
    }

    @Test func jitterStaysInRangeAndIsSeeded() throws {
        let (real, syn, meta) = try Self.tables()
        let pp = PostProcessing(jitter: true)
        let a = try pp.apply(to: real, real: real, metadata: meta, seed: 5)
        let b = try pp.apply(to: real, real: real, metadata: meta, seed: 5)
        #expect(a == b)
        let x = a["x"]!.doubles(), rx = real["x"]!.doubles()
        #expect(x != rx)
        #expect(x.allSatisfy { $0 >= rx.min()! && $0 <= rx.max()! })
        #expect(a["k"] == real["k"])  // integer columns are not jittered
        _ = syn
    }

    @Test func offByDefault() throws {
        let (real, syn, meta) = try Self.tables()
        #expect(PostProcessing().enabledSteps.isEmpty)
        #expect(try PostProcessing().apply(to: syn, real: real, metadata: meta, seed: 1) == syn)
    }
}
