import ArgumentParser

/// How a bench prints its figures: an aligned table, or with `--json` one line of JSON (``printJSON``).
struct BenchOutputOptions: ParsableArguments {
    @Flag(help: "Print one JSON object instead of a table.") var json = false
}
