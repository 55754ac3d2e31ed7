import GatehouseCore
import Testing

/// Rule 6, "paths compare as they are split": one notion of a segment (bytes between `/` scalars, NFC text)
/// for splitting, prefixes and the store's subtree range.
@Suite struct FolderPathTests {
    /// `x/` + U+0301 + `y`: Swift's `Character` view sees `x`, `/́`, `y` (no slash), bytes see `x` / `́y`.
    static let accented = "x/\u{301}y"

    @Test func slashBeforeACombiningMarkSplits() throws {
        #expect(FolderPath.segments(Self.accented) == ["x", "\u{301}y"])
        #expect(FolderPath.parent(of: Self.accented) == "x")
        #expect(FolderPath.name(of: Self.accented) == "\u{301}y")
        #expect(FolderPath.chain(Self.accented) == ["x", Self.accented])
        #expect(FolderPath.isWithin(Self.accented, "x"))
        #expect(FolderPath.rebase(Self.accented, from: "x", to: "z") == "z/\u{301}y")
        let path = try FolderRules.validate(path: Self.accented)
        #expect(FolderPath.segments(path).count == 2)
    }

    @Test func prefixesAreWholeSegments() {
        #expect(!FolderPath.isWithin("x\u{301}", "x"))
        #expect(!FolderPath.isWithin("xy/z", "x"))
        #expect(FolderPath.isWithin("x", "x") && FolderPath.isWithin("x/y/z", "x/y"))
        #expect(FolderPath.rebase("xy/z", from: "x", to: "q") == "xy/z")
    }

    @Test func pathsAreStoredInNFC() throws {
        // "é" spelled decomposed and precomposed is one path.
        #expect(try FolderRules.validate(path: "Caf\u{65}\u{301}/a") == "Caf\u{e9}/a")
        #expect(Array(try FolderRules.validate(path: "Caf\u{65}\u{301}").utf8) == Array("Caf\u{e9}".utf8))
    }

    @Test func forbiddenCharactersAreFoundUnderCombiningMarks() {
        #expect(throws: GatehouseError.self) { try FolderRules.validate(path: "a?\u{301}b") }
        #expect(throws: GatehouseError.self) { try FolderRules.validate(path: "/\u{301}x") }
    }
}
