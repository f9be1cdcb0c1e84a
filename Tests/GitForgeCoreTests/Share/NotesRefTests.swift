import Foundation
import Testing
import GitForgeTestSupport
@testable import GitForgeCore

/// Notes trees as git forge writes them: git's fanout, read by git itself, incremental, merged.
struct NotesRefTests {
    private func notes(_ count: Int, salt: String = "") -> [String: [UInt8]] {
        var notes: [String: [UInt8]] = [:]
        for n in 0..<count {
            let key = SharedRecord.key(identity: "note \(n)")
            notes[key] = Array("note \(n)\(salt)\n".utf8)
        }
        return notes
    }

    @Test func aLargeTreeFansOutAndGitReadsEveryNote() throws {
        let fixture = try GitFixture()
        let repo = try Repository.open(at: fixture.path)
        let ref = NotesRef(repository: repo, name: "refs/notes/test")

        let update = try ref.write(notes(600), message: "test")

        #expect(update.notes == 600 && update.written == 600 && update.changed)
        let top = try fixture.git("ls-tree", "refs/notes/test").split(separator: "\n")
        // One level of 2-hex directories, as git's notes code writes a tree this size
        #expect(top.allSatisfy { $0.contains(" tree ") && $0.split(separator: "\t").last!.count == 2 })
        #expect(try fixture.git("notes", "--ref=test", "list").split(separator: "\n").count == 600)
        let key = SharedRecord.key(identity: "note 5")
        #expect(try fixture.git("cat-file", "-p", "refs/notes/test:\(key.prefix(2))/\(key.dropFirst(2))") == "note 5")
    }

    @Test func oneChangedNoteWritesItsBlobAndTheTreesAboveIt() throws {
        let fixture = try GitFixture()
        let repo = try Repository.open(at: fixture.path)
        let ref = NotesRef(repository: repo, name: "refs/notes/test")
        var all = notes(600)
        _ = try ref.write(all, message: "first")
        let key = SharedRecord.key(identity: "note 7")
        all[key] = Array("changed\n".utf8)

        let update = try ref.write(all, message: "second")

        #expect(update.written == 1 && update.changed)
        // The new commit, its root tree, one directory and one blob: nothing else is new
        let new = try fixture.git("rev-list", "--objects", "refs/notes/test", "^refs/notes/test~1").split(separator: "\n")
        #expect(new.count == 4)
        // Writing the same notes again makes no commit
        #expect(try ref.write(all, message: "third").changed == false)
        #expect(try fixture.git("rev-list", "--count", "refs/notes/test") == "2")
    }

    @Test func divergedRefsMergeIntoTheUnionWithoutLosingEitherSide() throws {
        let fixture = try GitFixture()
        let repo = try Repository.open(at: fixture.path)
        let ours = NotesRef(repository: repo, name: "refs/notes/ours")
        let theirs = NotesRef(repository: repo, name: "refs/notes/theirs")
        let base = notes(10)
        _ = try ours.write(base, message: "base")
        try fixture.git("update-ref", "refs/notes/theirs", "refs/notes/ours")
        let shared = SharedRecord.key(identity: "note 3")
        var mine = base, yours = base
        mine[SharedRecord.key(identity: "mine")] = Array("mine\n".utf8)
        yours[SharedRecord.key(identity: "yours")] = Array("yours\n".utf8)
        mine[shared] = Array("a\n".utf8)
        yours[shared] = Array("b\n".utf8)
        _ = try ours.write(mine, message: "mine")
        _ = try theirs.write(yours, message: "yours")

        let merged = try ours.merge(repo.referenceTarget("refs/notes/theirs")!, message: "merge") { _, a, b in
            a.lexicographicallyPrecedes(b)
        }

        #expect(merged.changed)
        let tip = try repo.readNotes(commit: repo.referenceTarget("refs/notes/ours")!)
        #expect(tip.tree.entries.count == 12)
        #expect(try fixture.git("cat-file", "-p", "refs/notes/ours:\(shared)") == "b")
        #expect(try fixture.git("rev-list", "--parents", "-1", "refs/notes/ours").split(separator: " ").count == 3)
        // Merging again, or merging an ancestor, changes nothing
        #expect(try ours.merge(repo.referenceTarget("refs/notes/theirs")!, message: "again") { _, _, _ in true }.changed == false)
    }
}
