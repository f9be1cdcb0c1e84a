import GRDB

// The checked columns read and bound as their enums (GRDB's `RawRepresentable` defaults): a
// `String` spelling never passes between the store and the code.
extension BacklogStatus: DatabaseValueConvertible {}
extension ReferenceKind: DatabaseValueConvertible {}
extension ReferenceRelation: DatabaseValueConvertible {}
extension ForgeLink.Via: DatabaseValueConvertible {}
