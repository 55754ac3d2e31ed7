/// One system policy held in one place: the unit in which the guard compares what principals hold.
/// System policies never name their principal, so holding the same policy in a covering scope allows
/// everything the grant allows.
public struct Grant: Sendable, Hashable, CustomStringConvertible {
    public enum Scope: Sendable, Hashable {
        case account
        case environment(String)
        case allEnvironments

        /// True when a policy held in `self` applies wherever it applies in `other`.
        func covers(_ other: Scope) -> Bool {
            switch (self, other) {
            case (.account, .account), (.allEnvironments, .allEnvironments), (.allEnvironments, .environment): true
            case (.environment(let a), .environment(let b)): a == b
            default: false
            }
        }

        var environmentID: String? {
            if case .environment(let id) = self { return id }
            return nil
        }
    }

    public var policyID: String
    public var scope: Scope
    /// The folder or collection of a content policy; nil for global policies.
    public var instance: ContentInstance?

    public init(policyID: String, scope: Scope, instance: ContentInstance? = nil) {
        self.policyID = policyID
        self.scope = scope
        self.instance = instance
    }

    public var description: String {
        let place: String
        switch scope {
        case .account: place = "the account"
        case .environment(let id): place = "product environment \(id)"
        case .allEnvironments: place = "all product environments"
        }
        let on = instance.map { " on \($0.kind == .folderID ? "folder" : "collection") \($0.id)" } ?? ""
        return "\(policyID)\(on) in \(place)"
    }
}
