/// The bundled first and last names as user-name parts (``PIIProvider/slug(_:)``: lower-case ASCII letters),
/// by list index, and one id per distinct slug over both lists, so that a code built from ids is equal
/// exactly when the written parts are (``UserNameParts/code``). A class, so a draw reads it through one
/// reference instead of copying its arrays out of a global.
final class NameSlugs: Sendable {
    let first: PackedStrings
    let last: PackedStrings
    /// The id of each first name's and each last name's slug, in `0..<count`.
    let firstID: [Int]
    let lastID: [Int]
    /// The number of distinct slugs.
    let count: Int

    init(firstNames: [String], lastNames: [String]) {
        let firstSlugs = firstNames.map(PIIProvider.slug), lastSlugs = lastNames.map(PIIProvider.slug)
        var ids: [[UInt8]: Int] = [:]
        func id(_ slug: [UInt8]) -> Int {
            if let known = ids[slug] { return known }
            ids[slug] = ids.count
            return ids.count - 1
        }
        first = PackedStrings(firstSlugs)
        last = PackedStrings(lastSlugs)
        firstID = firstSlugs.map(id)
        lastID = lastSlugs.map(id)
        count = ids.count
    }
}
