/// SynthBench's version, printed by `synthbench --version` and recorded in every run.
public enum SynthBenchVersion {
    public static let string = "0.1.0"
}
