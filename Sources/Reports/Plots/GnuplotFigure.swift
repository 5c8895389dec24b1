/// One figure: `<name>.dat` (the numbers) and `<name>.gp` (the script that draws them).
package struct GnuplotFigure: Sendable {
    package let name: String
    package let title: String
    package let data: String
    package let script: String

    package init(name: String, title: String, data: String, script: String) {
        self.name = name; self.title = title; self.data = data; self.script = script
    }
}
