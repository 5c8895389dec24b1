import SynthMath

/// One draw of Faker en_US's safe `email`: `{{user_name}}@{{safe_domain_name}}`, the domain one of
/// ``PIIVocabulary/safeEmailDomains``. Drawn as parts, written after, with a ``code`` that is equal for two
/// draws exactly when their emails are (the user name's code and the domain's index: the text after the one
/// `@` is the domain).
struct EmailParts: Equatable {
    var user: UserNameParts
    var domain: Int

    static func draw(_ s: inout RandomStream) -> EmailParts {
        let user = UserNameParts.draw(&s)
        return EmailParts(user: user, domain: s.nextInt(below: PIIVocabulary.safeEmailDomains.count))
    }

    func write(into w: inout ASCIIWriter) {
        user.write(into: &w)
        w.append(UInt8(ascii: "@"))
        w.append(PIIVocabulary.safeEmailDomains[domain])
    }

    /// A code in `0..<codeCount`, equal for two draws exactly when their emails are equal.
    var code: Int { user.code * PIIVocabulary.safeEmailDomains.count + domain }

    static var codeCount: Int { UserNameParts.codeCount * PIIVocabulary.safeEmailDomains.count }
}
