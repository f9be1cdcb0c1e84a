import Foundation
import GitForgeCore

/// Prints a value as the stable, pretty, key-sorted JSON that `--json` promises to scripts, with
/// C1 controls and bidirectional overrides escaped (`JSONText`): `jq -r` or a plain `cat` of it
/// must not hand a forge's escape sequences to a terminal.
func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let data = try encoder.encode(value)
    FileHandle.standardOutput.write(JSONText.escapingInvisibles(data) + Data("\n".utf8))
}
