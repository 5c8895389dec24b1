import Foundation
import Testing
import SynthCore
import SynthTable
@testable import Evaluation

/// Declared generalisations of quasi-identifiers (`age:interval=10`, ``Generalisation``) in the exact
/// k-anonymity family: the l-diversity paper's worked example, brute force on small random tables for each rule
/// kind (a direct grouping loop with its own key functions: integer floor division, Foundation's calendar), and
/// bad declarations named with the column, the rule and the place.
@Suite struct GeneralisationTests {
    // MARK: the worked example

    /// Machanavajjhala, Kifer, Gehrke, Venkitasubramaniam, "l-Diversity: Privacy Beyond k-Anonymity" (ICDE 2006;
    /// ACM TKDD 1(1), 2007), Figure 1, "Inpatient Microdata": zip code, age, nationality (non-sensitive) and
    /// condition (sensitive), 12 rows, as released both as the synthetic table and as the population.
    static func inpatients() -> EvaluationInput {
        let rows: [(String, Double, String, String)] = [
            ("13053", 28, "Russian", "Heart Disease"), ("13068", 29, "American", "Heart Disease"),
            ("13068", 21, "Japanese", "Viral Infection"), ("13053", 23, "American", "Viral Infection"),
            ("14853", 50, "Indian", "Cancer"), ("14853", 55, "Russian", "Heart Disease"),
            ("14850", 47, "American", "Viral Infection"), ("14850", 49, "American", "Viral Infection"),
            ("13053", 31, "American", "Cancer"), ("13053", 37, "Indian", "Cancer"),
            ("13068", 36, "Japanese", "Cancer"), ("13068", 35, "American", "Cancer"),
        ]
        let table = try! Table(columns: [.categorical("zip", rows.map(\.0)), .numerical("age", rows.map(\.1)),
                                         .categorical("nationality", rows.map(\.2)), .categorical("condition", rows.map(\.3))])
        let m = Fixtures.metadata(for: table, sdtypes: ["zip": .categorical, "age": .numerical, "nationality": .categorical,
                                                        "condition": .categorical], target: "condition", task: .classification)
        return EvaluationInput(real: table, synthetic: table, metadata: m, seed: 1)
    }

    static func compute(_ metric: String, _ declared: [String], _ input: EvaluationInput = inpatients()) -> MetricResult {
        var i = input
        i.quasiIdentifiers = declared
        return AnonymitySuite.suite[metric]!.compute(i)
    }

    @Test func thePapersFourAnonymousTableIsOneDiverse() {
        // Figure 2 of the paper: zip 130** / 1485*, age < 30, ≥ 40, 3*, nationality suppressed: 4-anonymous, and its
        // third class (130**, 3*) holds only Cancer (the homogeneity attack): distinct l = 1. zip:prefix=3 gives
        // the same classes (130, 148); age:cuts=30|40 the paper's three age groups.
        let declared = ["zip:prefix=3", "age:cuts=30|40"]
        #expect(Self.compute("k_anonymity", declared).value == 4)
        #expect(Self.compute("l_diversity", declared).value == 1)
        // The population is the table itself: k-map = k, δ = 1.
        #expect(Self.compute("k_map", declared).value == 4 && Self.compute("delta_presence", declared).value == 1)
        // Figure 3, the 3-diverse table: zip 1305* / 1485* / 1306*, age ≤ 40 / > 40: k = 4, distinct l = 3.
        let diverse = ["zip:prefix=4", "age:cuts=41"]
        #expect(Self.compute("k_anonymity", diverse).value == 4 && Self.compute("l_diversity", diverse).value == 3)
        // Negative controls: without the generalisation every row is a class of its own (k = 1, l = 1); bands of
        // 10 years split each class of Figure 2 (130** 2*: 4, 3*: 4; 148** 4*: 2, 5*: 2), so k falls to 2.
        #expect(Self.compute("k_anonymity", ["zip", "age"]).value == 1)
        #expect(Self.compute("l_diversity", ["zip", "age"]).value == 1)
        #expect(Self.compute("k_anonymity", ["zip:prefix=3", "age:interval=10"]).value == 2)
    }

