import GRDB
import Testing
@testable import GitForgeCore

/// `pr`, `issue` and `prs` must cost what they show, not what the history holds: every statement
/// they run finds its rows through an index, on the schema migrations build.
struct ItemQueryPlanTests {
    @Test(arguments: ItemSQL.all)
    func noStatementScansATable(sql: String) throws {
        let store = try ForgeStore.inMemory()
        let plan = try store.read { db in
            // Placeholders bound to a value of the column's type, as the queries bind them.
            let arguments = StatementArguments(Array(repeating: "x", count: sql.filter { $0 == "?" }.count))
            return try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
        }
        #expect(!plan.isEmpty)
        for step in plan {
            #expect(!step.hasPrefix("SCAN"), "\(step) in \(sql)")
            // A search of the item cache on a prefix of its key reads every item of the repository
            if step.contains("forge_items") { #expect(step.contains("number=?"), "\(step) in \(sql)") }
        }
    }
}
