import SynthMath

/// How `latitude` and `longitude` columns are generated.
public enum CoordinateMode: String, Sendable, CaseIterable {
    /// Points near real places of the bundled GeoNames cities; a latitude column and a longitude column
    /// (the i-th of each) draw the same place per row, so the pair lands on a city (a deviation from SDV).
    case places
    /// Each column on its own, uniform over its range, as SDV's Faker `latitude()` / `longitude()`.
    case independent
}

/// Coordinates in degrees. In `places` mode a row's place comes from `placeStream` (shared by the two
/// columns of a pair, so they pick the same place) and the point is moved by up to ``jitter`` degrees with
/// the column's own stream, so that values are distinct and no value is exactly a city's centre.
enum CoordinateSampler {
    /// Half-width of the box around a place, in degrees (about 5.5 km of latitude).
    static let jitter = 0.05

    static func values(latitude: Bool, count: Int, mode: CoordinateMode, placeStream: inout RandomStream,
                       stream: inout RandomStream) -> [Double] {
        let places = PIIVocabulary.places
        var out = [Double](repeating: 0, count: count)
        for i in 0..<count {
            var v: Double
            switch mode {
            case .independent:
                v = latitude ? stream.uniform(-90, 90) : stream.uniform(-180, 180)
            case .places:
                let p = places[placeStream.nextInt(below: places.count)]
                v = (latitude ? p.latitude : p.longitude) + stream.uniform(-jitter, jitter)
                if latitude { v = min(90, max(-90, v)) } else if v > 180 { v -= 360 } else if v < -180 { v += 360 }
            }
            out[i] = (v * 1_000_000).rounded() / 1_000_000
        }
        return out
    }
}
