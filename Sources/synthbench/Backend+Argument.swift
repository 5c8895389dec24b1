import ArgumentParser
import Synthesizers

/// `--backend sdv|synthcity` everywhere: parsed, listed in the help and rejected with the allowed values by
/// ArgumentParser, from ``Backend``'s cases.
extension Backend: ExpressibleByArgument {}
