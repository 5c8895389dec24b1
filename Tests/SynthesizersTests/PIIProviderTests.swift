import Foundation
import SynthMath
import SynthTable
import Testing
@testable import Synthesizers
import SynthTestSupport

/// Whether `text` matches `pattern` as a whole, by Foundation's regular-expression engine (an oracle
/// independent of ``RegexPattern``).
func fullMatch(_ pattern: String, _ text: String) -> Bool {
    guard let re = try? NSRegularExpression(pattern: "^(?:" + pattern + ")$", options: [.dotMatchesLineSeparators]) else {
        return false
    }
    return re.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
}

@Suite("PII providers")
struct PIIProviderTests {
    /// A validity check per provider (a regular expression, plus check digits where the format has them).
    static let formats: [PIIProvider: String] = [
        .name: "[A-Z][A-Za-z'-]+ [A-Z][A-Za-z'-]+",
        .firstName: "[A-Z][A-Za-z'-]+",
        .lastName: "[A-Z][A-Za-z'-]+",
        .userName: "[a-z]+(\\.[a-z]+|[0-9]{2})?",
        .email: "[a-z]+(\\.[a-z]+|[0-9]{2})?@example\\.(com|org|net)",
        .phoneNumber: "(\\+1-|001-)?(\\([2-9][0-9]{2}\\)|[2-9][0-9]{2}[-.]?)[2-9][0-9]{2}[-.]?[0-9]{4}(x[0-9]{3,5})?",
        .ssn: "(?!666|000)[0-8][0-9]{2}-(?!00)[0-9]{2}-(?!0000)[0-9]{4}",
        .address: "[0-9]{3,5} [A-Za-z' .0-9-]+\\n[A-Za-z' -]+, [A-Z]{2} [0-9]{5}",
        .streetAddress: "[0-9]{3,5} [A-Z][A-Za-z'-]+ [A-Z][a-z]+( (Apt\\.|Suite) [0-9]{3})?",
        .secondaryAddress: "(Apt\\.|Suite) [0-9]{3}",
        .city: "[A-Z][A-Za-z' -]+",
        .administrativeUnit: "[A-Z][a-z]+( [A-Z][a-z]+)?",
        .stateAbbr: "[A-Z]{2}",
        .postcode: "[0-9]{5}",
        .country: ".+",
        .countryCode: "[A-Z]{2}",
        .latitude: "-?[0-9]{1,2}\\.[0-9]{6}",
        .longitude: "-?[0-9]{1,3}\\.[0-9]{6}",
        .ipv4: "((25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])",
        .ipv6: "[0-9a-f]{4}(:[0-9a-f]{4}){7}",
        .macAddress: "[0-9a-f][02468ace](:[0-9a-f]{2}){5}",
        .userAgent: "Mozilla/5\\.0 \\(.+\\) .+",
        .url: "(https://www\\.|http://)[a-z]+(-[a-z]+)?\\.(com|biz|info|net|org)/",
        .company: "[A-Z][A-Za-z'-]+( (Inc|and Sons|LLC|Group|PLC|Ltd)|-[A-Z][A-Za-z'-]+|, [A-Z][A-Za-z'-]+ and [A-Z][A-Za-z'-]+)",
        .job: ".+",
        .creditCardNumber: "[0-9]{13,16}",
        .iban: "GB[0-9]{2}[A-Z]{4}[0-9]{14}",
        .swift8: "[A-Z]{4}GB[A-Z0-9]{2}",
        .swift11: "[A-Z]{4}GB[A-Z0-9]{5}",
        .vin: "[0-9A-HJ-NPR-Z]{8}[0-9X][0-9A-HJ-NPR-Z]{8}",
        .licensePlate: "[A-Z0-9]{3}[ -]?[A-Z0-9]{3,4}",
        .dateOfBirth: "(19[0-9]{2}|20[0-2][0-9])-[01][0-9]-[0-3][0-9]",
    ]

    @Test func everyProviderHasAValidityCheck() {
        #expect(Set(PIIProvider.allCases) == Set(Self.formats.keys))
    }

