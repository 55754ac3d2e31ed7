import Cedar

/// Which folders a principal's grants can allow an action on, read from one partial evaluation with the
/// resource unknown. Folder roles compile to `permit … when { resource.ancestor_ids.contains("<folder_id>") }`,
/// so the residual permits usually name the subtrees they reach; listing those subtrees instead of deciding
/// every folder of the environment is what keeps "what can this principal see" fast at 100,000 folders.
enum FolderReach: Equatable {
    /// The grants decide every folder alike (a Master Admin: all; no permit for the action: none).
    case every(allowed: Bool)
    /// Only folders at or below these folders (external ids) can be allowed. When `exact`, being there is
    /// enough: every residual is a permit whose only test is one `ancestor_ids.contains`, and nothing forbids.
    case within(Set<String>, exact: Bool)
    /// Some permit does not name a subtree (a custom policy on names, say), or a forbid is left beside a permit
    /// that reaches every folder: each folder is decided on its own.
    case undetermined

    /// - Parameters:
    ///   - partial: the grants evaluated with the resource unknown.
    ///   - folderType: the Cedar type of the folders asked about (`Cloudinary::Folder`).
    init(_ partial: PartialResponse, folderType: EntityType) {
        if let decision = partial.decision {
            self = .every(allowed: decision == .allow)
            return
        }
        // A permit that holds whatever the folder is (a global role's `resource is Cloudinary::Folder`) reaches
        // every folder; then only forbids can still hide some.
        var everyFolder = partial.satisfied.contains { $0.effect == .permit }
        var forbids = false
        var roots = Set<String>()
        var exact = true
        for policy in partial.residuals {
            guard let conjuncts = Self.conjuncts(of: policy) else {
                if policy.effect == .forbid { forbids = true } else { everyFolder = true; exact = false }
                continue
            }
            // A folder is no asset nor feature: statements on other types never hold for it.
            if conjuncts.contains(where: { Self.isOtherType($0, folderType: folderType) }) { continue }
            guard policy.effect == .permit else {
                forbids = true
                continue
            }
            if conjuncts.allSatisfy({ Self.isTrue($0, folderType: folderType) }) {
                everyFolder = true
                continue
            }
            // A conjunction holds only when each of its parts evaluates to true, so one named subtree bounds it.
            let named = conjuncts.compactMap(Self.ancestorID)
            guard let first = named.first else {
                // Some other test (a name, say) that any folder might pass.
                everyFolder = true
                exact = false
                continue
            }
            roots.insert(first)
            if named.count > 1 || !conjuncts.allSatisfy({ Self.ancestorID($0) != nil || Self.isTrue($0, folderType: folderType) }) {
                exact = false
            }
        }
        if everyFolder {
            self = forbids || !exact ? .undetermined : .every(allowed: true)
        } else {
            self = .within(roots, exact: exact && !forbids)
        }
    }

    /// The parts of a residual's `when` conditions joined by `&&`, or nil when an `unless` is left.
    static func conjuncts(of policy: Policy) -> [Expr]? {
        var out: [Expr] = []
        for condition in policy.conditions {
            guard condition.kind == .when else { return nil }
            flatten(condition.body, into: &out)
        }
        return out
    }

    private static func flatten(_ expr: Expr, into out: inout [Expr]) {
        if case let .and(left, right) = expr {
            flatten(left, into: &out)
            flatten(right, into: &out)
        } else {
            out.append(expr)
        }
    }

    /// `"<id>"` of `resource.ancestor_ids.contains("<id>")`.
    static func ancestorID(_ expr: Expr) -> String? {
        guard case let .binary(.contains, .getAttr(.variable(.resource), "ancestor_ids"), .literal(.string(id))) = expr else { return nil }
        return id
    }

    /// `resource is <another type>` or `resource == <an entity of another type>`: false for every folder, and
    /// without an error.
    static func isOtherType(_ expr: Expr, folderType: EntityType) -> Bool {
        switch expr {
        case let .isType(.variable(.resource), type, in: _): return type != folderType
        case let .binary(.eq, .variable(.resource), .literal(.entity(uid))): return uid.type != folderType
        default: return false
        }
    }

    /// Parts that are true for any folder the listing describes: `true` (the residualizer's boolean guard) and
    /// `resource is <folder type>`.
    static func isTrue(_ expr: Expr, folderType: EntityType) -> Bool {
        switch expr {
        case .literal(.bool(true)): return true
        case let .isType(.variable(.resource), type, in: nil): return type == folderType
        default: return false
        }
    }
}
