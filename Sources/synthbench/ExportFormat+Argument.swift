import ArgumentParser
import Exports

/// `--format` and `--dialect`: parsed, listed in the help and rejected with the allowed values by
/// ArgumentParser, from the cases.
extension ExportFormat: ExpressibleByArgument {}
extension SQLDialect: ExpressibleByArgument {}
