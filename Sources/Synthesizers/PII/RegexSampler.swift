import SynthMath

/// Distinct strings from a ``RegexPattern``: RDT's `RegexGenerator(cardinality_rule='unique',
/// generation_order='scrambled')`.
///
/// RDT takes the first n strings of its alphanumeric enumeration and shuffles them (keys `aaaaa`,
/// `aaaab`, ... in random order). SynthBench draws n distinct strings uniformly from the whole pattern
/// instead (distinct enumeration indices when the pattern has one derivation per string, else distinct
/// draws), so keys do not share a long common prefix; a documented deviation. When the pattern has fewer
/// strings than asked for, all of them come first and the rest follows RDT's fallback: counting on from
/// the last one when it is a number, else `value(k)` suffixes (RDT warns; the values no longer match).
enum RegexSampler {
    static func distinct(_ pattern: RegexPattern, count: Int, stream s: inout RandomStream) -> [String] {
        guard count > 0 else { return [] }
        if let size = pattern.exactSize {
            if size < UInt64(count) {
                var all = (0..<size).map { pattern.string(at: $0) }
                let last = all.last ?? ""
                s.shuffle(&all)
                return all + fallback(count - all.count, templates: (0..<size).map { pattern.string(at: $0) }, last: last)
            }
            if size <= 2 * UInt64(count) {
                // Dense: a random subset of all indices.
                var indices = Array(0..<size)
                s.shuffle(&indices)
                return indices.prefix(count).map { pattern.string(at: $0) }
            }
            var seen = Set<UInt64>(minimumCapacity: count)
            var out: [String] = []
            out.reserveCapacity(count)
            while out.count < count {
                let i = UInt64(s.nextInt(below: Int(size)))
                if seen.insert(i).inserted { out.append(pattern.string(at: i)) }
            }
            return out
        }
        // Variable-length or huge patterns: distinct draws, with a bound on fruitless draws for patterns
        // that match fewer strings than asked for.
        var draws = DistinctDraws(capacity: count)
        draws.fill(upTo: count, maxMisses: 10_000) { pattern.randomString(&s) }
        var out = draws.values
        if out.count < count {
            let templates = out.sorted()
            out += fallback(count - out.count, templates: templates, last: templates.last ?? "")
        }
        return out
    }

    /// RDT `_create_numerical_fallback_generator`: `last + 1, last + 2, ...` when the last template is an
    /// integer, else `t(0)` for every template, then `t(1)`, ...
    static func fallback(_ n: Int, templates: [String], last: String) -> [String] {
        if let start = Int(last), !last.isEmpty {
            return (1...n).map { String(start + $0) }
        }
        var out: [String] = []
        var counter = 0
        while out.count < n {
            for t in templates where out.count < n { out.append("\(t)(\(counter))") }
            counter += 1
        }
        return out
    }
}
