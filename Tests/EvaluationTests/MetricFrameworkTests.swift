import Foundation
import SynthCore
import Testing
import SynthTable
@testable import Evaluation

@Suite struct MetricFrameworkTests {
    struct Boom: Error, CustomStringConvertible { var description: String { "boom in column 'x'" } }

    static let input = EvaluationInput(real: try! Table(columns: [.numerical("x", [1, 2])]),
                                       synthetic: try! Table(columns: [.numerical("x", [1, 3])]),
                                       metadata: Fixtures.metadata(for: try! Table(columns: [.numerical("x", [1, 2])]),
                                                                   sdtypes: ["x": .numerical]),
                                       seed: 5)

    static let suite = MetricSuite(id: "demo", metrics: [
        Metric(id: "demo.ok", direction: .maximize, range: .unit, formula: "0.25") { _, _ in .value(0.25, details: ["k": 1]) },
        Metric(id: "demo.na", direction: .minimize, range: MetricRange(0, nil), formula: "n/a") { _, _ in .notApplicable("no target") },
        Metric(id: "demo.throws", direction: .minimize, range: .unit, formula: "throws") { _, _ in throw Boom() },
        Metric(id: "demo.nan", direction: .minimize, range: .unit, formula: "NaN") { _, _ in .value(.nan) },
    ])

    @Test func failuresBecomeEntriesNotGaps() {
        let r = Self.suite.evaluate(Self.input)
        #expect(r.metrics.map(\.id) == ["demo.ok", "demo.na", "demo.throws", "demo.nan"])
        #expect(r["ok"]?.status == .ok && r.value("demo.ok") == 0.25 && r["ok"]?.details == ["k": 1])
        #expect(r["na"]?.status == .notApplicable && r["na"]?.reason == "no target" && r.value("na") == nil)
        #expect(r["throws"]?.status == .error && r["throws"]?.error == "boom in column 'x'")
        #expect(r["nan"]?.status == .error && r["nan"]?.value == nil)
        #expect(r.errors.map(\.id) == ["demo.throws", "demo.nan"])
        #expect(r.seed == 5)
    }

    @Test func jsonHasStableKeysAndExplicitNulls() throws {
        let r = Self.suite.evaluate(Self.input)
        let text = try SynthJSON.string(r["na"]!)
        #expect(text == #"{"details":null,"direction":"minimize","error":null,"id":"demo.na","range":{"max":null,"min":0},"reason":"no target","status":"not_applicable","value":null}"#)
        let decoded = try JSONDecoder().decode(SuiteResult.self, from: Data(try SynthJSON.string(r).utf8))
        #expect(decoded == r)
        #expect(try SynthJSON.string(r) == SynthJSON.string(Self.suite.evaluate(Self.input)))
    }

    @Test func jsonValueEncodesNonFiniteAsNull() throws {
        let v: JSONValue = ["a": .number(.nan), "b": [1, "x", true, nil], "c": .number(.infinity)]
        #expect(try SynthJSON.string(v) == #"{"a":null,"b":[1,"x",true,null],"c":null}"#)
        #expect(JSONValue.number(nil as Double?) == .null && JSONValue.number(2.5) == .number(2.5))
    }

    @Test func cacheComputesOnceAndRemembersErrors() throws {
        let cache = EvaluationCache()
        var calls = 0
        #expect(try cache.value("k") { calls += 1; return 3 } == 3)
        #expect(try cache.value("k") { calls += 1; return 4 } == 3)
        #expect(calls == 1)
        #expect(throws: Boom.self) { try cache.value("e") { () throws -> Int in calls += 1; throw Boom() } }
        #expect(throws: Boom.self) { try cache.value("e") { () throws -> Int in calls += 1; return 1 } }
        #expect(calls == 2)
    }

    @Test func suitesAreFoundByID() throws {
        #expect(try MetricSuites.named("stats").id == "stats")
        #expect(try MetricSuites.named("payload").metrics.count == 8)
        #expect(throws: EvaluationError.self) { try MetricSuites.named("nope") }
        // One registry: every id builds the suite of that id, and the optional ones are all but the payload.
        #expect(MetricSuites.ids == ["payload", "sdmetrics", "stats", "membership", "distance", "detection", "c2st", "fidelity", "performance", "anonymity", "pii", "anonymeter", "shadow"])
        for id in MetricSuites.ids { #expect(try MetricSuites.named(id).id == id) }
        #expect(MetricSuites.all.map(\.id) == MetricSuites.ids)
        #expect(MetricSuites.optionalIDs == Array(MetricSuites.ids.dropFirst()))
        let ids = MetricSuites.all.flatMap { $0.metrics.map(\.id) }
        #expect(Set(ids).count == ids.count)
        #expect(MetricSuites.all.allSatisfy { s in s.metrics.allSatisfy { $0.id.hasPrefix(s.id + ".") && !$0.formula.isEmpty } })
    }
}
