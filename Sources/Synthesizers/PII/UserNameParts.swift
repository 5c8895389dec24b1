import SynthMath

/// One draw of Faker en_US's `user_name`: one of its four formats, `{{last_name}}.{{first_name}}`,
/// `{{first_name}}.{{last_name}}`, `{{first_name}}##` and `?{{last_name}}`, with the names' lower-case slugs.
///
/// The parts are drawn first and written after, so that a unique column can tell a repeat from its
/// ``code`` without writing the value: the code is a dense integer that is equal for two draws exactly when
/// their user names are equal (see ``code``). The random numbers are drawn in the order of the formats, so
/// the values are the ones writing each piece as it is drawn gives.
struct UserNameParts: Equatable {
    enum Format: Int { case lastDotFirst, firstDotLast, firstDigits, initialLast }

    var format: Format
    /// Indices into ``PIIVocabulary/firstNames`` and ``PIIVocabulary/lastNames`` (0 where unused).
    var first: Int, last: Int
    /// The two digits (0...99) of `firstDigits`, the letter (0...25) of `initialLast`.
    var number: Int

    static func draw(_ s: inout RandomStream) -> UserNameParts {
        switch s.nextInt(below: 4) {
        case 0:
            let last = PIIVocabulary.lastNames.index(&s)
            return UserNameParts(format: .lastDotFirst, first: PIIVocabulary.firstNames.index(&s), last: last, number: 0)
        case 1:
            let first = PIIVocabulary.firstNames.index(&s)
            return UserNameParts(format: .firstDotLast, first: first, last: PIIVocabulary.lastNames.index(&s), number: 0)
        case 2:
            let first = PIIVocabulary.firstNames.index(&s)
            let tens = s.nextInt(below: 10)
            return UserNameParts(format: .firstDigits, first: first, last: 0, number: 10 * tens + s.nextInt(below: 10))
        default:
            let letter = s.nextInt(below: 26)
            return UserNameParts(format: .initialLast, first: 0, last: PIIVocabulary.lastNames.index(&s), number: letter)
        }
    }

    func write(into w: inout ASCIIWriter) {
        let slugs = PIIVocabulary.nameSlugs
        switch format {
        case .lastDotFirst:
            slugs.last.write(last, into: &w); w.append(UInt8(ascii: ".")); slugs.first.write(first, into: &w)
        case .firstDotLast:
            slugs.first.write(first, into: &w); w.append(UInt8(ascii: ".")); slugs.last.write(last, into: &w)
        case .firstDigits: slugs.first.write(first, into: &w); w.append(number: number, width: 2)
        case .initialLast: w.append(97 + UInt8(number)); slugs.last.write(last, into: &w)
        }
    }

    /// A code in `0..<codeCount`, equal for two draws exactly when their user names are equal.
    ///
    /// Names are coded by their slug (``NameSlugs/firstID``, ``NameSlugs/lastID``: one id per distinct slug
    /// over both lists, so `James` the first name and `James` the last name share one), and the two dotted
    /// formats by (left slug, right slug), so `james.taylor` has one code whichever format wrote it. The
    /// code is then one-to-one because the formats cannot write the same string: slugs are letters only, so
    /// a dotted name has the one `.`, `##` names end in digits, and `?` names have neither; within a
    /// format the slugs are read back by splitting at the `.`, the digits, or the first letter.
    var code: Int {
        let slugs = PIIVocabulary.nameSlugs, n = slugs.count
        switch format {
        case .lastDotFirst: return slugs.lastID[last] * n + slugs.firstID[first]
        case .firstDotLast: return slugs.firstID[first] * n + slugs.lastID[last]
        case .firstDigits: return n * n + slugs.firstID[first] * 100 + number
        case .initialLast: return n * n + n * 100 + number * n + slugs.lastID[last]
        }
    }

    /// The number of codes.
    static var codeCount: Int {
        let n = PIIVocabulary.nameSlugs.count
        return n * n + n * 100 + 26 * n
    }
}
