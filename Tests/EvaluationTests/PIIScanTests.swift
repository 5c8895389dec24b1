import Foundation
import Testing
import SynthTable
import SynthMath
@testable import Evaluation

/// The PII scan: the value checks against the reference notes' test vectors (Presidio's Luhn, IBAN and SSN
/// rules), the column rules, the verbatim-leak count by hand, and the privacy assessment's use of it.
@Suite struct PIIScanTests {
    @Test func valueChecksFollowTheValidators() {
        #expect(PIIEntity.creditCard.matches("4111 1111 1111 1111"))
        #expect(!PIIEntity.creditCard.matches("4111 1111 1111 1112"))      // Luhn fails
        #expect(!PIIEntity.creditCard.matches("2111 1111 1111 1111"))      // Presidio's leading digits: 1, 3-6
        #expect(PIIEntity.iban.matches("DE89 3704 0044 0532 0130 00"))
        #expect(!PIIEntity.iban.matches("DE88 3704 0044 0532 0130 00"))    // check digits
        #expect(PIIEntity.ssn.matches("536-22-1234") && PIIEntity.ssn.matches("536 22 1234") && PIIEntity.ssn.matches("536221234"))
        for bad in ["536-22.1234", "123-45-6789", "666-22-1234", "536-00-1234", "536-22-0000", "111-11-1111", "078-05-1120"] {
            #expect(!PIIEntity.ssn.matches(bad), "\(bad)")
        }
        #expect(PIIEntity.email.matches("jane.doe+x@mail.example.org"))
        for bad in ["jane@localhost", "jane@example.c0m", "jane@@example.com", "@example.com", "jane example.com"] {
            #expect(!PIIEntity.email.matches(bad), "\(bad)")
        }
        #expect(PIIEntity.phone.matches("+1 (415) 555-2671") && PIIEntity.phone.matches("0049 30 1234567"))
        #expect(!PIIEntity.phone.matches("555-2671") && !PIIEntity.phone.matches("12-ab-3456789"))
        #expect(PIIEntity.ipv4.matches("192.168.0.1") && !PIIEntity.ipv4.matches("256.1.1.1"))
        #expect(PIIEntity.ipv6.matches("2001:db8::1") && !PIIEntity.ipv6.matches("::") && !PIIEntity.ipv6.matches("2001:db8::g"))
        #expect(PIIEntity.isPersonNameHeader("first_name") && PIIEntity.isPersonNameHeader("Customer Name") && PIIEntity.isPersonNameHeader("surname"))
        #expect(!PIIEntity.isPersonNameHeader("company_name") && !PIIEntity.isPersonNameHeader("filename"))
    }

    /// The byte-count prefilter never changes a check's answer: on texts built to pass each check, to
    /// miss it by one character, and on random strings over the characters the checks read (spaces and
    /// Unicode whitespace at the ends, `ß`, which upper-cases to two letters), `PIITextShape` answers what
    /// the full check answers on the trimmed text (brute force). Every entity passes on some texts, so the
    /// comparison is not vacuous.
    @Test func textShapePrefilterAgreesWithTheChecks() {
        var texts = ["4111 1111 1111 1111", "411 1111 1111 1111", "DE89 3704 0044 0532 0130 00", "DE89370400440532013",
                     "DE89ß704004405320130", "536-22-1234", "53622123", " 536221234\u{00A0}", "\u{2003}jane@example.org ",
                     "a@b.cc", "+1 (415) 555-2671", "415 555 267", "192.168.0.1", "192.168.1", "2001:db8::1", "::1", ":",
                     "", " ", "257302", "38.5", "1.5e-05", "-0.0", "nan"]
        var rng = RandomStream(seed: 20)
        let alphabet = Array("0123456789012345678901234567890123456789 ..-@:()+abcDEFßx\u{00A0}\t")
        for _ in 0..<8_000 {
            let length = 1 + rng.nextInt(below: 24)
            texts.append(String((0..<length).map { _ in alphabet[rng.nextInt(below: alphabet.count)] }))
        }
        var passing: [PIIEntity: Int] = [:]
        for text in texts {
            let shape = PIITextShape(text)
            #expect(shape.trimmed == text.trimmingCharacters(in: .whitespaces), "\(text)")
            for entity in PIIEntity.allCases {
                let expected = entity.matches(text.trimmingCharacters(in: .whitespaces))
                #expect(shape.matches(entity) == expected, "\(entity) \(text)")
                if expected { passing[entity, default: 0] += 1 }
            }
        }
        for entity in PIIEntity.allCases where entity != .personName {
            #expect(passing[entity, default: 0] > 0, "no text passes \(entity)")
        }
    }

