import Foundation
import Testing

/// `--backend` is parsed from ``Backend``'s cases by the argument parser, in every command that takes it.
@Suite struct BackendOptionTests {
    let cli = ReportCommandTests()

    /// `generate` also takes the reference backends (docs/reference-backends.md); `bench` the flavours only.
    @Test(arguments: [(["generate", "--dataset", "penguins", "--out", "/nonexistent/out"], "sdv, synthcity, sdv-python, synthcity-python"),
                      (["bench", "ctgan"], "sdv, synthcity")])
    func unknownBackendsAreRejectedWithTheAllowedValues(command: [String], values: String) throws {
        let bad = try cli.synthbench(command + ["--backend", "sdgym"])
        #expect(bad.status == 64, "\(bad.stderr)")
        #expect(bad.stderr.contains("sdgym") && bad.stderr.contains("'sdv'") && bad.stderr.contains("'synthcity'"), "\(bad.stderr)")
        // Negative control: the help lists the values the parser accepts.
        let help = try cli.synthbench(command.prefix(command[0] == "bench" ? 2 : 1) + ["--help"])
        #expect(help.status == 0)
        let text = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")   // unwrapped
        #expect(text.contains("--backend <backend>") && text.contains("(values: \(values); default: sdv)"), "\(help.stdout)")
    }

    @Test func benchKeepsFlavourAsAHiddenAlias() throws {
        let bad = try cli.synthbench(["bench", "tvae", "--flavour", "sdgym"])
        #expect(bad.status == 64 && bad.stderr.contains("sdgym"), "\(bad.stderr)")
        let help = try cli.synthbench(["bench", "tvae", "--help"])
        #expect(!help.stdout.contains("--flavour"), "\(help.stdout)")
    }
}
