import Foundation

/// A value's text trimmed as the PII checks read it, with the few byte counts that every entity check
/// needs at least some of, so that a value that cannot pass a check is rejected without running it.
///
/// The scan checks each distinct text of a column against every entity; a numeric column of a million
/// synthetic rows has a million distinct texts, none of which is PII. Each bound below is a necessary
/// condition of the matching check in ``PIIEntity/matches(_:)`` (so the findings are those of running
/// every check): an email has an `@`; a phone number has at least 10 ASCII digits, an SSN 9, a credit card
/// 13 (each digit the checks count starts with an ASCII digit byte); an IBAN has at least 15 characters
/// after removing spaces, and an upper-cased character that is ASCII comes from at least one UTF-8 byte;
/// an IPv4 address has three dots (`inet_pton`'s dotted quad); an IPv6 address a colon.
struct PIITextShape {
    /// The value with leading and trailing whitespace removed.
    let trimmed: String
    private let bytes: Int, digits: Int, dots: Int
    private let at: Bool, colon: Bool

    init(_ text: String) {
        // Foundation's trim (Unicode whitespace) only when an end might be whitespace; an ASCII byte
        // other than space and tab at both ends means there is nothing to trim.
        let u = text.utf8
        if let f = u.first, let l = u.last, f < 0x80, l < 0x80, f != 0x20, f != 0x09, l != 0x20, l != 0x09 {
            trimmed = text
        } else {
            trimmed = text.trimmingCharacters(in: .whitespaces)
        }
        var digits = 0, dots = 0, at = false, colon = false, bytes = 0
        for b in trimmed.utf8 {
            bytes += 1
            switch b {
            case 0x30...0x39: digits += 1
            case 0x2E: dots += 1
            case 0x40: at = true
            case 0x3A: colon = true
            default: break
            }
        }
        (self.bytes, self.digits, self.dots, self.at, self.colon) = (bytes, digits, dots, at, colon)
    }

    /// Whether `entity`'s check passes.
    func matches(_ entity: PIIEntity) -> Bool {
        let possible: Bool
        switch entity {
        case .email: possible = at
        case .phone: possible = digits >= 10
        case .ssn: possible = digits >= 9
        case .creditCard: possible = digits >= 13
        case .iban: possible = bytes >= 15
        case .ipv4: possible = dots >= 3
        case .ipv6: possible = colon
        case .personName: return false
        }
        return possible && entity.matches(trimmed)
    }
}
