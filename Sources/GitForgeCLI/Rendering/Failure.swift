import GitForgeCore

/// An error that reached the top, on the real context's stderr. Errors carry forge answers:
/// neutralised (`CommandContext.printError`).
func printError(_ text: String) {
    GitForge.context.printError(text)
}
