import ArgumentParser
import SynthNN

extension MatrixPrecision: ExpressibleByArgument {}
