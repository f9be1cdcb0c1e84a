/// The walk's seen-set: every commit it has queued, so a commit reached through several children
/// (merges) is read and stored once. It is the one thing an ingest holds for the whole history,
/// so it is kept compact: ids packed at 20 bytes in open-addressed tables that grow by half, not
/// double, and in 256 shards, so a growth copies one shard, never the whole set at once.
/// At most 3/4 full and at least 1/2 after growing: 27–40 bytes a commit (a `Set<ObjectID>`: 24-byte
/// slots, 3/8–3/4 full, 32–64 bytes, and 50% more while it rehashes).
struct SeenCommits {
    private var shards = [Shard](repeating: Shard(), count: 256)

    /// Whether `id` was not in the set (and now is).
    mutating func insert(_ id: ObjectID) -> Bool {
        let (high, middle, low) = id.words
        return shards[Int(high >> 56)].insert(high, middle, low)
    }

    var count: Int { shards.reduce(0) { $0 + $1.count + ($1.hasZero ? 1 : 0) } }

    /// Bytes held by the tables.
    var footprint: Int { shards.reduce(0) { $0 + $1.capacity * 20 } }

    /// One open-addressed table with linear probing. Ids are SHA-1 hashes, so their own bits
    /// place them; the shard's top byte is the same for all, the next bits pick the slot.
    /// The all-zero id marks an empty slot, so it is kept aside.
    private struct Shard {
        var highs: [UInt64] = []
        var middles: [UInt64] = []
        var lows: [UInt32] = []
        var count = 0
        var hasZero = false
        var capacity: Int { highs.count }

        mutating func insert(_ high: UInt64, _ middle: UInt64, _ low: UInt32) -> Bool {
            if high == 0, middle == 0, low == 0 {
                defer { hasZero = true }
                return !hasZero
            }
            if (count + 1) * 4 > capacity * 3 { grow() }
            var slot = Self.slot(high, capacity)
            while true {
                let h = highs[slot]
                if h == 0, middles[slot] == 0, lows[slot] == 0 { break }
                if h == high, middles[slot] == middle, lows[slot] == low { return false }
                slot += 1
                if slot == capacity { slot = 0 }
            }
            highs[slot] = high
            middles[slot] = middle
            lows[slot] = low
            count += 1
            return true
        }

        /// The bits below the shard's byte, scaled to the capacity (which need not be a power of two).
        @inline(__always)
        private static func slot(_ high: UInt64, _ capacity: Int) -> Int {
            Int((high << 8).multipliedFullWidth(by: UInt64(capacity)).high)
        }

        private mutating func grow() {
            let newCapacity = max(16, capacity + capacity / 2)
            let (oldHighs, oldMiddles, oldLows) = (highs, middles, lows)
            highs = [UInt64](repeating: 0, count: newCapacity)
            middles = [UInt64](repeating: 0, count: newCapacity)
            lows = [UInt32](repeating: 0, count: newCapacity)
            for i in oldHighs.indices {
                let h = oldHighs[i], m = oldMiddles[i], l = oldLows[i]
                if h == 0, m == 0, l == 0 { continue }
                var slot = Self.slot(h, newCapacity)
                while highs[slot] != 0 || middles[slot] != 0 || lows[slot] != 0 {
                    slot += 1
                    if slot == newCapacity { slot = 0 }
                }
                highs[slot] = h
                middles[slot] = m
                lows[slot] = l
            }
        }
    }
}
