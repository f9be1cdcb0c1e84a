import Foundation
import GitForgeCore

/// Prints a value as `--json`'s stable JSON, on the process's stdout (`CommandContext.printJSON`).
func printJSON<T: Encodable>(_ value: T) throws {
    try GitForge.context.printJSON(value)
}
