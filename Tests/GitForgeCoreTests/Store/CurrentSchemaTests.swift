import Foundation
import GRDB
import Testing
@testable import GitForgeCore

/// A new store is made in one step (`CurrentSchema`); it must be the store the migrations make,
/// object for object, with every migration recorded as applied.
struct CurrentSchemaTests {
    private func objects(_ queue: DatabaseQueue) throws -> [String] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")
                .map { "\($0[0] as String) \($0[1] as String) on \($0[2] as String):\n\($0[3] as String? ?? "(automatic)")" }
        }
    }

    private func rows(_ queue: DatabaseQueue, _ sql: String) throws -> [String] {
        try queue.read { db in try Row.fetchAll(db, sql: sql).map(\.description) }
    }

    @Test func aNewStoreIsTheMigratedStore() throws {
        let migrated = try DatabaseQueue()
        try Migrations.migrator.migrate(migrated)
        let direct = try DatabaseQueue()
        try direct.writeWithoutTransaction { try CurrentSchema.create($0) }

        let expected = try objects(migrated), made = try objects(direct)
        #expect(expected.count > 20, "every table, index and trigger")
        let missing = expected.filter { !made.contains($0) }, extra = made.filter { !expected.contains($0) }
        #expect(missing.isEmpty && extra.isEmpty && made.count == expected.count, """
            CurrentSchema differs from the migrations. As the migrations make them:
            \(missing.joined(separator: "\n"))
            As CurrentSchema makes them:
            \(extra.joined(separator: "\n"))
            """)
        for sql in ["SELECT * FROM forge_ref_counts ORDER BY status", "SELECT identifier FROM grdb_migrations ORDER BY 1"] {
            #expect(try rows(direct, sql) == rows(migrated, sql), "\(sql)")
        }
        #expect(try direct.read { try Migrations.migrator.hasCompletedMigrations($0) })
    }
}
