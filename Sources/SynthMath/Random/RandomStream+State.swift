extension RandomStream {
    /// Everything a ``RandomStream`` holds, for saving a stream mid-run and continuing it later (training
    /// checkpoints): the xoshiro256** words, the seed material ``derived(_:)`` keys off, and the Box-Muller
    /// value kept for the next ``nextNormal()``. A stream rebuilt from its state draws exactly what the
    /// original would have drawn next.
    public struct State: Sendable, Equatable, Codable {
        public var words: [UInt64]
        public var seedMaterial: UInt64
        public var spareNormal: Double?

        public init(words: [UInt64], seedMaterial: UInt64, spareNormal: Double?) {
            self.words = words; self.seedMaterial = seedMaterial; self.spareNormal = spareNormal
        }
    }

    /// The stream's current state.
    public var state: State { State(words: [s0, s1, s2, s3], seedMaterial: seedMaterial, spareNormal: spareNormal) }

    /// The stream continuing from `state`; nil when `state` is not one a stream can hold (not four words, or
    /// all four zero, xoshiro's fixed point).
    public init?(state: State) {
        guard state.words.count == 4, state.words.contains(where: { $0 != 0 }) else { return nil }
        seedMaterial = state.seedMaterial
        s0 = state.words[0]; s1 = state.words[1]; s2 = state.words[2]; s3 = state.words[3]
        spareNormal = state.spareNormal
    }
}
