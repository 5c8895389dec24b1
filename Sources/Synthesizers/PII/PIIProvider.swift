import SynthMath
import SynthTable

/// A generator of plausible values for one PII sdtype, as RDT's `AnonymizedFaker` calls Faker's `en_US`
/// provider function named by the sdtype (`rdt.transformers.pii.anonymization`: the sdtype is the Faker
/// function, except `SDTYPE_ANONYMIZERS`' renames such as `ipv4_address` -> `ipv4`). Values come from the
/// bundled lists (``PIIVocabulary``, sources in `README.md` beside this file) through Faker's en_US formats;
/// nothing is taken from the table being synthesized.
///
/// Coordinates (`latitude`, `longitude`) are drawn by ``CoordinateSampler``; as text they are formatted here.
public enum PIIProvider: String, Sendable, Equatable, CaseIterable {
    case name, firstName, lastName, userName, email, phoneNumber, ssn
    case address, streetAddress, secondaryAddress, city, administrativeUnit, stateAbbr, postcode
    case country, countryCode, latitude, longitude
    case ipv4, ipv6, macAddress, userAgent, url
    case company, job, creditCardNumber, iban, swift8, swift11, vin, licensePlate, dateOfBirth

    /// The provider for an sdtype, nil for the non-PII sdtypes, `id` and `unknown`.
    public init?(sdtype: SDVSdtype) {
        switch sdtype {
        case .numerical, .categorical, .boolean, .datetime, .id, .unknown: return nil
        case .name: self = .name
        case .firstName: self = .firstName
        case .lastName: self = .lastName
        case .userName: self = .userName
        case .email: self = .email
        case .phoneNumber: self = .phoneNumber
        case .ssn: self = .ssn
        case .address: self = .address
        case .streetAddress: self = .streetAddress
        case .secondaryAddress: self = .secondaryAddress
        case .city: self = .city
        case .administrativeUnit: self = .administrativeUnit
        case .stateAbbr: self = .stateAbbr
        case .postcode: self = .postcode
        case .country: self = .country
        case .countryCode: self = .countryCode
        case .latitude: self = .latitude
        case .longitude: self = .longitude
        case .ipv4Address: self = .ipv4
        case .ipv6Address: self = .ipv6
        case .macAddress: self = .macAddress
        case .userAgentString: self = .userAgent
        case .url: self = .url
        case .company: self = .company
        case .job: self = .job
        case .creditCardNumber: self = .creditCardNumber
        case .iban: self = .iban
        case .swift8: self = .swift8
        case .swift11: self = .swift11
        case .vin: self = .vin
        case .licensePlate: self = .licensePlate
        case .dateOfBirth: self = .dateOfBirth
        }
    }

    /// The bundled list the values are drawn from verbatim, for providers that draw whole values from one;
    /// a training value found there is reported (shared by chance, not copied).
    var vocabulary: WeightedList? {
        switch self {
        case .firstName: PIIVocabulary.firstNames
        case .lastName: PIIVocabulary.lastNames
        case .administrativeUnit: PIIVocabulary.states
        case .stateAbbr: PIIVocabulary.stateAbbreviations
        case .country: PIIVocabulary.countries
        case .countryCode: PIIVocabulary.countryCodes
        case .job: PIIVocabulary.jobs
        default: nil
        }
    }

    /// Faker's `date_of_birth` draws ages 0...115 years before today; SynthBench counts from this fixed day
    /// (2026-01-01) so that a seed gives the same table on any day.
    public static let dateOfBirthReference: Double = 1_767_225_600
    static let dateOfBirthSpanDays = Int((115 * 365.2425).rounded())

