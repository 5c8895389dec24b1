import SynthMath
import Testing
@testable import Synthesizers

/// The parts' codes of emails and user names (``CodedDraw``) are one-to-one with the written values, and a
/// unique column found through them is the one Faker's `unique` gives: draw again until the string is new.
@Suite("PII coded draws")
struct CodedDrawTests {
    static func written<Value: CodedDraw>(_ value: Value) -> String {
        ASCIIWriter.build { value.write(into: &$0) }
    }

    /// Pairs of draws whose keys and written values disagree: equal keys with different values, or different
    /// keys with equal values. Zero for a code that is one-to-one with the values.
    static func disagreements<Value: CodedDraw>(_ values: [Value], key: (Value) -> Int) -> Int {
        var valueOfKey: [Int: String] = [:], keyOfValue: [String: Int] = [:]
        var count = 0
        for v in values {
            let k = key(v), text = written(v)
            if let known = valueOfKey[k], known != text { count += 1 }
            if let known = keyOfValue[text], known != k { count += 1 }
            valueOfKey[k] = text
            keyOfValue[text] = k
        }
        return count
    }

    static func draws<Value: CodedDraw>(_: Value.Type, _ n: Int, seed: UInt64) -> [Value] {
        var s = RandomStream(seed: seed)
        return (0..<n).map { _ in Value.draw(&s) }
    }

    /// `james.taylor` both as `{{last_name}}.{{first_name}}` and as `{{first_name}}.{{last_name}}`: two slugs
    /// that are in both name lists.
    static func sameUserNameTwoWays() throws -> (UserNameParts, UserNameParts) {
        let slugs = PIIVocabulary.nameSlugs
        let shared = slugs.lastID.filter(Set(slugs.firstID).contains)
        try #require(shared.count >= 2)
        let firstIndex = { (id: Int) in slugs.firstID.firstIndex(of: id)! }
        let lastIndex = { (id: Int) in slugs.lastID.firstIndex(of: id)! }
        let a = UserNameParts(format: .lastDotFirst, first: firstIndex(shared[1]), last: lastIndex(shared[0]), number: 0)
        let b = UserNameParts(format: .firstDotLast, first: firstIndex(shared[0]), last: lastIndex(shared[1]), number: 0)
        return (a, b)
    }

    @Test func codesAreOneToOneWithTheValues() {
        let users = Self.draws(UserNameParts.self, 100_000, seed: 3)
        #expect(Self.disagreements(users, key: \.code) == 0)
        #expect(users.allSatisfy { (0..<UserNameParts.codeCount).contains($0.code) })
        let emails = Self.draws(EmailParts.self, 100_000, seed: 4)
        #expect(Self.disagreements(emails, key: \.code) == 0)
        #expect(emails.allSatisfy { (0..<EmailParts.codeCount).contains($0.code) })
        // The sample holds repeats (over 5 %), so equal codes were compared, not only distinct ones.
        #expect(Set(emails.map(\.code)).count < emails.count * 19 / 20)
    }

    /// The same user name from two formats has one code; a key of the raw parts (format and list indices)
    /// tells them apart, and the check above catches that (its negative control).
    @Test func oneCodeForTheSameNameFromTwoFormats() throws {
        let (a, b) = try Self.sameUserNameTwoWays()
        #expect(Self.written(a) == Self.written(b))
        #expect(a.code == b.code)
        #expect(Self.disagreements([a, b], key: \.code) == 0)
        let raw = { (p: UserNameParts) in ((p.format.rawValue * 1000 + p.first) * 1000 + p.last) * 100 + p.number }
        #expect(Self.disagreements([a, b], key: raw) == 1)
        let emails = [EmailParts(user: a, domain: 2), EmailParts(user: b, domain: 2), EmailParts(user: b, domain: 1)]
        #expect(Self.disagreements(emails, key: \.code) == 0)
        #expect(Self.disagreements(emails, key: { raw($0.user) * 3 + $0.domain }) == 1)
    }

    /// The unique column is the one a brute-force `Set<String>` over the provider's values gives (Faker's
    /// `unique`), for as many values as the weighted names make repeats common.
    @Test(arguments: [PIIProvider.email, .userName])
    func uniqueColumnIsFakersUnique(_ provider: PIIProvider) {
        let n = 40_000
        var s = RandomStream(seed: 11)
        let (codes, levels) = IdentifierGenerator.distinct(n, provider, &s)
        var oracle = RandomStream(seed: 11)
        var seen = Set<String>(), expected: [String] = [], draws = 0
        while expected.count < n {
            let v = provider.value(&oracle)
            draws += 1
            if seen.insert(v).inserted { expected.append(v) }
        }
        #expect(codes == Array(0..<Int32(n)))
        #expect(levels == expected)
        #expect(draws > n + n / 20, "\(provider): \(draws) draws for \(n) values, too few repeats to test")
        // Both streams are at the same place: the same number of draws was made.
        #expect(s.next() == oracle.next())
    }
}
