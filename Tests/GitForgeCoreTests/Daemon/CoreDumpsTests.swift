import Foundation
import Testing
@testable import GitForgeCore

/// The detached resolver holds a token in memory: it must never be written to a core file.
struct CoreDumpsTests {
    /// In a child process (an exit test): disabling is irreversible, and the test runner must
    /// stay dumpable.
    @Test func disablingLeavesNoCoreLimitAndAProcessTheKernelWillNotDump() async {
        await #expect(processExitsWith: .success) {
            guard CoreDumps.isDumpable == true else { exit(2) }
            guard CoreDumps.disable() else { exit(3) }
            var limit = rlimit()
            guard getrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &limit) == 0,
                  limit.rlim_cur == 0, limit.rlim_max == 0 else { exit(4) }
            exit(CoreDumps.isDumpable == false ? 0 : 5)
        }
    }
}
