import ArgumentParser
import Harness
import Synthesizers

/// `--backend sdv|synthcity` everywhere: parsed, listed in the help and rejected with the allowed values by
/// ArgumentParser, from ``Backend``'s cases.
extension Backend: ExpressibleByArgument {}

/// `generate --backend` also takes the reference backends (`sdv-python`, `synthcity-python`).
extension GridBackend: ExpressibleByArgument {}
