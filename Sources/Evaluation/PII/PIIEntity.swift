import Foundation
import SynthTable

/// A kind of personal data the PII scan recognises, and the check a single value must pass to count as
/// one (Presidio's recognisers as regular expressions plus validators, written out by hand):
/// - `email`: local part and domain of word characters and `.!#$%&'*+/=?^_`{|}~-`, one `@`, a domain of
///   dot-separated labels whose last label (the TLD) has at least two letters;
/// - `phone`: an optional `+`, then 10 to 15 digits with at most spaces, dots, dashes and one pair of
///   parentheses between them (libphonenumber's validity per region is not reproduced);
/// - `ssn`: a US Social Security number, `ddd-dd-dddd`, `ddd dd dddd` or 9 digits, rejected by Presidio's
///   invalidation rules (mixed separators, all digits equal, group 00, serial 0000, area 000 or 666, the
///   advertising numbers 123456789, 98765432x and 078051120);
/// - `creditCard`: 13 to 19 digits (spaces or dashes allowed) starting with 1, 3, 4, 5 or 6 that pass Luhn;
/// - `iban`: two letters, two check digits and 11 to 30 letters or digits (spaces allowed) that pass ISO
///   7064 mod 97-10;
/// - `ipv4` / `ipv6`: a parseable address (`inet_pton`), the unspecified `::` excluded;
/// - `personName`: not recognisable from one value; found by sdtype or column name only.
public enum PIIEntity: String, Codable, Sendable, CaseIterable {
    case email, phone, ssn, creditCard = "credit_card", iban, ipv4, ipv6, personName = "person_name"

    /// The entity an SDV sdtype declares, if it is one of these.
    init?(sdtype: SDVSdtype) {
        switch sdtype {
        case .email: self = .email
        case .phoneNumber: self = .phone
        case .ssn: self = .ssn
        case .creditCardNumber: self = .creditCard
        case .iban: self = .iban
        case .ipv4Address: self = .ipv4
        case .ipv6Address: self = .ipv6
        case .name, .firstName, .lastName: self = .personName
        default: return nil
        }
    }

    /// A person-name column by its name: `name`, `first_name`, `surname`, `full name`, ... (the header acts
    /// as Presidio's context word).
    static func isPersonNameHeader(_ column: String) -> Bool {
        let tokens = column.lowercased().split { !$0.isLetter }.map(String.init)
        let joined = tokens.joined()
        return ["name", "firstname", "lastname", "surname", "fullname", "givenname", "familyname", "forename",
                "middlename", "maidenname"].contains(joined)
            || (tokens.last == "name" && ["first", "last", "full", "given", "family", "middle", "maiden", "person", "customer", "patient"].contains(tokens.first ?? ""))
    }

    /// Whether `value` is one of this entity (always false for person names).
    func matches(_ value: String) -> Bool {
        switch self {
        case .email: return Self.isEmail(value)
        case .phone: return Self.isPhone(value)
        case .ssn: return Self.isSSN(value)
        case .creditCard: return Self.isCreditCard(value)
        case .iban: return Self.isIBAN(value)
        case .ipv4: var a = in_addr(); return inet_pton(AF_INET, value, &a) == 1
        case .ipv6: var a = in6_addr(); return value != "::" && value.contains(":") && inet_pton(AF_INET6, value, &a) == 1
        case .personName: return false
        }
    }

    static let emailLocal = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.!#$%&'*+/=?^_`{|}~-")

    static func isEmail(_ v: String) -> Bool {
        let parts = v.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].allSatisfy({ emailLocal.contains($0) }) else { return false }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" } }) else { return false }
        let tld = labels.last!
        return tld.count >= 2 && tld.allSatisfy(\.isLetter)
    }

    static func isPhone(_ v: String) -> Bool {
        var digits = 0, opened = false, closed = false
        for (i, c) in v.enumerated() {
            switch c {
            case "0"..."9": digits += 1
            case "+": guard i == 0 else { return false }
            case " ", ".", "-": continue
            case "(": guard !opened else { return false }; opened = true
            case ")": guard opened, !closed else { return false }; closed = true
            default: return false
            }
        }
        return (10...15).contains(digits) && opened == closed
    }

    static func isSSN(_ v: String) -> Bool {
        let chars = Array(v)
        let digits = chars.filter(\.isNumber)
        guard digits.count == 9, digits.allSatisfy({ $0.isASCII }) else { return false }
        let separators = Set(chars.filter { !$0.isNumber })
        if chars.count == 11 {
            guard separators.count == 1, let s = separators.first, "- .".contains(s), chars[3] == s, chars[6] == s else { return false }
        } else {
            guard chars.count == 9 else { return false }
        }
        let d = String(digits)
        if Set(digits).count == 1 { return false }
        if d.dropFirst(3).prefix(2) == "00" || d.suffix(4) == "0000" { return false }
        for bad in ["000", "666", "123456789", "98765432", "078051120"] where d.hasPrefix(bad) { return false }
        return true
    }

    static func isCreditCard(_ v: String) -> Bool {
        let stripped = v.filter { $0 != " " && $0 != "-" }
        guard (13...19).contains(stripped.count), stripped.allSatisfy({ $0.isASCII && $0.isNumber }),
              let first = stripped.first, "13456".contains(first) else { return false }
        return CheckDigits.isLuhnValid(stripped)
    }

    static func isIBAN(_ v: String) -> Bool {
        let s = v.filter { $0 != " " }.uppercased()
        let c = Array(s)
        guard (15...34).contains(c.count), c[0].isLetter, c[1].isLetter, c[2].isNumber, c[3].isNumber,
              c.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return false }
        return CheckDigits.isIBANValid(s)
    }
}
