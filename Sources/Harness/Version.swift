/// SynthBench's version, printed by `synthbench --version` and recorded in every run.
package enum SynthBenchVersion {
    package static let string = "0.1.0"
}
