import SynthCore

/// A grid spec that cannot be used: a ``JSONPathError`` whose `path` is the JSON path of the offending key
/// (`methods[2]`, `params.gc.epochs`, `rows`) and whose `message` says what is wrong and what is allowed.
package typealias ExperimentSpecError = JSONPathError