    /// One value.
    public func value(_ s: inout RandomStream) -> String {
        switch self {
        case .name, .userName, .email, .address, .streetAddress, .secondaryAddress, .city, .url, .iban:
            return ASCIIWriter.build { write(into: &$0, &s) }
        case .firstName: return PIIVocabulary.firstNames.draw(&s)
        case .lastName: return PIIVocabulary.lastNames.draw(&s)
        case .phoneNumber: return Self.phoneNumber(&s)
        case .ssn:
            // Faker en_US: area 001-899 except 666, group 01-99, serial 0001-9999.
            var area = 1 + s.nextInt(below: 898)
            if area >= 666 { area += 1 }
            return Self.pad(area, 3) + "-" + Self.pad(1 + s.nextInt(below: 99), 2) + "-"
                + Self.pad(1 + s.nextInt(below: 9999), 4)
        case .administrativeUnit: return PIIVocabulary.states.draw(&s)
        case .stateAbbr: return PIIVocabulary.stateAbbreviations.draw(&s)
        case .postcode: return Self.postcode(&s)
        case .country: return PIIVocabulary.countries.draw(&s)
        case .countryCode: return PIIVocabulary.countryCodes.draw(&s)
        case .latitude: return Self.decimal(s.uniform(-90, 90))
        case .longitude: return Self.decimal(s.uniform(-180, 180))
        case .ipv4:
            var first = 1 + s.nextInt(below: 223)
            if first == 127 { first = 128 }
            return "\(first).\(s.nextInt(below: 256)).\(s.nextInt(below: 256)).\(1 + s.nextInt(below: 254))"
        case .ipv6: return Self.hexGroups(8, digits: 4, &s)
        case .macAddress:
            // Unicast, as Faker's default (`multicast=False`): the first octet's lowest bit is clear.
            return Self.hexGroups(6, digits: 2, clearFirstBit: true, &s)
        case .userAgent: return Self.userAgent(&s)
        case .company:
            switch s.nextInt(below: 3) {
            case 0: return PIIVocabulary.lastNames.draw(&s) + " " + Self.pick(PIIVocabulary.companySuffixes, &s)
            case 1: return PIIVocabulary.lastNames.draw(&s) + "-" + PIIVocabulary.lastNames.draw(&s)
            default:
                return PIIVocabulary.lastNames.draw(&s) + ", " + PIIVocabulary.lastNames.draw(&s) + " and "
                    + PIIVocabulary.lastNames.draw(&s)
            }
        case .job: return PIIVocabulary.jobs.draw(&s)
        case .creditCardNumber: return Self.creditCardNumber(&s)
        case .swift8: return Self.letters(4, &s) + "GB" + Self.alphanumerics(2, &s)
        case .swift11: return Self.letters(4, &s) + "GB" + Self.alphanumerics(5, &s)
        case .vin: return Self.vin(&s)
        case .licensePlate: return Self.licensePlate(&s)
        case .dateOfBirth: return DatetimeFormat.isoDate.format(Self.dateOfBirthSeconds(&s))
        }
    }

    /// One value's bytes written into `w`: the bytes ``value(_:)`` returns, drawn the same way, so a column
    /// generator can key values by bytes (``IdentifierGenerator``) without a `String` per row.
    func write(into w: inout ASCIIWriter, _ s: inout RandomStream) {
        switch self {
        case .name:
            w.append(PIIVocabulary.firstNames.draw(&s)); w.append(UInt8(ascii: " ")); w.append(PIIVocabulary.lastNames.draw(&s))
        case .userName: UserNameParts.draw(&s).write(into: &w)
        case .email: EmailParts.draw(&s).write(into: &w)
        case .address:
            Self.streetAddress(into: &w, &s)
            w.append(UInt8(ascii: "\n"))
            Self.city(into: &w, &s)
            w.append(", ")
            w.append(PIIVocabulary.stateAbbreviations.draw(&s))
            w.append(UInt8(ascii: " "))
            Self.postcode(into: &w, &s)
        case .streetAddress: Self.streetAddress(into: &w, &s)
        case .secondaryAddress: Self.secondaryAddress(into: &w, &s)
        case .city: Self.city(into: &w, &s)
        case .url:
            w.append(s.nextInt(below: 2) == 0 ? "https://www." : "http://")
            Self.domainName(into: &w, &s)
            w.append(UInt8(ascii: "/"))
        case .iban:
            // Faker en_US's bank provider: GB, BBAN of 4 letters and 14 digits.
            let start = w.count
            w.append("GB00")
            w.append(random: 4, from: Self.upper, &s)
            w.append(random: 14, from: Self.decimalDigits, &s)
            let check = CheckDigits.ibanCheckDigits(country: "GB", bbanASCII: w.bytes(from: start + 4))
            w[start + 2] = UInt8(48 + check / 10)
            w[start + 3] = UInt8(48 + check % 10)
        case .dateOfBirth:
            // `%Y-%m-%d` written in place: the birth dates are whole days after year 1000.
            let (y, m, d) = DatetimeFormat.civilFromDays(Int64((Self.dateOfBirthSeconds(&s) / 86_400).rounded(.down)))
            w.append(number: y, width: 4); w.append(UInt8(ascii: "-"))
            w.append(number: m, width: 2); w.append(UInt8(ascii: "-"))
            w.append(number: d, width: 2)
        default: w.append(value(&s))
        }
    }

    /// A birth date (midnight UTC, seconds since the epoch) 0...115 years before ``dateOfBirthReference``.
    public static func dateOfBirthSeconds(_ s: inout RandomStream) -> Double {
        dateOfBirthReference - Double(s.nextInt(below: dateOfBirthSpanDays + 1)) * 86_400
    }

    // MARK: Formats (Faker en_US)

