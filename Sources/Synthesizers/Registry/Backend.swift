/// The two conventions SynthBench runs generators in.
public enum Backend: String, CaseIterable, Sendable, Codable {
    /// SDV's defaults and preprocessing (RDT transformers, CTGAN/TVAE DataTransformer).
    case sdv
    /// SynthCity's defaults and preprocessing (DataLoader label encoding, TabularEncoder).
    case synthcity
}
