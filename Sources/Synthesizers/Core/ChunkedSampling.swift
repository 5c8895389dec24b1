import SynthTable

/// A synthesizer that can hand its sample over in row chunks, so that memory grows with the chunk, not
/// with the row count (`generate --rows N`, `bench scale`). The chunks, concatenated, are byte for byte
/// the table `sample(count:seed:context:)` returns for the same seed.
public protocol ChunkedSampling: Synthesizer {
    /// Draws `count` rows and passes them to `chunk` in order, a chunk at a time.
    func sample(count: Int, seed: UInt64, context: SynthesisContext, chunk: (Table) throws -> Void) throws
}

extension Synthesizer {
    /// Streams `count` rows in chunks when the synthesizer samples in chunks, else passes the whole table
    /// as one chunk.
    public func sampleChunks(count: Int, seed: UInt64, context: SynthesisContext,
                             _ chunk: (Table) throws -> Void) throws {
        if let chunked = self as? any ChunkedSampling {
            try chunked.sample(count: count, seed: seed, context: context, chunk: chunk)
        } else {
            try chunk(try sample(count: count, seed: seed, context: context))
        }
    }
}