    /// Every provider: 2,000 values, each valid for its format and check digits, varied, reproducible.
    @Test(arguments: PIIProvider.allCases)
    func valuesAreValid(_ provider: PIIProvider) throws {
        var s = RandomStream(seed: 7)
        let values = (0..<2000).map { _ in provider.value(&s) }
        let format = try #require(Self.formats[provider])
        for v in values.prefix(300) { #expect(fullMatch(format, v), "\(provider): '\(v)'") }
        switch provider {
        case .creditCardNumber: #expect(values.allSatisfy(CheckDigits.isLuhnValid))
        case .iban: #expect(values.allSatisfy(CheckDigits.isIBANValid))
        case .vin: #expect(values.allSatisfy(CheckDigits.isVINValid))
        case .firstName, .lastName, .name:
            #expect(values.allSatisfy { $0.unicodeScalars.allSatisfy { CharacterSet.letters.contains($0) || " '-".unicodeScalars.contains($0) } })
        case .dateOfBirth:
            let oldest = PIIProvider.dateOfBirthReference - 116 * 365.25 * 86400
            for v in values { let t = try #require(DatetimeFormat.isoDate.parse(Array(v.utf8))); #expect(t >= oldest && t <= PIIProvider.dateOfBirthReference) }
        default: break
        }
        let distinct = Set(values).count
        #expect(distinct >= min(provider.vocabulary?.count ?? 2000, 2000) / 4, "\(provider): only \(distinct) distinct values")
        var again = RandomStream(seed: 7)
        #expect((0..<2000).map { _ in provider.value(&again) } == values)
    }

    /// The check-digit validators against published examples, valid and corrupted (negative controls).
    @Test func checkDigitsAgainstKnownNumbers() {
        #expect(CheckDigits.isLuhnValid("4111111111111111") && CheckDigits.isLuhnValid("79927398713"))
        #expect(!CheckDigits.isLuhnValid("4111111111111112") && !CheckDigits.isLuhnValid("79927398710"))
        #expect(CheckDigits.luhnDigit(forASCII: Array("7992739871".utf8)) == UInt8(ascii: "3"))
        #expect(CheckDigits.isIBANValid("GB82WEST12345698765432") && CheckDigits.isIBANValid("DE89370400440532013000"))
        #expect(!CheckDigits.isIBANValid("GB82WEST12345698765433") && !CheckDigits.isIBANValid("GB28WEST12345698765432"))
        #expect(CheckDigits.ibanCheckDigits(country: "GB", bban: "WEST12345698765432") == 82)
        #expect(CheckDigits.ibanCheckDigits(country: "DE", bbanASCII: Array("370400440532013000".utf8)) == 89)
        #expect(CheckDigits.isVINValid("1M8GDM9AXKP042788") && CheckDigits.isVINValid("11111111111111111"))
        #expect(!CheckDigits.isVINValid("1M8GDM9A1KP042788"))
    }

    /// The writer the multi-part formats are built with: pieces in order, zero-padded numbers.
    @Test func asciiWriterBuildsInPlace() {
        let text = ASCIIWriter.build(capacity: 32) { w in
            w.append("ab"); w.append(UInt8(ascii: "-")); w.append(Array("cd".utf8))
            w.append(number: 7, width: 3); w.append(number: 12345, width: 2); w.append(number: 0)
            w[0] = UInt8(ascii: "A")
        }
        #expect(text == "Ab-cd007123450")
        let long = ASCIIWriter.build { w in for _ in 0..<40 { w.append("xyz") } }
        #expect(long.utf8.count == 120 && long.allSatisfy { "xyz".contains($0) })
    }

    // MARK: Coordinates

    static func nearestPlaceDistance(_ lat: Double, _ lon: Double) -> Double {
        PIIVocabulary.places.map { max(abs($0.latitude - lat), abs($0.longitude - lon)) }.min()!
    }

    /// Places mode: pairs land within the jitter box of a real place, values in range and distinct.
    /// Independent mode (SDV's) is the negative control: its pairs are mostly far from every place.
    @Test func coordinatePairsComeFromPlaces() {
        let n = 300
        func pairs(_ mode: CoordinateMode) -> ([Double], [Double]) {
            let shared = RandomStream(seed: 3).derived("places")
            var p1 = shared, p2 = shared
            var s1 = RandomStream(seed: 4), s2 = RandomStream(seed: 5)
            return (CoordinateSampler.values(latitude: true, count: n, mode: mode, placeStream: &p1, stream: &s1),
                    CoordinateSampler.values(latitude: false, count: n, mode: mode, placeStream: &p2, stream: &s2))
        }
        for mode in CoordinateMode.allCases {
            let (lat, lon) = pairs(mode)
            #expect(lat.allSatisfy { (-90...90).contains($0) } && lon.allSatisfy { (-180...180).contains($0) })
            #expect(Set(lat).count == n && Set(lon).count == n)
            let near = zip(lat, lon).filter { Self.nearestPlaceDistance($0, $1) <= CoordinateSampler.jitter + 1e-6 }.count
            if mode == .places { #expect(near == n) } else { #expect(near < n / 4, "independent pairs near places: \(near)") }
        }
    }

    // MARK: Regex patterns

    /// Enumeration order (RDT's alphanumeric order) and sizes, checked by hand.
    @Test func regexEnumeration() throws {
        let p = try RegexPattern("[A-Z]{3}")
        #expect(p.exactSize == 17_576)
        #expect([0, 1, 26, 17_575].map { p.string(at: $0) } == ["AAA", "AAB", "ABA", "ZZZ"])
        let q = try RegexPattern("\\d-[ab]")
        #expect((0..<20).map { q.string(at: $0) } == (0..<10).flatMap { d in ["\(d)-a", "\(d)-b"] })
        #expect(try RegexPattern("[0-1a-z]{5}").exactSize == 28 * 28 * 28 * 28 * 28)
        #expect(try RegexPattern("[a-c]{1,2}").exactSize == nil)  // variable length: drawn, not enumerated
        #expect(try isClose(RegexPattern("[a-c]{1,2}").size, 12, rel: 1e-12))
        #expect(try RegexPattern("\\d{30}").exactSize == nil)
    }

    /// Random strings of many patterns all match by Foundation's engine; a wrong string does not
    /// (negative control).
    @Test func regexDrawsMatch() throws {
        var s = RandomStream(seed: 9)
        for source in ["[A-Z]{3}", "C[0-9]{6}", "[A-Za-z]{5}", "sdv-pii-[0-9a-z]{5}", "(abc)",
                       "[a-f0-9]{8}-[a-f0-9]{4}", "x+y*z?", "(?:[A-Z][0-9]){2,4}", "\\w{3}\\.\\d{1,3}", "^[0-9]{2}[-_][a-z]$",
                       "[\\d_]{4}", ".{3}"] {
            let p = try RegexPattern(source)
            for _ in 0..<200 {
                let v = p.randomString(&s)
                #expect(fullMatch(source, v), "\(source): '\(v)'")
            }
            if let size = p.exactSize {
                for i in [0, size / 2, size - 1] { #expect(fullMatch(source, p.string(at: i))) }
            }
        }
        #expect(!fullMatch("[A-Z]{3}", "AAAA") && !fullMatch("[A-Z]{3}", "aaa"))
    }

    @Test func unsupportedRegexIsAClearError() {
        for (source, fragment) in [("a|b", "alternation"), ("[^a]", "negated"), ("(ab", "unclosed group"),
                                   ("[ab", "unclosed character class"), ("*a", "nothing to repeat"),
                                   ("a{3,1}", "min > max"), ("(a)\\1", "backreferences"), ("[z-a]", "reversed")] {
            #expect {
                _ = try RegexPattern(source)
            } throws: { error in
                (error as? RegexPatternError)?.description.contains(fragment) == true
            }
        }
    }

    /// Distinct draws: sparse, dense, exhausted (RDT's fallbacks), and variable-length patterns.
    @Test func regexKeysAreDistinct() throws {
        var s = RandomStream(seed: 2)
        let three = try RegexPattern("[A-Z]{3}")
        for n in [5000, 17_000] {
            let keys = RegexSampler.distinct(three, count: n, stream: &s)
            #expect(keys.count == n && Set(keys).count == n && keys.allSatisfy { fullMatch("[A-Z]{3}", $0) })
        }
        let exhausted = RegexSampler.distinct(three, count: 17_600, stream: &s)
        #expect(Set(exhausted).count == 17_600)
        #expect(exhausted.filter { fullMatch("[A-Z]{3}", $0) }.count == 17_576)
        #expect(exhausted.suffix(24).allSatisfy { fullMatch("[A-Z]{3}\\(0\\)", $0) })
        let digits = RegexSampler.distinct(try RegexPattern("[0-9]{2}"), count: 105, stream: &s)
        #expect(Set(digits).count == 105 && Set(digits.suffix(5)) == ["100", "101", "102", "103", "104"])
        let variable = RegexSampler.distinct(try RegexPattern("[a-c]{1,2}"), count: 12, stream: &s)
        #expect(Set(variable) == Set(["a", "b", "c"] + ["a", "b", "c"].flatMap { x in ["a", "b", "c"].map { x + $0 } }))
    }

    @Test func inferredPatterns() {
        #expect(PatternInference.regexFormat(of: ["JFK", "LAX", "SFO"]) == "[A-Z]{3}")
        #expect(PatternInference.regexFormat(of: ["C-0012", "C-1234"]) == "[A-Z]\\-[0-9]{4}")
        #expect(PatternInference.regexFormat(of: ["ab12", "abc1234"]) == "[a-z]{2,3}[0-9]{2,4}")
        #expect(PatternInference.regexFormat(of: ["AB", "12"]) == nil)
        #expect(PatternInference.regexFormat(of: ["Zürich"]) == nil)
        #expect(PatternInference.regexFormat(of: [String]()) == nil)
    }
}
