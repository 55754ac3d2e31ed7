import Foundation
import GatehouseCore
import Testing

@Suite struct FolderRulesTests {
    @Test(arguments: ["Creative", "Creative/2026/Jan", "a b/c-d_e.f", "Ünïcode/日本", String(repeating: "x", count: 255)])
    func acceptsValidPaths(_ path: String) throws {
        #expect(try FolderRules.validate(path: path) == path)
    }

    @Test func trimsSurroundingWhitespace() throws {
        #expect(try FolderRules.validate(path: "  a/b \n") == "a/b")
    }

    @Test(arguments: [
        "", "   ", "/a", "a/", "a//b", "a/?/b", "a&b", "a#b", "a\\b", "100%", "<x>", "a:b", "a/./b", "a/../b", "a/ b",
        "tab\there", String(repeating: "x", count: 256),
    ])
    func refusesInvalidPaths(_ path: String) {
        #expect(throws: GatehouseError.self) { try FolderRules.validate(path: path) }
    }

    @Test func refusesTooDeepAndTooLongPaths() {
        let deep = (0...FolderRules.maxDepth).map { _ in "a" }.joined(separator: "/")
        #expect(throws: GatehouseError.self) { try FolderRules.validate(path: deep) }
        let long = (0..<20).map { _ in String(repeating: "y", count: 60) }.joined(separator: "/")
        #expect(throws: GatehouseError.self) { try FolderRules.validate(path: long) }
    }

    @Test func errorNamesTheWireField() {
        #expect(throws: GatehouseError.invalidField(field: "to_folder", reason: "must not start or end with a slash")) {
            try FolderRules.validate(path: "/x", field: "to_folder")
        }
    }

    @Test func cannotMoveIntoOwnSubtree() throws {
        #expect(throws: GatehouseError.self) { try FolderRules.ensureMovable(from: "a", to: "a/b") }
        try FolderRules.ensureMovable(from: "a", to: "ab")
        try FolderRules.ensureMovable(from: "a/b", to: "a")
    }

    @Test func pathArithmetic() {
        #expect(FolderPath.chain("a/b/c") == ["a", "a/b", "a/b/c"])
        #expect(FolderPath.parent(of: "a/b/c") == "a/b")
        #expect(FolderPath.parent(of: "a") == nil)
        #expect(FolderPath.name(of: "a/b/c") == "c")
        #expect(FolderPath.isWithin("a/b", "a") && FolderPath.isWithin("a", "a") && !FolderPath.isWithin("ab", "a"))
        #expect(FolderPath.rebase("a/b/c", from: "a/b", to: "x") == "x/c")
    }

    @Test func searchExpressionSubset() throws {
        let search = try FolderSearch.parse("name:jan AND path:Creative")
        #expect(search.terms.count == 2)
        let t = Date(timeIntervalSince1970: 0)
        let jan = Folder(externalID: "c1", environmentID: "e", name: "Jan", path: "Creative/2026/Jan", parentID: "p", createdAt: t, updatedAt: t)
        let feb = Folder(externalID: "c2", environmentID: "e", name: "Feb", path: "Creative/2026/Feb", parentID: "p", createdAt: t, updatedAt: t)
        let other = Folder(externalID: "c3", environmentID: "e", name: "Jan", path: "CreativeX/Jan", parentID: "q", createdAt: t, updatedAt: t)
        #expect(search.matches(jan) && !search.matches(feb) && !search.matches(other))
        #expect(try FolderSearch.parse("name=Ja").matches(jan) == false)
        #expect(try FolderSearch.parse("name=Ja*").matches(jan))
        #expect(try FolderSearch.parse("path=Creative/2026/Jan").matches(jan))
        #expect(try FolderSearch.parse("external_id=c2").matches(feb))
        #expect(try FolderSearch.parse("\"Jan\"").matches(jan))
        #expect(try FolderSearch.parse(nil).terms.isEmpty)
        for bad in ["name:a OR name:b", "NOT name:a", "created_at>1d", "(name:a)", "name:\"open"] {
            #expect(throws: GatehouseError.self, "\(bad)") { try FolderSearch.parse(bad) }
        }
    }

    @Test func folderRoleChangeShape() throws {
        let key = Principal(type: .apiKey, id: "123")
        try FolderRoleChange(principal: key, operation: .add, roleIDs: ["cld::role::folder::viewer"]).validate()
        #expect(throws: GatehouseError.self) {
            try FolderRoleChange(principal: key, operation: .add, roleIDs: (0..<11).map { "r\($0)" }).validate()
        }
        #expect(throws: GatehouseError.self) { try FolderRoleChange(principal: key, operation: .add, roleIDs: []).validate() }
        #expect(throws: GatehouseError.self) {
            try FolderRoleChange(principal: Principal(type: .provisioningKey, id: "k"), operation: .add, roleIDs: ["r"]).validate()
        }
    }
}