    static func pick(_ values: [String], _ s: inout RandomStream) -> String { values[s.nextInt(below: values.count)] }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    static let hexDigits = Array("0123456789abcdef".utf8)

    /// `groups` random groups of `digits` lower-case hex digits joined by `:`; with `clearFirstBit`, the
    /// first group's value is even (a unicast MAC address).
    static func hexGroups(_ groups: Int, digits: Int, clearFirstBit: Bool = false, _ s: inout RandomStream) -> String {
        ascii(groups * (digits + 1) - 1) { b in
            var i = 0
            for g in 0..<groups {
                if g > 0 { b[i] = UInt8(ascii: ":"); i += 1 }
                var v = s.nextInt(below: 1 << (4 * digits))
                if g == 0 && clearFirstBit { v &= ~1 }
                for d in stride(from: digits - 1, through: 0, by: -1) { b[i] = hexDigits[(v >> (4 * d)) & 15]; i += 1 }
            }
        }
    }

    static func decimal(_ value: Double) -> String {
        // Six decimals, as Faker's coordinates.
        let scaled = (value * 1_000_000).rounded()
        let negative = scaled < 0
        let magnitude = Int(abs(scaled))
        return (negative ? "-" : "") + String(magnitude / 1_000_000) + "." + pad(magnitude % 1_000_000, 6)
    }