    /// The distinct texts and their counts equal a per-row count of `Column.text(at:)` for every kind
    /// (brute force), so the scan's shares and leak counts are what a per-row scan gives.
    @Test func textCountsEqualAPerRowCount() throws {
        let n = 400
        let missing = (0..<n).map { $0 % 7 == 3 }
        let columns: [Column] = [
            Column(name: "c", values: .categorical(codes: (0..<n).map { Int32($0 * 7 % 5) }, levels: ["a", " b", "c@x.org", "d", "e"]), missing: missing),
            Column(name: "i", values: .integer((0..<n).map { ($0 * 13) % 17 - 8 }), missing: missing),
            Column(name: "x", values: .numerical((0..<n).map { $0 % 3 == 0 ? -0.0 : Double($0 % 11) * 0.5 }), missing: missing),
            Column(name: "b", values: .boolean((0..<n).map { $0 % 4 == 0 }), missing: missing),
            // Whole numbers and a narrow integer range are grouped through an array, a wide range and
            // non-integral doubles (above) through the hash map: each way must give the per-row counts.
            Column(name: "w", values: .numerical((0..<n).map { Double(($0 * 7) % 23 - 11) }), missing: missing),
            Column(name: "wide", values: .integer((0..<n).map { $0 % 5 == 0 ? Int.max / 2 + $0 % 3 : -$0 % 9 }), missing: missing),
        ]
        for column in columns {
            var expected: [String: Int] = [:]
            var order: [String] = []
            for r in 0..<n {
                guard let t = column.text(at: r) else { continue }
                if expected[t] == nil { order.append(t) }
                expected[t, default: 0] += 1
            }
            let counts = ColumnTextCounts(column)
            #expect(counts.texts == order, "\(column.name)")
            #expect(Dictionary(uniqueKeysWithValues: zip(counts.texts, counts.counts)) == expected, "\(column.name)")
            #expect(counts.present == missing.filter { !$0 }.count && counts.rows == n)
        }
    }

    static func input(copied: Int) -> EvaluationInput {
        let emails = (0..<10).map { "user\($0)@example.com" }
        let fresh = (0..<10).map { "other\($0)@example.org" }
        let real = try! Table(columns: [
            .categorical("contact", emails),
            .categorical("first_name", ["Ann", "Bo", "Cy", "Di", "Ed", "Flo", "Gus", "Hal", "Ivy", "Jo"]),
            .categorical("card", ["4111 1111 1111 1112"] + Array(repeating: "1234", count: 9)),  // not PII: 1 of 10 is a number at all, and it fails Luhn
            .numerical("age", (0..<10).map { Double(20 + $0) }),
        ])
        let syn = try! Table(columns: [
            .categorical("contact", Array(emails.prefix(copied)) + Array(fresh.prefix(10 - copied))),
            .categorical("first_name", ["Zed", "Bo", "Yul", "Xi", "Wu", "Vic", "Uma", "Tim", "Sal", "Ray"]),
            .categorical("card", Array(repeating: "1234", count: 10)),
            .numerical("age", (0..<10).map { Double(30 + $0) }),
        ])
        let m = Fixtures.metadata(for: real, sdtypes: ["contact": .categorical, "first_name": .categorical, "card": .categorical, "age": .numerical])
        return EvaluationInput(real: real, synthetic: syn, metadata: m, seed: 1)
    }

    @Test func columnsFoundByValuesAndHeaderAndLeaksCountedByHand() throws {
        let input = Self.input(copied: 3)
        let results = PIISuite.suite.evaluate(input)
        #expect(results.value("real_columns") == 2 && results.value("synthetic_columns") == 2)
        // contact: 3 of 10 synthetic e-mails are real ones; first_name: "Bo" is a real name: 4 of 20 rows.
        #expect(results.value("leaked_share") == 4.0 / 20)
        guard case .object(let o)? = results["real_columns"]?.details, case .array(let rows)? = o["columns"] else {
            Issue.record("no column rows"); return
        }
        let entities = rows.compactMap { r -> String? in if case .object(let f) = r, case .string(let e)? = f["entity"] { return e } else { return nil } }
        #expect(entities == ["email", "person_name"])
    }

    @Test func freshPIILeaksNothingAndTheAssessmentTellsTheDifference() throws {
        let fresh = PIISuite.suite.evaluate(Self.input(copied: 0))
        // first_name still shares "Bo": 1 of 20.
        #expect(fresh.value("leaked_share") == 1.0 / 20)
        var input = Self.input(copied: 0)
        input.synthetic = try input.synthetic.selectingColumns(["contact", "card", "age"])
        #expect(PIISuite.suite.evaluate(input).value("leaked_share") == 0)
        let payload = ProductionPayload(
            utility: .init(ksMean: nil, corrDelta: nil, auroc: nil, cIndex: nil),
            privacy: .init(miaAUC: 0.5, dupRate: 0, dpRequested: false, dpEffective: false, dpEpsilon: nil, synthcityEvaluated: true),
            fairness: .init(rareCoverage: nil, freqSkew: nil))
        let membership = SuiteResult(suite: "membership", seed: 0, metrics: [
            MetricResult(id: "membership.mia_auc_low", direction: .minimize, range: .unit, status: .ok, value: 0.4)])
        #expect(PrivacyAssessment.assess(payload: payload, suites: [membership, PIISuite.suite.evaluate(input)]).risk == .low)
        let leaking = PrivacyAssessment.assess(payload: payload, suites: [membership, PIISuite.suite.evaluate(Self.input(copied: 3))])
        #expect(leaking.risk == .high && leaking.reasons.contains { $0.contains("PII") })
    }
}
