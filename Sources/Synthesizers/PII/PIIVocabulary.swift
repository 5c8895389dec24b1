/// The bundled lists (``BundledLists``), parsed on first use. Locale `en_US`, the only one bundled.
enum PIIVocabulary {
    static let firstNames = WeightedList(lines: BundledLists.firstNames, weighted: true)
    static let lastNames = WeightedList(lines: BundledLists.lastNames, weighted: true)
    static let jobs = WeightedList(lines: BundledLists.jobs)
    static let countries = WeightedList(lines: BundledLists.countries)
    static let countryCodes = WeightedList(lines: BundledLists.countryCodes)
    static let states = WeightedList(lines: BundledLists.states)
    static let stateAbbreviations = WeightedList(lines: BundledLists.stateAbbreviations)
    static let streetSuffixes = WeightedList(lines: BundledLists.streetSuffixes)
    /// The names as user-name parts, by list index, with one id per distinct slug.
    static let nameSlugs = NameSlugs(firstNames: firstNames.values, lastNames: lastNames.values)

    /// Real places (latitude, longitude in degrees), from the bundled GeoNames cities.
    static let places: [(latitude: Double, longitude: Double)] = BundledLists.places
        .split(separator: "\n").map { line in
            let parts = line.split(separator: "\t")
            precondition(parts.count == 2, "bundled places: malformed line '\(line)'")
            return (Double(parts[0])!, Double(parts[1])!)
        }

    // Faker 40 en_US address and company formats (MIT), small enough to keep here.
    static let cityPrefixes = ["North", "East", "West", "South", "New", "Lake", "Port"]
    static let citySuffixes = ["town", "ton", "land", "ville", "berg", "burgh", "borough", "bury", "view", "port",
                               "mouth", "stad", "furt", "chester", "mouth", "fort", "haven", "side", "shire"]
    static let companySuffixes = ["Inc", "and Sons", "LLC", "Group", "PLC", "Ltd"]
    static let topLevelDomains = ["com", "com", "com", "com", "com", "com", "biz", "info", "net", "org"]
    static let safeEmailDomains = ["example.com", "example.org", "example.net"]
}