    static let upper = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
    static let alnum = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8)

    /// An ASCII string of `count` bytes written in place (one allocation at most).
    static func ascii(_ count: Int, _ body: (UnsafeMutableBufferPointer<UInt8>) -> Void) -> String {
        String(unsafeUninitializedCapacity: count) { buffer in
            body(buffer)
            return count
        }
    }

    /// `n` characters drawn uniformly from `alphabet`.
    static func draw(_ n: Int, from alphabet: [UInt8], _ s: inout RandomStream) -> String {
        ascii(n) { b in for i in 0..<n { b[i] = alphabet[s.nextInt(below: alphabet.count)] } }
    }

    static let decimalDigits = Array("0123456789".utf8)

    static func letters(_ n: Int, _ s: inout RandomStream) -> String { draw(n, from: upper, &s) }
    static func alphanumerics(_ n: Int, _ s: inout RandomStream) -> String { draw(n, from: alnum, &s) }
    static func digits(_ n: Int, _ s: inout RandomStream) -> String { draw(n, from: decimalDigits, &s) }

    /// Lower-case ASCII letters of a name (Faker transliterates; the bundled names are ASCII already).
    static func slug(_ text: String) -> [UInt8] {
        text.utf8.compactMap { c -> UInt8? in
            switch c {
            case 65...90: return c + 32
            case 97...122: return c
            default: return nil
            }
        }
    }

    /// A last name's slug, drawn with the list's weights, appended to `w`.
    static func lastNameSlug(into w: inout ASCIIWriter, _ s: inout RandomStream) {
        PIIVocabulary.nameSlugs.last.write(PIIVocabulary.lastNames.index(&s), into: &w)
    }

    static func domainName(into w: inout ASCIIWriter, _ s: inout RandomStream) {
        let tld = pick(PIIVocabulary.topLevelDomains, &s)
        let twoNames = s.nextInt(below: 2) != 0
        lastNameSlug(into: &w, &s)
        if twoNames { w.append(UInt8(ascii: "-")); lastNameSlug(into: &w, &s) }
        w.append(UInt8(ascii: "."))
        w.append(tld)
    }

    /// Faker en_US phone formats; `$` (the area code's and exchange's first digit) is 2-9.
    static let phoneFormats = ["$##-$##-####", "($##)$##-####", "$##.$##.####", "$##$######", "+1-$##-$##-####",
                               "001-$##-$##-####", "$##-$##-####x###", "($##)$##-####x####"]

    static func phoneNumber(_ s: inout RandomStream) -> String {
        fill(pick(phoneFormats, &s), &s)
    }

    /// Faker's `bothify`/`numerify` placeholders: `#` a digit, `$` a digit 2-9, `?` an upper-case letter.
    static func fill(_ format: String, _ s: inout RandomStream) -> String {
        ascii(format.utf8.count) { b in
            for (i, c) in format.utf8.enumerated() {
                switch c {
                case UInt8(ascii: "#"): b[i] = UInt8(48 + s.nextInt(below: 10))
                case UInt8(ascii: "$"): b[i] = UInt8(50 + s.nextInt(below: 8))
                case UInt8(ascii: "?"): b[i] = upper[s.nextInt(below: 26)]
                default: b[i] = c
                }
            }
        }
    }

    static func city(into w: inout ASCIIWriter, _ s: inout RandomStream) {
        switch s.nextInt(below: 4) {
        case 0:
            w.append(pick(PIIVocabulary.cityPrefixes, &s)); w.append(UInt8(ascii: " "))
            w.append(PIIVocabulary.firstNames.draw(&s)); w.append(pick(PIIVocabulary.citySuffixes, &s))
        case 1: w.append(pick(PIIVocabulary.cityPrefixes, &s)); w.append(UInt8(ascii: " ")); w.append(PIIVocabulary.firstNames.draw(&s))
        case 2: w.append(PIIVocabulary.firstNames.draw(&s)); w.append(pick(PIIVocabulary.citySuffixes, &s))
        default: w.append(PIIVocabulary.lastNames.draw(&s)); w.append(pick(PIIVocabulary.citySuffixes, &s))
        }
    }

    static func streetAddress(into w: inout ASCIIWriter, _ s: inout RandomStream) {
        let buildingDigits = 3 + s.nextInt(below: 3)
        w.append(random: buildingDigits, from: decimalDigits, &s)
        w.append(UInt8(ascii: " "))
        w.append((s.nextInt(below: 2) == 0 ? PIIVocabulary.firstNames : PIIVocabulary.lastNames).draw(&s))
        w.append(UInt8(ascii: " "))
        w.append(PIIVocabulary.streetSuffixes.draw(&s))
        if s.nextInt(below: 2) != 0 { w.append(UInt8(ascii: " ")); secondaryAddress(into: &w, &s) }
    }

    static func secondaryAddress(into w: inout ASCIIWriter, _ s: inout RandomStream) {
        w.append(s.nextInt(below: 2) == 0 ? "Apt. " : "Suite ")
        w.append(random: 3, from: decimalDigits, &s)
    }

    /// Five digits in 00501...99950 (the range of US ZIP codes, as Faker's `postcode`).
    static func postcode(_ s: inout RandomStream) -> String { pad(501 + s.nextInt(below: 99_450), 5) }
    static func postcode(into w: inout ASCIIWriter, _ s: inout RandomStream) { w.append(number: 501 + s.nextInt(below: 99_450), width: 5) }

    /// Card types Faker picks from, as (prefixes, length).
    static let cardTypes: [([String], Int)] = [
        (["4"], 16), (["4"], 13), (["51", "52", "53", "54", "55"], 16), (["34", "37"], 15), (["6011", "65"], 16),
        (["3528", "3538", "3548", "3558", "3568", "3578", "3589"], 16), (["300", "301", "302", "303", "304", "305"], 14),
    ]

    static func creditCardNumber(_ s: inout RandomStream) -> String {
        let (prefixes, length) = cardTypes[s.nextInt(below: cardTypes.count)]
        let prefix = pick(prefixes, &s)
        return ascii(length) { b in
            for (i, c) in prefix.utf8.enumerated() { b[i] = c }
            for i in prefix.utf8.count..<(length - 1) { b[i] = UInt8(48 + s.nextInt(below: 10)) }
            b[length - 1] = CheckDigits.luhnDigit(forASCII: b[0..<(length - 1)])
        }
    }

    /// VIN characters (no I, O, Q).
    static let vinCharacters = Array("0123456789ABCDEFGHJKLMNPRSTUVWXYZ".utf8)

    static func vin(_ s: inout RandomStream) -> String {
        ascii(17) { b in
            for i in 0..<17 { b[i] = vinCharacters[s.nextInt(below: vinCharacters.count)] }
            b[8] = CheckDigits.vinCheck(b)
        }
    }

    /// A sample of Faker en_US's license plate formats.
    static let plateFormats = ["###-???", "??? ####", "#??####", "### ???", "???-####", "??# ####", "#?? ###", "???-###"]

    static func licensePlate(_ s: inout RandomStream) -> String { fill(pick(plateFormats, &s), &s) }

    static func userAgent(_ s: inout RandomStream) -> String {
        switch s.nextInt(below: 3) {
        case 0:
            let windows = pick(["10.0", "6.1", "6.3"], &s)
            return "Mozilla/5.0 (Windows NT \(windows); Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/"
                + "\(80 + s.nextInt(below: 50)).0.\(3000 + s.nextInt(below: 3000)).\(s.nextInt(below: 200)) Safari/537.36"
        case 1:
            return "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_\(12 + s.nextInt(below: 4))_\(s.nextInt(below: 8))) "
                + "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/\(12 + s.nextInt(below: 6)).\(s.nextInt(below: 7)) Safari/605.1.15"
        default:
            let v = 80 + s.nextInt(below: 50)
            return "Mozilla/5.0 (X11; Linux x86_64; rv:\(v).0) Gecko/20100101 Firefox/\(v).0"
        }
    }
}
