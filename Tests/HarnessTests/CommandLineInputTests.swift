import Foundation
import Testing
import SynthTestSupport

/// Audit 15: command-line values a user gets wrong are usage errors (exit 64) that name the option and the
/// value, raised before any data is read or output written.
@Suite struct CommandLineInputTests {
    func run(_ arguments: [String]) throws -> SynthBenchBinary.Output {
        let dir = try SynthBenchBinary.temporaryDirectory("cli-input")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = try SynthBenchBinary.run(arguments + (arguments.first == "generate" ? ["--out", dir.appendingPathComponent("out").path] : []),
                                           in: dir)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path), "\(arguments): output written")
        return out
    }

    /// `message` is the whole error line, or its start with `wholeLine: false`.
    func expectUsageError(_ arguments: [String], _ message: String, wholeLine: Bool = true) throws {
        let out = try run(arguments)
        #expect(out.status == 64, "\(arguments): status \(out.status), \(out.stderr)")
        #expect(out.stderr.hasPrefix("Error: \(message)\(wholeLine ? "\n" : "")"), "\(arguments): \(out.stderr)")
    }

    /// A negative number after an option is its value, not an unknown option ("Missing value for '--rows'").
    @Test func negativeNumbersReachTheirOption() throws {
        let generate = ["generate", "--dataset", "penguins", "--method", "gc"]
        try expectUsageError(generate + ["--rows", "-5"], "--rows must be at least 1, got -5")
        try expectUsageError(generate + ["--seed", "-1"], "The value '-1' is invalid for '--seed <seed>'")
        try expectUsageError(generate + ["--holdout", "-0.2"], "--holdout must be in [0, 1), got -0.2")
        try expectUsageError(["run", "experiments/quickstart.json", "--jobs", "-2"], "--jobs must be at least 1, got -2")
        try expectUsageError(["run", "experiments/quickstart.json", "--timeout", "-1"], "--timeout must be 0 (none) or a positive number of seconds")
        try expectUsageError(generate + ["--eval-cap", "-1"], "--eval-cap must be 0 (every row) or a positive row count, got -1")
        try expectUsageError(generate + ["--blas-threads", "-1"], "--blas-threads must be at least 1, got -1")
        // Negative control: the `=` form always reached the option, with the same message.
        try expectUsageError(generate + ["--rows=-5"], "--rows must be at least 1, got -5")
    }

    @Test func dpAndFederatedParseErrorsNameTheOption() throws {
        let generate = ["generate", "--dataset", "penguins", "--method", "dpgan"]
        try expectUsageError(generate + ["--dp", "epsilon=-1"], "--dp epsilon=-1: epsilon=-1.0: must be positive and finite")
        try expectUsageError(generate + ["--dp", "delta=1e-5"], "--dp delta=1e-5: epsilon is required (epsilon=E)")
        try expectUsageError(generate + ["--dp", "epsilon"], "--dp epsilon: write epsilon=E[,delta=D][,public_preprocessing=true]")
        try expectUsageError(generate + ["--federated", "clients=0,rounds=1"], "--federated clients=0,rounds=1: clients=0: must be at least 1")
        try expectUsageError(generate + ["--federated", "clients=2"], "--federated clients=2: rounds is required (rounds=R)")
    }

    @Test func optionsThatNeedAnotherSaySoWithTheirCommandsUsage() throws {
        let out = try run(["generate", "--dataset", "penguins", "--param", "epochs=2"])
        #expect(out.status == 64)
        #expect(out.stderr.hasPrefix("Error: --param needs --method (parameters belong to one method)\n"), "\(out.stderr)")
        #expect(out.stderr.contains("Usage: synthbench generate"), "\(out.stderr)")
        try expectUsageError(["evaluate", "--real", "penguins", "--metadata", "meta.json", "--synthetic", "s.csv"],
                             "--metadata applies to a CSV file given as --real; 'penguins' is no file, so it names a registered dataset, whose metadata comes from its manifest")
        try expectUsageError(["evaluate", "--real", "penguins", "--synthetic", "s.csv", "--suite", "sdmetric"],
                             "--suite 'sdmetric' is unknown; allowed: payload, sdmetrics, stats, membership, distance, detection, c2st, fidelity, performance, anonymity, pii, anonymeter, shadow")
        try expectUsageError(["report", "results/x/run-1", "--compare", "results/x/../x/run-1/"],
                             "--compare names the run directory itself; give another run (e.g. the baseline backend's run)")
        // --json is checked before anything is read: a directory there, or a file where its folder belongs.
        let dir = try SynthBenchBinary.temporaryDirectory("evaluate-json")
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data().write(to: dir.appendingPathComponent("afile"))
        let intoDirectory = try SynthBenchBinary.run(["evaluate", "--real", "penguins", "--synthetic", "s.csv", "--json", "."], in: dir)
        #expect(intoDirectory.status != 0 && intoDirectory.stderr.hasPrefix("Error: --json . is a directory; give the path of the JSON file to write\n"),
                "\(intoDirectory.stderr)")
        let underFile = try SynthBenchBinary.run(["evaluate", "--real", "penguins", "--synthetic", "s.csv", "--json", "afile/r.json"], in: dir)
        #expect(underFile.status == 1 && underFile.stderr.contains("afile: it is an existing file, not a directory") && !underFile.stderr.contains("s.csv"),
                "\(underFile.stderr)")
        // Negative control: a valid evaluate gets past validation to the missing synthetic file (exit 1).
        let missing = try run(["evaluate", "--real", "penguins", "--synthetic", "s.csv", "--suite", "sdmetrics"])
        #expect(missing.status == 1 && missing.stderr.contains("s.csv"), "\(missing.stderr)")
    }

    /// Audit 15b: a usage error raised while a subcommand runs (not while it parses) prints that command's
    /// usage, not the root's (`Usage: synthbench <subcommand>`).
    @Test func usageErrorsAtRunTimePrintTheFailingCommandsUsage() throws {
        let dir = try SynthBenchBinary.temporaryDirectory("run-time-usage")
        defer { try? FileManager.default.removeItem(at: dir) }
        let bundle = dir.appendingPathComponent("run")
        try FileManager.default.createDirectory(at: bundle, withIntermediateDirectories: true)
        try Data("a,b\n1,2\n".utf8).write(to: bundle.appendingPathComponent("synthetic.csv"))
        let cases: [([String], String, String)] = [
            (["export", "run", "--format", "csv", "--encrypt"], "--encrypt needs a key", "export"),
            (["export", "run", "--format", "zip", "--out", "run/r.zip"], "is inside the directory being bundled", "export"),
            (["decrypt", "x.enc"], "decrypt needs a key", "decrypt"),
        ]
        for (arguments, message, command) in cases {
            let out = try SynthBenchBinary.run(arguments, in: dir, unsetting: ["SYNTHBENCH_ENCRYPTION_KEY"])
            #expect(out.status == 64 && out.stderr.hasPrefix("Error: ") && out.stderr.contains(message), "\(arguments): \(out.stderr)")
            #expect(out.stderr.contains("\nUsage: synthbench \(command) ") && out.stderr.hasSuffix("\n  See 'synthbench \(command) --help' for more information.\n"),
                    "\(arguments): \(out.stderr)")
            #expect(!out.stderr.contains("<subcommand>"), "\(arguments): \(out.stderr)")
        }
        // A nested command names its whole path.
        let show = try SynthBenchBinary.run(["datasets", "show", "penguins", "--data", "x.csv"], in: dir)
        #expect(show.status == 64 && show.stderr.contains("\nUsage: synthbench datasets show ") && show.stderr.contains("See 'synthbench datasets show --help'"),
                "\(show.stderr)")
        // Negative controls: an error that is no usage error prints no usage (exit 1), and a parse-time error
        // prints its command's usage as ArgumentParser always did.
        let failure = try SynthBenchBinary.run(["decrypt", "x.enc"], in: dir, environment: ["SYNTHBENCH_ENCRYPTION_KEY": Data(count: 32).base64EncodedString()])
        #expect(failure.status == 1 && failure.stderr.hasPrefix("Error: ") && !failure.stderr.contains("Usage:"), "\(failure.stderr)")
        let parse = try SynthBenchBinary.run(["export", "run"], in: dir)
        #expect(parse.status == 64 && parse.stderr.contains("Usage: synthbench export "), "\(parse.stderr)")
    }

    /// Audit 15b: a method or parameter the method rejects is a usage error of `generate` (exit 64, before
    /// anything is read or written) with the method's own message; a near miss of a method or dataset name
    /// is named.
    @Test func methodAndParameterErrorsAreUsageErrorsWithAHint() throws {
        let generate = ["generate", "--dataset", "penguins"]
        try expectUsageError(generate + ["--method", "ctgan", "--param", "epoch=3"],
                             "method 'ctgan' has no parameter 'epoch' (did you mean 'epochs'?); parameters: epochs, batch_size,", wholeLine: false)
        try expectUsageError(generate + ["--method", "ctgan", "--param", "epochs=-3"],
                             "method 'ctgan': parameter epochs=-3 is invalid: must be in 1...1000000", wholeLine: false)
        try expectUsageError(generate + ["--method", "ctgan", "--param", "epochs"],
                             "method 'ctgan': parameter epochs= is invalid: write KEY=VALUE", wholeLine: false)
        try expectUsageError(generate + ["--method", "ctgann"], "unknown method 'ctgann' (did you mean 'ctgan'?); available: gc (sdv), ", wholeLine: false)
        try expectUsageError(generate + ["--method", "Gaussian-Copulas"], "unknown method 'Gaussian-Copulas' (did you mean 'gaussian_copula'?)", wholeLine: false)
        try expectUsageError(generate + ["--method", "gc", "--dp", "epsilon=1"], "DP was requested but method 'gc' gives no differential-privacy guarantee", wholeLine: false)
        try expectUsageError(["bench", "ddpm", "--param", "sample_step=10"], "method 'ddpm' has no parameter 'sample_step' (did you mean 'sample_steps'?)", wholeLine: false)
        try expectUsageError(generate + ["--method", "gc", "--param", "zzz=1"], "method 'gc' has no parameter 'zzz'; parameters: default_distribution, ", wholeLine: false)
        let typo = try run(generate + ["--method", "ctgann"])
        #expect(typo.stderr.contains("\nUsage: synthbench generate "), "\(typo.stderr)")
        // Far from every name: no suggestion, the list alone.
        try expectUsageError(generate + ["--method", "xgboost"], "unknown method 'xgboost'; available: gc (sdv), ", wholeLine: false)
        // An unknown dataset is a usage error too, found in the registry before anything is loaded (it was exit 1).
        let unknown = "unknown dataset 'penguin' (did you mean 'penguins'?); available: "
        try expectUsageError(["generate", "--dataset", "penguin", "--method", "gc"], unknown, wholeLine: false)
        try expectUsageError(["evaluate", "--real", "penguin", "--synthetic", "s.csv"], unknown, wholeLine: false)
        // Negative control: a valid method and parameter get past the check and run.
        let dir = try SynthBenchBinary.temporaryDirectory("param-ok")
        defer { try? FileManager.default.removeItem(at: dir) }
        let ok = try SynthBenchBinary.run(generate + ["--method", "gc", "--param", "default_distribution=norm", "--rows", "20", "--suite", "payload",
                                                      "--out", dir.appendingPathComponent("out").path], in: dir)
        #expect(ok.status == 0, "\(ok.stderr)")
    }

    /// `bench` subcommands that take a dataset name refuse an unknown one as `generate` does: exit 64, the
    /// registry's message and the subcommand's usage (they exited 1 when the data was loaded).
    @Test func benchRefusesAnUnknownDatasetAsGenerateDoes() throws {
        let unknown = "unknown dataset 'penguin' (did you mean 'penguins'?); available: "
        let cases: [[String]] = [["bench", "encoders", "penguin"], ["bench", "copula", "penguin"], ["bench", "ctgan", "penguin"],
                                 ["bench", "tvae", "penguin"], ["bench", "ddpm", "penguin"], ["bench", "privacy", "penguin"],
                                 ["bench", "scale", "--dataset", "penguin", "--sizes", "10"]]
        for arguments in cases {
            try expectUsageError(arguments, unknown, wholeLine: false)
            let out = try run(arguments)
            #expect(out.stderr.contains("\nUsage: synthbench bench \(arguments[1]) "), "\(arguments): \(out.stderr)")
        }
        // Negative control: a registered dataset gets past the check and the bench runs (wine: penguins has missing
        // values, which the encoders' SynthCity flavour refuses).
        let ok = try run(["bench", "encoders", "wine", "--repeats", "1", "--json"])
        #expect(ok.status == 0 && ok.stdout.contains("\"encoders\""), "\(ok.stderr)")
    }

    /// Audit 15b: a bad quasi-identifier is named with the option as the user wrote it (a grid spec's key:
    /// QuasiIdentifierSpecTests).
    @Test func aBadQuasiIdentifierIsNamedWithTheOption() throws {
        let dir = try SynthBenchBinary.temporaryDirectory("qi-option")
        defer { try? FileManager.default.removeItem(at: dir) }
        // A usage error (exit 64, the command's usage line), found once the metadata is read (it was exit 1).
        let message = "option --quasi-identifiers = nope is invalid: expected a compared column (species, island, "
        let qi = try SynthBenchBinary.run(["generate", "--dataset", "penguins", "--method", "gc", "--suite", "anonymity",
                                           "--quasi-identifiers", "island,nope", "--out", dir.appendingPathComponent("o").path], in: dir)
        #expect(qi.status == 64 && qi.stderr.hasPrefix("Error: " + message) && !qi.stderr.contains("quasi_identifiers"), "\(qi.stderr)")
        #expect(qi.stderr.contains("\nUsage: synthbench generate "), "\(qi.stderr)")
        let evaluate = try SynthBenchBinary.run(["evaluate", "--real", "penguins", "--synthetic", "s.csv", "--suite", "anonymity",
                                                 "--quasi-identifiers", "nope"], in: dir)
        #expect(evaluate.status == 64 && evaluate.stderr.hasPrefix("Error: " + message), "\(evaluate.stderr)")
        #expect(evaluate.stderr.contains("\nUsage: synthbench evaluate "), "\(evaluate.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("o").path))
        // Control: a failure after the same point that is not the declaration's stays a run-time error (exit 1): the
        // synthetic file is missing.
        let missing = try SynthBenchBinary.run(["evaluate", "--real", "penguins", "--synthetic", "s.csv", "--suite", "anonymity",
                                                "--quasi-identifiers", "island"], in: dir)
        #expect(missing.status == 1 && missing.stderr.contains("s.csv"), "\(missing.stderr)")
    }

    /// A bad generalisation of a quasi-identifier, or a value its hierarchy file lacks, is a usage error too
    /// (exit 64), found before fitting (`generate`) or evaluating (`evaluate`, on the real and synthetic tables).
    @Test func aBadGeneralisationIsAUsageError() throws {
        let dir = try SynthBenchBinary.temporaryDirectory("qi-rule")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.copyItem(at: RepositoryPaths.datasets.appendingPathComponent("penguins.csv"), to: dir.appendingPathComponent("s.csv"))
        try Data("Biscoe;south\nDream;north\n".utf8).write(to: dir.appendingPathComponent("islands.csv"))
        let interval = try SynthBenchBinary.run(["generate", "--dataset", "penguins", "--method", "gc", "--suite", "anonymity",
                                                 "--quasi-identifiers", "sex,island:interval=10", "--out", dir.appendingPathComponent("o").path], in: dir)
        #expect(interval.status == 64 && interval.stderr.hasPrefix("Error: option --quasi-identifiers = island:interval=10 is invalid: expected a rule for the column's sdtype: interval applies to numerical columns, 'island' is categorical"), "\(interval.stderr)")
        #expect(interval.stderr.contains("\nUsage: synthbench generate "), "\(interval.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("o").path))
        let evaluate = ["evaluate", "--real", "penguins", "--synthetic", "s.csv", "--suite", "anonymity", "--quasi-identifiers"]
        let absent = try SynthBenchBinary.run(evaluate + ["sex,island:hierarchy=islands.csv@1"], in: dir)
        #expect(absent.status == 64 && absent.stderr.hasPrefix("Error: option --quasi-identifiers = island:hierarchy=islands.csv@1 is invalid: expected a hierarchy listing every value: 'Torgersen' of the real table is not in islands.csv"), "\(absent.stderr)")
        #expect(absent.stderr.contains("\nUsage: synthbench evaluate "), "\(absent.stderr)")
        // Control: with Torgersen listed the same command runs, and the JSON says what the classes were formed on.
        try Data("Biscoe;south\nDream;north\nTorgersen;north\n".utf8).write(to: dir.appendingPathComponent("islands.csv"))
        let ok = try SynthBenchBinary.run(evaluate + ["sex,island:hierarchy=islands.csv@1,body_mass_g:interval=500", "--json", "r.json"], in: dir)
        #expect(ok.status == 0, "\(ok.stderr)")
        let json = (try? String(contentsOf: dir.appendingPathComponent("r.json"), encoding: .utf8)) ?? ""
        #expect(json.contains("hierarchy=islands.csv@1") && json.contains("interval=500"), "\(json.prefix(400))")
    }

    /// Audit 15b: a metadata file that is not there is named and said to be missing (it was Foundation's
    /// "The operation could not be completed. The file doesn't exist.").
    @Test func aMissingMetadataFileIsNamedAsMissing() throws {
        let dir = try SynthBenchBinary.temporaryDirectory("missing-metadata")
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("island,mass\nDream,3750\nBiscoe,3800\nDream,4100\nTorgersen,3900\n".utf8).write(to: dir.appendingPathComponent("birds.csv"))
        let metadata = dir.appendingPathComponent("meta.json").path
        for command in [["generate", "--data", "birds.csv", "--metadata", "meta.json", "--method", "gc", "--out", "o"],
                        ["evaluate", "--real", "birds.csv", "--metadata", "meta.json", "--synthetic", "birds.csv"]] {
            let missing = try SynthBenchBinary.run(command, in: dir)
            #expect(missing.status == 1 && missing.stderr.contains("metadata file \(metadata): cannot read the file: No such file or directory (ENOENT)"),
                    "\(command): \(missing.stderr)")
            #expect(!missing.stderr.contains("could not be completed"), "\(missing.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("o").path))
        // Negative control: once the file is there it is read.
        try Data(#"{"columns": {"mass": {"sdtype": "numerical"}}}"#.utf8).write(to: URL(fileURLWithPath: metadata))
        let present = try SynthBenchBinary.run(["datasets", "show", "--data", "birds.csv", "--metadata", "meta.json"], in: dir)
        #expect(present.status == 0, "\(present.stderr)")
    }

    /// `datasets show --data FILE`: a user's file as `generate --data` reads it, so a column read as text is
    /// seen (and warned about) before a run; with `--metadata` as declared.
    @Test func datasetsShowReadsAFileAsGenerateDoes() throws {
        let dir = try SynthBenchBinary.temporaryDirectory("show-file")
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("island,mass\nDream,\"3750\"\nBiscoe,\"3800\"\nDream,\"4100\"\n".utf8).write(to: dir.appendingPathComponent("birds.csv"))
        try Data(#"{"columns": {"mass": {"sdtype": "numerical"}}}"#.utf8).write(to: dir.appendingPathComponent("meta.json"))
        func columnLine(_ stdout: String) -> String? {
            stdout.split(separator: "\n").first { $0.hasPrefix("mass ") }.map { $0.split(separator: " ").joined(separator: " ") }
        }
        let text = try SynthBenchBinary.run(["datasets", "show", "--data", "birds.csv"], in: dir)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.hasPrefix("birds: birds.csv\nrows:        3\ncolumns:     2\n"), "\(text.stdout)")
        #expect(columnLine(text.stdout) == "mass categorical 0 3 categorical categorical label discrete", "\(text.stdout)")
        #expect(text.stderr.hasPrefix("warning: birds.csv: column \"mass\": every value is a quoted number"), "\(text.stderr)")
        let declared = try SynthBenchBinary.run(["datasets", "show", "--data", "birds.csv", "--metadata", "meta.json"], in: dir)
        #expect(declared.status == 0 && declared.stderr.isEmpty, "\(declared.stderr)")
        #expect(columnLine(declared.stdout) == "mass integer 0 3 numerical integer label discrete", "\(declared.stdout)")
        let both = try SynthBenchBinary.run(["datasets", "show", "penguins", "--data", "birds.csv"], in: dir)
        #expect(both.status == 64 && both.stderr.hasPrefix("Error: give exactly one of a dataset NAME or --data FILE\n"), "\(both.stderr)")
        // The same refusal for a file that is not comma-separated, in show and in export.
        try Data("island;mass\nDream;3750\n".utf8).write(to: dir.appendingPathComponent("semi.csv"))
        for command in [["datasets", "show", "--data", "semi.csv"], ["export", "semi.csv", "--format", "json"]] {
            let semi = try SynthBenchBinary.run(command, in: dir)
            #expect(semi.status == 1 && semi.stderr.contains("semi.csv:1: the header reads as one column, \"island;mass\": the file looks ';'-separated"),
                    "\(command): \(semi.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("semi.json").path))
        // Negative control: a registered dataset shows as before, manifest lines included.
        let penguins = try SynthBenchBinary.run(["datasets", "show", "penguins"], in: dir)
        #expect(penguins.status == 0 && penguins.stdout.hasPrefix("penguins: ") && penguins.stdout.contains("\nsource:      "), "\(penguins.stdout)")
    }

    /// `run SPEC --out DIR` into someone's folder used to write cells/, results.csv and the rest among its files.
    @Test func runRefusesAFolderThatHoldsNoRun() throws {
        let dir = try SynthBenchBinary.temporaryDirectory("run-out")
        defer { try? FileManager.default.removeItem(at: dir) }
        let spec = dir.appendingPathComponent("grid.json"), folder = dir.appendingPathComponent("mine")
        try Data(#"{"name": "g", "datasets": ["penguins"], "methods": ["uniform"], "backends": ["sdv"], "seeds": [0], "rows": 20, "suites": [], "jobs": 1}"#.utf8).write(to: spec)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("a,b\n1,2\n".utf8).write(to: folder.appendingPathComponent("results.csv"))
        let refused = try SynthBenchBinary.run(["run", spec.path, "--out", folder.path], in: dir)
        #expect(refused.status == 1 && refused.stderr.hasPrefix("Error: cannot check \(folder.path): it holds other files (results.csv) and no run (no spec.json, no cells/); give a new or empty directory: --out names the run directory itself"),
                "\(refused.stderr)")
        #expect(try String(contentsOf: folder.appendingPathComponent("results.csv"), encoding: .utf8) == "a,b\n1,2\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["results.csv"])
        // Negative control: a run directory with a note beside the run resumes as before.
        let run = dir.appendingPathComponent("run")
        let first = try SynthBenchBinary.run(["run", spec.path, "--out", run.path], in: dir)
        #expect(first.status == 0, "\(first.stderr)")
        try Data("my notes\n".utf8).write(to: run.appendingPathComponent("notes.md"))
        let again = try SynthBenchBinary.run(["run", spec.path, "--out", run.path], in: dir)
        #expect(again.status == 0 && again.stdout.contains("1 of 1 cells have results (0 run now, 1 from before"), "\(again.stdout) \(again.stderr)")
    }

    /// docs/runner.md says the spec's `thresholds` is "the threshold file `synthbench check` uses"; check
    /// required --thresholds regardless. Now it defaults to the path the run's spec.json records.
    @Test func checkDefaultsToTheThresholdFileTheSpecNames() throws {
        let run = try RunFixture.write([RunFixture.cell(quality: 0.8)])
        defer { RunFixture.remove(run) }
        let strict = run.appendingPathComponent("../strict.json"), loose = run.appendingPathComponent("../loose.json")
        try Data(#"{"quality": {"min": 0.9}}"#.utf8).write(to: strict)
        try Data(#"{"quality": {"min": 0.5}}"#.utf8).write(to: loose)
        try Data(#"{"name": "fixture", "thresholds": "\#(strict.standardizedFileURL.path)"}"#.utf8).write(to: run.appendingPathComponent("spec.json"))
        let named = try SynthBenchBinary.run(["check", run.path], in: run)
        #expect(named.status == 1 && named.stdout.contains("quality = 0.8 < min 0.9"), "\(named.stdout) \(named.stderr)")
        // Negative control: --thresholds still wins.
        let given = try SynthBenchBinary.run(["check", run.path, "--thresholds", loose.path], in: run)
        #expect(given.status == 0 && given.stdout.hasPrefix("PASS"), "\(given.stdout) \(given.stderr)")
        try Data(#"{"name": "fixture", "thresholds": null}"#.utf8).write(to: run.appendingPathComponent("spec.json"))
        let none = try SynthBenchBinary.run(["check", run.path], in: run)
        #expect(none.status == 2 && none.stderr == "error: give --thresholds FILE: the run's grid spec names no threshold file (\(run.path)/spec.json: thresholds is null)\n",
                "\(none.stderr)")
    }
}
