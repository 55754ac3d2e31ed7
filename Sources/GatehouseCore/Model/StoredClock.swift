import Foundation

extension Date {
    /// Now, to the whole millisecond the stores keep. An answer written from the value in memory (a created
    /// role's `created_at`) then says what a later read of the stored value says: with sub-millisecond digits,
    /// a time just before a second's end was stored rounded into the next second.
    public static func storedNow() -> Date {
        Date(timeIntervalSince1970: (Date().timeIntervalSince1970 * 1000).rounded(.down) / 1000)
    }
}
