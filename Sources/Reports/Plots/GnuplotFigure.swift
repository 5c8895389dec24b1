/// One figure: `<name>.dat` (the numbers) and `<name>.gp` (the script that draws them).
public struct GnuplotFigure: Sendable {
    public let name: String
    public let title: String
    public let data: String
    public let script: String

    public init(name: String, title: String, data: String, script: String) {
        self.name = name; self.title = title; self.data = data; self.script = script
    }
}