    @Test func everyExactMetricSaysWhatItWasComputedOn() {
        for metric in ["k_anonymity", "l_diversity", "k_map", "delta_presence"] {
            let r = Self.compute(metric, ["zip:prefix=3", "age:interval=10@5", "nationality"])
            guard case .object(let d)? = r.details else { Issue.record("\(metric): no details \(r.error ?? "")"); continue }
            #expect(d["quasi_identifiers"] == .array([.string("zip"), .string("age"), .string("nationality")]), "\(metric)")
            #expect(d["generalisation"] == .object(["zip": .string("prefix=3"), "age": .string("interval=10@5"),
                                                    "nationality": .string("exact")]), "\(metric)")
        }
        // Without a declaration the automatic columns are exact.
        guard case .object(let d)? = AnonymitySuite.suite["k_anonymity"]!.compute(Self.inpatients()).details else {
            Issue.record("no details"); return
        }
        #expect(d["generalisation"] == .object(["zip": .string("exact"), "nationality": .string("exact")]))
    }

    @Test func theClusterFormsIgnoreTheGeneralisation() {
        // The k-means forms take the column as it is: the same value with and without a rule.
        let input = AnonymitySuiteTests.tiny()
        let plain = Self.compute("cluster_k_anonymization", ["a", "b"], input)
        let banded = Self.compute("cluster_k_anonymization", ["a:interval=50", "b"], input)
        #expect(plain.status == .ok && plain.value == banded.value)
        // Control: the exact form does see it (a in bands of 50 puts each blob in one class per b).
        #expect(Self.compute("k_anonymity", ["a", "b"], input).value == 1)
        #expect(Self.compute("k_anonymity", ["a:interval=50", "b"], input).value == 3)
    }

    // MARK: brute force

    /// A small random table pair: age (integers 17-70 in a numerical column, some missing), zip (5 digits from
    /// three prefixes, some missing), country (8 values), day (a datetime over 2019-2021), sex; target t.
    static func randomInput(_ seed: UInt64) -> EvaluationInput {
        var g = Fixtures.LCG(state: seed)
        func pick(_ n: Int) -> Int { Int(g.next() * Double(n)) }
        func table(_ n: Int) -> Table {
            var age: [Double?] = [], zip: [String?] = [], country: [String?] = [], day: [Double?] = [], sex: [String?] = [], t: [String?] = []
            for _ in 0..<n {
                age.append(pick(15) == 0 ? nil : Double(17 + pick(54)))
                zip.append(pick(12) == 0 ? nil : ["130", "148", "021"][pick(3)] + String(pick(3)) + String(pick(4)))
                country.append(countries[pick(countries.count)].0)
                day.append(1_546_300_800 + Double(pick(3 * 365)) * 86_400 + Double(pick(86_400)))  // 2019-01-01 UTC on
                sex.append(["F", "M"][pick(2)])
                t.append(["x", "y", "z"][pick(3)])
            }
            return try! Table(columns: [.numerical("age", age), .categorical("zip", zip), .categorical("country", country),
                                        .datetime("day", day), .categorical("sex", sex), .categorical("t", t)])
        }
        let real = table(60), synthetic = table(45)
        let m = Fixtures.metadata(for: real, sdtypes: ["age": .numerical, "zip": .categorical, "country": .categorical,
                                                       "day": .datetime, "sex": .categorical, "t": .categorical],
                                  target: "t", task: .classification)
        return EvaluationInput(real: real, synthetic: synthetic, metadata: m, seed: seed)
    }

    static let countries: [(String, String, String)] = [
        ("France", "Western Europe", "Europe"), ("Germany", "Western Europe", "Europe"), ("Poland", "Eastern Europe", "Europe"),
        ("Hungary", "Eastern Europe", "Europe"), ("Peru", "South America", "America"), ("Chile", "South America", "America"),
        ("Canada", "North America", "America"), ("Mexico", "North America", "America"),
    ]

    static func hierarchyFile() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("generalisation-\(getpid())-countries.csv").path
        try Data(countries.map { "\($0.0);\($0.1);\($0.2)\n" }.joined().utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// (k, real k, k-map, δ) by a direct grouping loop: each row's key is its generalised values joined.
    static func bruteForce(_ input: EvaluationInput, _ column: String, _ key: (Column, Int) -> String) -> [Double] {
        func keys(_ table: Table) -> [String] {
            (0..<table.rowCount).map { i in key(table[column]!, i) + "|" + (table["sex"]!.text(at: i) ?? "-") }
        }
        let r = Dictionary(grouping: keys(input.real), by: { $0 }).mapValues(\.count)
        let s = Dictionary(grouping: keys(input.synthetic), by: { $0 }).mapValues(\.count)
        let shared = s.keys.filter { r[$0] != nil }
        return [Double(s.values.min()!), Double(r.values.min()!), Double(shared.map { r[$0]! }.min() ?? -1),
                shared.map { Double(s[$0]!) / Double(r[$0]!) }.max() ?? -1]
    }

    static func suiteValues(_ input: EvaluationInput, _ declared: String) -> [Double] {
        let k = compute("k_anonymity", [declared, "sex"], input)
        guard case .object(let d)? = k.details, case .number(let realK)? = d["real_k"] else { return [] }
        return [k.value ?? -2, realK, compute("k_map", [declared, "sex"], input).value ?? -1,
                compute("delta_presence", [declared, "sex"], input).value ?? -1]
    }

    /// The test's own key functions, one per rule kind (missing: "-").
    static func oracle(_ rule: String, hierarchy: [String: (String, String)]) -> (column: String, key: (Column, Int) -> String) {
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        func number(_ c: Column, _ i: Int) -> Int? { c.text(at: i) == nil ? nil : Int(c.doubles()[i]) }
        func date(_ c: Column, _ i: Int) -> DateComponents? {
            c.text(at: i) == nil ? nil : utc.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: c.doubles()[i]))
        }
        switch rule {
        case "age:interval=10": return ("age", { c, i in number(c, i).map { "\($0 / 10)" } ?? "-" })
        case "age:interval=7@3": return ("age", { c, i in number(c, i).map { "\(($0 - 3) / 7)" } ?? "-" })  // ages ≥ 17 > 3
        case "age:interval=20": return ("age", { c, i in number(c, i).map { "\($0 / 20)" } ?? "-" })
        case "age:cuts=30|45|60": return ("age", { c, i in number(c, i).map { x in "\([30, 45, 60].filter { $0 <= x }.count)" } ?? "-" })
        case "age:cuts=40": return ("age", { c, i in number(c, i).map { "\($0 >= 40)" } ?? "-" })
        case "zip:prefix=4": return ("zip", { c, i in c.text(at: i).map { String($0.prefix(4)) } ?? "-" })
        case "zip:prefix=3": return ("zip", { c, i in c.text(at: i).map { String($0.prefix(3)) } ?? "-" })
        case "day:truncate=month": return ("day", { c, i in date(c, i).map { "\($0.year!)-\($0.month!)" } ?? "-" })
        case "day:truncate=year": return ("day", { c, i in date(c, i).map { "\($0.year!)" } ?? "-" })
        case "day:truncate=day": return ("day", { c, i in date(c, i).map { "\($0.year!)-\($0.month!)-\($0.day!)" } ?? "-" })
        case let r where r.hasSuffix("@1"): return ("country", { c, i in hierarchy[c.text(at: i)!]!.0 })
        case let r where r.hasSuffix("@2"): return ("country", { c, i in hierarchy[c.text(at: i)!]!.1 })
        default: preconditionFailure(rule)
        }
    }

    @Test func eachRuleKindMatchesADirectGroupingLoop() throws {
        let file = try Self.hierarchyFile()
        defer { try? FileManager.default.removeItem(atPath: file) }
        let hierarchy = Dictionary(uniqueKeysWithValues: Self.countries.map { ($0.0, ($0.1, $0.2)) })
        // Each rule, and a different rule of the same kind whose brute force must differ on some table (the
        // negative control: the comparison can tell rules apart).
        let pairs = [("age:interval=10", "age:interval=20"), ("age:interval=7@3", "age:interval=10"),
                     ("age:cuts=30|45|60", "age:cuts=40"), ("zip:prefix=4", "zip:prefix=3"),
                     ("country:hierarchy=\(file)@1", "country:hierarchy=\(file)@2"), ("day:truncate=month", "day:truncate=year"),
                     ("day:truncate=day", "day:truncate=month")]
        for (rule, other) in pairs {
            let (column, key) = Self.oracle(rule, hierarchy: hierarchy)
            let (_, otherKey) = Self.oracle(other, hierarchy: hierarchy)
            var told = false
            for seed in UInt64(1)...12 {
                let input = Self.randomInput(seed)
                let expected = Self.bruteForce(input, column, key)
                #expect(Self.suiteValues(input, rule) == expected, "\(rule), seed \(seed)")
                if Self.bruteForce(input, column, otherKey) != expected { told = true }
            }
            #expect(told, "\(rule) and \(other) give the same values on every table")
        }
    }

    @Test func bandsHoldTheirValuesAtTheirBounds() throws {
        // x / w rounds across a bound for many decimals (0.3 / 0.1 = 2.9999999999999996); each value must still
        // lie in the band its label names, [lo, hi) with lo, hi as computed (O + iW, O + (i+1)W).
        var xs: [Double] = []
        for k in -40...40 {
            let d = Double(k)
            xs += [d / 10, d * 0.1, d * 0.7, d / 10 + 0.05]
        }
        let bands: [(Double, Double)] = [(0.1, 0.0), (0.7, 0.0), (0.1, 0.05), (3.0, -1.0)]
        for (width, origin) in bands {
            let c = try Generalisation.interval(width: width, origin: origin).apply(.numerical("x", xs), table: "real") { _ in
                EvaluationError.unsupported(metric: "", reason: "")
            }
            for (i, x) in xs.enumerated() {
                let bounds: [Double] = c.text(at: i)!.dropFirst().dropLast().split(separator: ",").map { part in
                    Double(String(part).trimmingCharacters(in: CharacterSet.whitespaces))!
                }
                #expect(bounds[0] <= x && x < bounds[1], "\(x) in \(c.text(at: i)!), width \(width)")
            }
        }
        // Negative control: the plain floor of x / w misplaces some of these values (21 of the 1,296 cases; e.g.
        // -2.9000000000000004 / 0.1 = -29.000000000000004 floors to band -30, whose upper bound -29 * 0.1 is x itself).
        var misplaced = 0
        for (w, o) in bands {
            for x in xs {
                let i = ((x - o) / w).rounded(.down)
                if !(o + i * w <= x && x < o + (i + 1) * w) { misplaced += 1 }
            }
        }
        #expect(misplaced == 21)
        let cuts = try Generalisation.cuts([20, 40]).apply(.integer("h", [19, 20, 39, 40, 99]), table: "real") { _ in
            EvaluationError.unsupported(metric: "", reason: "")
        }
        #expect((0..<5).map { cuts.text(at: $0) } == ["< 20", "[20, 40)", "[20, 40)", ">= 40", ">= 40"])
        let missing = try Generalisation.interval(width: 10, origin: 0).apply(.numerical("x", [nil, 5]), table: "real") { _ in
            EvaluationError.unsupported(metric: "", reason: "")
        }
        #expect(missing.text(at: 0) == nil && missing.text(at: 1) == "[0, 10)")
    }

    // MARK: bad declarations

    @Test func badDeclarationsNameTheColumnTheRuleAndThePlace() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("generalisation-bad-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func file(_ name: String, _ text: String) throws -> String {
            let path = dir.appendingPathComponent(name).path
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            return path
        }
        let ragged = try file("ragged.csv", "13053;1305;130\n13068;1306\n")
        let twice = try file("twice.csv", "13053;1305\n13053;1306\n")
        let partial = try file("partial.csv", "13068;1306\n14853;1485\n14850;1485\n")
        let whole = try file("whole.csv", "13053;1305\n13068;1306\n14853;1485\n14850;1485\n")
        let cases: [(String, String)] = [
            ("age:round=5", "'round' is none"),
            ("age", ""),  // control below: valid
            ("zip:interval=10", "interval applies to numerical columns, 'zip' is categorical"),
            ("age:prefix=2", "prefix applies to categorical columns, 'age' is numerical"),
            ("age:truncate=year", "truncate applies to datetime columns"),
            ("age:interval=0", "a positive interval width, not 0"),
            ("age:interval=-5", "a positive interval width"),
            ("age:interval=ten", "the interval's width as a finite number, not 'ten'"),
            ("age:interval=10@x", "origin"),
            ("age:cuts=40|20", "increasing"),
            ("age:cuts=", "each cut point"),
            ("zip:prefix=0", "the prefix length as a whole number of at least 1, not '0'"),
            ("age:10", "a rule after 'age:'"),
            ("zip:hierarchy=\(dir.path)/none.csv@1", "no file \(dir.path)/none.csv"),
            ("zip:hierarchy=\(whole)", "FILE@LEVEL"),
            ("zip:hierarchy=\(ragged)@1", "line 2 has 2 fields where the first line has 3"),
            ("zip:hierarchy=\(twice)@1", "lists '13053' again"),
            ("zip:hierarchy=\(whole)@2", "not level 2"),
            ("zip:hierarchy=\(partial)@1", "'13053' of the real table is not in \(partial)"),
            ("zz:prefix=3", "the metadata has no such column 'zz'"),
        ]
        for (declared, why) in cases {
            let r = Self.compute("k_anonymity", [declared, "nationality"])
            if why.isEmpty { #expect(r.status == .ok); continue }
            #expect(r.status == .error && (r.error ?? "").contains("option quasi_identifiers = \(declared) is invalid") && (r.error ?? "").contains(why),
                    "\(declared): \(r.error ?? "ok")")
        }
        // Control: the complete file works, and level 1 is Figure 3's zip groups (1305*, 1306*, 1485*).
        #expect(Self.compute("k_anonymity", ["zip:hierarchy=\(whole)@1", "age:cuts=41"]).value == 4)
        // The up-front check (before fitting, before evaluating) finds the missing value in the named table, and
        // passes the complete file.
        let input = Self.inpatients()
        #expect(throws: EvaluationError.self) {
            try QuasiIdentifiers.check(["zip:hierarchy=\(partial)@1"], in: input.metadata, on: [("real", input.real)], declaredAs: "--quasi-identifiers")
        }
        try QuasiIdentifiers.check(["zip:hierarchy=\(whole)@1", "age:interval=10"], in: input.metadata, on: [("real", input.real)])
    }

    @Test func aColumnNameWithAColonStaysAName() throws {
        // A whole declaration that is a column is that column; otherwise the text before the colon that ends a
        // column's name is the column.
        let table = try Table(columns: [.categorical("a:b", ["x1", "x2", "y1", "y2"]), .categorical("t", ["u", "v", "u", "v"])])
        let m = Fixtures.metadata(for: table, sdtypes: ["a:b": .categorical, "t": .categorical], target: "t")
        let exact = try QuasiIdentifiers.declarations(["a:b"], in: m)
        #expect(exact.map(\.column.name) == ["a:b"] && exact.map(\.rule) == ["exact"])
        let prefixed = try QuasiIdentifiers.declarations(["a:b:prefix=1"], in: m)
        #expect(prefixed.map(\.column.name) == ["a:b"] && prefixed.map(\.rule) == ["prefix=1"])
        let input = EvaluationInput(real: table, synthetic: table, metadata: m, seed: 1)
        #expect(Self.compute("k_anonymity", ["a:b:prefix=1"], input).value == 2)   // x: 2 rows, y: 2
        #expect(Self.compute("k_anonymity", ["a:b"], input).value == 1)
        #expect(Self.compute("k_anonymity", ["a:b:prefix=0"], input).status == .error)
    }
}
