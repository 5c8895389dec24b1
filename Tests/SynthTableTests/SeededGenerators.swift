import PropertyBased
import SynthMath

/// A property-test generator state from one seed. The four state words are drawn from a
/// `RandomStream`, because xoshiro's first outputs from a low-entropy state such as (1, 2, 3, 4) are
/// tiny numbers, which would make every generated table one row long.
func seededXoshiro(_ seed: UInt64) -> Xoshiro {
    var stream = RandomStream(seed: seed)
    return Xoshiro(seed: (stream.next(), stream.next(), stream.next(), stream.next()))
}
