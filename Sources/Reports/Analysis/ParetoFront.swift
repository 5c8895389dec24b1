/// The quality/time Pareto front in SDGym's sense (sdv.md 1.10): an entry is on the front iff no other
/// entry has strictly higher quality AND strictly lower time.
package enum ParetoFront {
    package typealias Point = (quality: Double, time: Double)

    /// For each (quality, time) point, whether it is on the front.
    package static func membership(_ points: [Point]) -> [Bool] {
        points.map { p in !points.contains { $0.quality > p.quality && $0.time < p.time } }
    }

    /// The front's points ordered by time, then quality: the corners of the step line (quality can only
    /// rise as time grows along it).
    package static func steps(_ points: [Point]) -> [Point] {
        let onFront = membership(points)
        var front: [Point] = []
        for (p, on) in zip(points, onFront) where on { front.append(p) }
        return front.sorted { a, b in a.time != b.time ? a.time < b.time : a.quality < b.quality }
    }
}
