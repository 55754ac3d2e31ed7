extension StringProtocol {
    /// A value from the message, shortened for a rejection message: it goes to the error page and the
    /// audit log, and an attacker chooses its length.
    var clipped: String {
        count <= 120 ? String(self) : String(prefix(120)) + "…"
    }
}
