/// Cloud names appear in every delivery URL: lowercase letters, digits, `-` and `_`, unique server-wide.
public enum CloudNameRule {
    public static let allowedLength = 2...64

    public static func validated(_ raw: String) throws(GatehouseError) -> String {
        let name = raw.trimmingCharacters(in: .whitespaces)
        guard allowedLength.contains(name.count) else {
            throw .invalidField(field: "cloud_name", reason: "must be 2 to 64 characters")
        }
        guard name.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }),
              let first = name.unicodeScalars.first, ("a"..."z").contains(first)
        else {
            throw .invalidField(
                field: "cloud_name",
                reason: "must start with a lowercase letter and hold only lowercase letters, digits, '-' and '_'")
        }
        return name
    }

    public static func ensureAvailable(_ cloudName: String, exceptID: String? = nil, in store: any StoreReader) throws {
        if let other = try store.environment(cloudName: cloudName), other.id != exceptID {
            throw GatehouseError.conflict("Cloud name \(cloudName) is already taken")
        }
    }
}

import Foundation
