/// Shape limits for user-supplied names and lists, in one place so every entry point agrees.
public enum FieldRules {
    public static let maxNameLength = 255
    /// Cloudinary caps id/email/cloud-name filters at 100 values.
    public static let maxFilterValues = 100

    public static func name(_ raw: String, field: String = "name") throws(GatehouseError) -> String {
        let name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw .invalidField(field: field, reason: "must not be empty") }
        guard name.count <= maxNameLength else {
            throw .invalidField(field: field, reason: "must be at most \(maxNameLength) characters")
        }
        return name
    }

    /// A name that may be left empty (nil then).
    public static func optionalName(_ raw: String, field: String) throws(GatehouseError) -> String? {
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : try name(trimmed, field: field)
    }

    public static func filterValues(_ values: [String], field: String) throws(GatehouseError) -> [String] {
        guard values.count <= maxFilterValues else {
            throw .invalidField(field: field, reason: "accepts at most \(maxFilterValues) values, got \(values.count)")
        }
        return values
    }
}

import Foundation
